import 'server-only';
import type { LeaseReading } from '@/lib/etcd/leases';
import type { EtcdReader } from '@/lib/etcd/reader';
import type { LeaseStore } from '@/lib/sampler/lease-store';
import type { ReadFailure } from '@/lib/shared/contract';
import { errorCodeOf, publicError } from '@/lib/shared/errors';

// TimeToLive for many leases at once, through the sampler's reader (a worker thread, a few reads
// in flight). Each lease gets its own outcome, so one lease that cannot be read (refused, timed
// out, gone between the list and the read) never costs the others their reading.

/** One lease's read: a reading, gone (TTL -1), or failed with a reason. */
export type Outcome = { id: string } & (
  { reading: LeaseReading } | { gone: true } | { failure: ReadFailure }
);

/** Reads each lease; one lease's failure is that lease's outcome, never the others'. */
export async function readLeases(
  reader: EtcdReader,
  ids: string[],
  options: { withKeys: (id: string) => boolean },
): Promise<Outcome[]> {
  const outcomes = await reader.read(ids, options.withKeys);
  return outcomes.map((outcome): Outcome => {
    if (!('error' in outcome)) return outcome;
    const { id, error } = outcome;
    const code = errorCodeOf(error);
    if (code === 'lease_not_found') return { id, gone: true };
    return { id, failure: { ...publicError(error), at: Date.now() } };
  });
}

/**
 * Hands a batch of outcomes to the store. A failure is said once in the server's log per new
 * reason, not once a second: returns the reason now reported (`reported` is the last one).
 */
export function applyOutcomes(
  store: LeaseStore,
  outcomes: Outcome[],
  goneAt: number,
  reported: string | null,
): string | null {
  for (const outcome of outcomes) {
    if ('reading' in outcome) store.read(outcome.reading);
    else if ('gone' in outcome) store.gone(outcome.id, goneAt);
    else store.readFailed(outcome.id, outcome.failure);
  }
  const failed = outcomes.find((o) => 'failure' in o);
  const reason = failed && 'failure' in failed ? failed.failure.text : null;
  if (reason && reason !== reported)
    console.error(`lease sampler: reading lease ${failed?.id} failed: ${reason}`);
  return reason;
}
