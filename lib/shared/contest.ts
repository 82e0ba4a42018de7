// The lock and election scenarios' timeline, from successive readings of the contenders (in
// create-revision order: the first holds the lock or leads). Pure: two readings in, what changed
// between them out, in words.
import type { ContestEntry, ContestState } from '@/lib/shared/contract-actions';

/** How the lease of a contender that left ended, as the dashboard saw it. */
export type LeaseEnd = 'expired' | 'revoked' | 'unknown';

const ORDINALS = ['1st', '2nd', '3rd'];
const place = (i: number) => ORDINALS[i] ?? `${i + 1}th`;

/** What changed from `before` to `after` (null before the first reading). */
export function contestChanges(
  kind: ContestState['kind'],
  before: ContestEntry[] | null,
  after: ContestEntry[],
  endOf: (lease: string) => LeaseEnd,
): string[] {
  const out: string[] = [];
  const had = new Set((before ?? []).map((e) => e.lease));
  const has = new Set(after.map((e) => e.lease));
  for (const e of before ?? []) {
    if (has.has(e.lease)) continue;
    const end = endOf(e.lease);
    out.push(
      end === 'expired'
        ? `${e.who}'s lease expired: etcd deleted its key`
        : end === 'revoked'
          ? `${e.who}'s lease was revoked: etcd deleted its key`
          : `${e.who}'s key is gone`,
    );
  }
  const first = after[0];
  if (first && first.lease !== before?.[0]?.lease)
    out.push(
      kind === 'lock'
        ? `${first.who} holds the lock`
        : `The observer sees a new leader: ${first.who} (proposal "${first.value}")`,
    );
  after.forEach((e, i) => {
    if (i === 0 || had.has(e.lease)) return;
    out.push(
      kind === 'lock'
        ? `${e.who} waits for the lock (${place(i)} in line)`
        : `${e.who} campaigns (${place(i)} in line)`,
    );
  });
  return out;
}
