import { describe, expect, it } from 'vitest';
import { FOCUS_READ_MS, MAX_FOCUSED, NEAR_EXPIRY_S, QuickReads } from '@/lib/sampler/quick-reads';
import type { AliveLease, LeaseView } from '@/lib/shared/contract';

// What is read between rounds: leases about to expire, and leases in focus whose reading has aged.

const NOW = 1_700_000_000_000;

const alive = (id: string, over: Partial<AliveLease> = {}): AliveLease => ({
  id,
  grantedTTL: 600,
  ttl: 600,
  keys: [],
  keyCount: 0,
  unwatchedKeyCount: 0,
  keysHidden: null,
  status: 'alive',
  readAt: NOW,
  firstSeenAt: NOW,
  keepAlive: null,
  readFailure: null,
  ...over,
});

const leases = (...views: LeaseView[]) => {
  const byId = new Map(views.map((v) => [v.id, v]));
  return (id: string) => byId.get(id) ?? null;
};

describe('quick reads', () => {
  it('re-reads the leases the round saw near expiry once under NEAR_EXPIRY_S is left', () => {
    const quick = new QuickReads();
    quick.expiringSoon = ['a', 'b', 'gone'];
    const seen = leases(
      alive('a', { ttl: NEAR_EXPIRY_S + 1, readAt: NOW }),
      alive('b', { ttl: 10, readAt: NOW }),
    );
    expect(quick.due(NOW, seen)).toEqual([]);
    expect(quick.due(NOW + 1500, seen)).toEqual(['a']);
  });

  it('reads a lease in focus whenever its reading is FOCUS_READ_MS old, while in focus', () => {
    const quick = new QuickReads();
    quick.focused('f', NOW + 3000);
    const seen = leases(alive('f', { readAt: NOW }), alive('other', { readAt: NOW - 60_000 }));
    expect(quick.due(NOW + FOCUS_READ_MS - 1, seen)).toEqual([]);
    expect(quick.due(NOW + FOCUS_READ_MS, seen)).toEqual(['f']);
    // Out of focus, only the rounds read it.
    expect(quick.due(NOW + 3000, seen)).toEqual([]);
    expect(quick.due(NOW + 2000, seen)).toEqual([]);
  });

  it('reads each lease once, even near expiry and in focus; never one not read yet or gone', () => {
    const quick = new QuickReads();
    quick.expiringSoon = ['a'];
    for (const id of ['a', 'unread', 'gone']) quick.focused(id, NOW + 3000);
    const seen = leases(alive('a', { ttl: 1, readAt: NOW - 1000 }), {
      status: 'unread',
      id: 'unread',
      firstSeenAt: NOW,
      keepAlive: null,
      readFailure: null,
    });
    expect(quick.due(NOW, seen)).toEqual(['a']);
  });

  it(`keeps at most ${MAX_FOCUSED} leases in focus, dropping the one focused longest ago`, () => {
    const quick = new QuickReads();
    const ids = Array.from({ length: MAX_FOCUSED + 1 }, (_, i) => `l${i}`);
    ids.forEach((id) => quick.focused(id, NOW + 3000));
    quick.focused('l0', NOW + 3000); // l0 again: now l1 is the oldest
    quick.focused('new', NOW + 3000);
    const due = quick.due(NOW + FOCUS_READ_MS, leases(...[...ids, 'new'].map((id) => alive(id))));
    expect(due).toHaveLength(MAX_FOCUSED);
    expect(due).toContain('l0');
    expect(due).toContain('new');
    expect(due).not.toContain('l1');
    expect(due).not.toContain('l2');
  });
});
