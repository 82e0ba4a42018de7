import { describe, expect, it } from 'vitest';
import { FOCUS_READ_MS, NEAR_EXPIRY_S, QuickReads } from '@/lib/sampler/quick-reads';
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
    expect(quick.due(NOW, seen, [])).toEqual([]);
    expect(quick.due(NOW + 1500, seen, [])).toEqual(['a']);
  });

  it('reads a lease in focus whenever its reading is FOCUS_READ_MS old, while in focus', () => {
    const quick = new QuickReads();
    const seen = leases(alive('f', { readAt: NOW }), alive('other', { readAt: NOW - 60_000 }));
    expect(quick.due(NOW + FOCUS_READ_MS - 1, seen, ['f'])).toEqual([]);
    expect(quick.due(NOW + FOCUS_READ_MS, seen, ['f'])).toEqual(['f']);
    // Out of focus (./viewers.test.ts: when a focus runs out), only the rounds read it.
    expect(quick.due(NOW + 2000, seen, [])).toEqual([]);
  });

  it('reads each lease once, even near expiry and in focus; never one not read yet or gone', () => {
    const quick = new QuickReads();
    quick.expiringSoon = ['a'];
    const seen = leases(alive('a', { ttl: 1, readAt: NOW - 1000 }), {
      status: 'unread',
      id: 'unread',
      firstSeenAt: NOW,
      keepAlive: null,
      readFailure: null,
    });
    expect(quick.due(NOW, seen, ['a', 'unread', 'gone'])).toEqual(['a']);
  });
});
