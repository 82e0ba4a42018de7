import 'server-only';
import { readLease, type LeaseReading } from '@/lib/etcd/leases';
import type { ReadFailure } from '@/lib/shared/contract';
import { errorCodeOf, publicError } from '@/lib/shared/errors';
import { mapLimit } from '@/lib/sampler/map-limit';

// TimeToLive for many leases at once, a few in flight. Each lease gets its own outcome, so one
// lease that cannot be read (refused, timed out, gone between the list and the read) never costs
// the others their reading.

/** How many reads are in flight at once: more did not make rounds faster, and slowed the API. */
const READ_CONCURRENCY = 16;

/** One lease's read: a reading, gone (TTL -1), or failed with a reason. */
export type Outcome = { id: string } & (
  { reading: LeaseReading } | { gone: true } | { failure: ReadFailure }
);

/** Reads each lease; one lease's failure is that lease's outcome, never the others'. */
export function readLeases(
  ids: string[],
  options: { withKeys: (id: string) => boolean },
): Promise<Outcome[]> {
  const { withKeys } = options;
  return mapLimit(ids, READ_CONCURRENCY, async (id): Promise<Outcome> => {
    try {
      const reading = await readLease(id, withKeys(id));
      return reading ? { id, reading } : { id, gone: true };
    } catch (err) {
      const code = errorCodeOf(err);
      if (code === 'lease_not_found') return { id, gone: true };
      const { message } = publicError(err);
      return { id, failure: { code: code ?? 'internal', message, at: Date.now() } };
    }
  });
}
