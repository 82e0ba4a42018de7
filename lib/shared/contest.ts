// The lock and election scenarios' timeline, from successive readings of the contenders (in
// create-revision order: the first holds the lock or leads). Pure: two readings in, what changed
// between them out, as sentences for every language (messages/*.json, "contest.timeline").
import type { ContestEntry, ContestState } from '@/lib/shared/contract-actions';
import type { Message, MessageValue } from '@/lib/shared/contract-events';
import { english } from '@/lib/shared/english';
import { message, render } from '@/lib/shared/i18n';

/** How the lease of a contender that left ended, as the dashboard saw it. */
export type LeaseEnd = 'expired' | 'revoked' | 'unknown';

/**
 * What changed from `before` to `after` (null before the first reading). `who` names a contender
 * in the sentences: its name, or a phrase for a contender the scenario does not run.
 */
export function contestMessages(
  kind: ContestState['kind'],
  before: ContestEntry[] | null,
  after: ContestEntry[],
  endOf: (lease: string) => LeaseEnd,
  who: (entry: ContestEntry) => MessageValue = (e) => e.who,
): Message[] {
  const out: Message[] = [];
  const had = new Set((before ?? []).map((e) => e.lease));
  const has = new Set(after.map((e) => e.lease));
  for (const e of before ?? []) {
    if (has.has(e.lease)) continue;
    const end = endOf(e.lease);
    out.push(
      message(
        end === 'expired'
          ? 'contest.timeline.leaseExpired'
          : end === 'revoked'
            ? 'contest.timeline.leaseRevoked'
            : 'contest.timeline.keyGone',
        { who: who(e) },
      ),
    );
  }
  const first = after[0];
  if (first && first.lease !== before?.[0]?.lease)
    out.push(
      kind === 'lock'
        ? message('contest.timeline.holdsLock', { who: who(first) })
        : message('contest.timeline.newLeader', { who: who(first), value: first.value }),
    );
  after.forEach((e, i) => {
    if (i === 0 || had.has(e.lease)) return;
    const values = { who: who(e), place: i + 1 };
    out.push(
      message(
        kind === 'lock' ? 'contest.timeline.waitsForLock' : 'contest.timeline.campaigns',
        values,
      ),
    );
  });
  return out;
}

/** The same in English words. */
export function contestChanges(
  kind: ContestState['kind'],
  before: ContestEntry[] | null,
  after: ContestEntry[],
  endOf: (lease: string) => LeaseEnd,
): string[] {
  return contestMessages(kind, before, after, endOf).map((m) => render(english, m));
}
