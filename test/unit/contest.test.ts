import { describe, expect, it } from 'vitest';
import { contestChanges } from '@/lib/shared/contest';
import type { ContestEntry } from '@/lib/shared/contract-actions';

const entry = (who: string, value = ''): ContestEntry => ({
  lease: `lease-${who}`,
  key: `/lock/${who}`,
  value,
  who,
});

describe('contestChanges', () => {
  it('names the first holder and the waiters of a lock in line order', () => {
    expect(
      contestChanges('lock', null, [entry('w1'), entry('w2'), entry('w3')], () => 'unknown'),
    ).toEqual([
      'w1 holds the lock',
      'w2 waits for the lock (2nd in line)',
      'w3 waits for the lock (3rd in line)',
    ]);
  });

  it('says how a holder left and who holds after it', () => {
    const before = [entry('w1'), entry('w2')];
    expect(contestChanges('lock', before, [entry('w2')], () => 'expired')).toEqual([
      "w1's lease expired: etcd deleted its key",
      'w2 holds the lock',
    ]);
    expect(contestChanges('lock', before, [entry('w2')], () => 'revoked')[0]).toBe(
      "w1's lease was revoked: etcd deleted its key",
    );
  });

  it('reports a new leader as the observer sees it, and nothing when nothing changed', () => {
    const before = [entry('alice', 'alice'), entry('bob', 'bob')];
    expect(contestChanges('election', before, [entry('bob', 'bob')], () => 'expired')).toEqual([
      "alice's lease expired: etcd deleted its key",
      'The observer sees a new leader: bob (proposal "bob")',
    ]);
    expect(contestChanges('election', before, before, () => 'unknown')).toEqual([]);
  });
});
