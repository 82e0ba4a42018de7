import { describe, expect, it } from 'vitest';
import {
  DEFAULT_QUERY,
  firstLeases,
  leaseQueryParams,
  matchesQuery,
  parseLeaseQuery,
  sortLeases,
  summarize,
} from '@/lib/shared/lease-query';
import type { AliveLease, ExpiredLease, LeaseView, RevokedLease } from '@/lib/shared/contract';

const NOW = 1_000_000_000;
const lease = (id: string, over: Partial<AliveLease> = {}): AliveLease => ({
  id: id.padStart(16, '0'),
  grantedTTL: 60,
  ttl: 60,
  keys: [],
  unwatchedKeyCount: 0,
  keysHidden: null,
  status: 'alive',
  readAt: NOW,
  firstSeenAt: NOW,
  keepAlive: null,
  readFailure: null,
  ...over,
  keyCount: over.keys?.length ?? 0,
});
const gone = (
  id: string,
  goneAt: number,
  how: { status: 'expired' } | { status: 'revoked'; revokedBy: RevokedLease['revokedBy'] },
  deletedKeys: string[] = [],
): ExpiredLease | RevokedLease => ({
  id: id.padStart(16, '0'),
  grantedTTL: 60,
  readAt: goneAt - 1000,
  firstSeenAt: NOW,
  keepAlive: null,
  goneAt,
  deletedKeys,
  deletedKeyCount: deletedKeys.length,
  ...how,
});

describe('lease query', () => {
  it('fills in the defaults, and writes only what differs from them', () => {
    const parsed = parseLeaseQuery(new URLSearchParams('key=/svc/&id=0xAB'));
    expect(parsed).toEqual({ ok: true, query: { ...DEFAULT_QUERY, key: '/svc/', id: 'ab' } });
    if (parsed.ok) expect(leaseQueryParams(parsed.query)).toBe('id=ab&key=%2Fsvc%2F');
    expect(leaseQueryParams(DEFAULT_QUERY)).toBe('');
  });

  it('sorts alive leases by when they expire (not by the TTL last read), gone ones after', () => {
    const leases = [
      lease('a', { ttl: 30, readAt: NOW }), // expires at NOW + 30 s
      lease('b', { ttl: 25, readAt: NOW - 10_000 }), // read 10 s ago: expires at NOW + 15 s
      gone('c', NOW - 5000, { status: 'expired' }),
      gone('d', NOW - 1000, { status: 'revoked', revokedBy: 'other-client' }),
      lease('e', { ttl: 100, firstSeenAt: NOW + 1 }),
    ];
    const ids = (sort: 'expiry' | 'newest' | 'id') =>
      sortLeases(leases, sort).map((l) => l.id.replace(/^0+/, ''));
    expect(ids('expiry')).toEqual(['b', 'a', 'e', 'd', 'c']);
    // a and b were first seen at once: b, the higher ID, etcd granted later.
    expect(ids('newest')).toEqual(['e', 'b', 'a', 'd', 'c']);
    expect(ids('id')).toEqual(['a', 'b', 'e', 'c', 'd']);
  });

  it('picks the first page without sorting everything, exactly as the full sort orders it', () => {
    const leases: LeaseView[] = [];
    for (let i = 0; i < 3000; i++) {
      const id = (i * 7919).toString(16);
      if (i % 10 === 0) leases.push(gone(id, NOW - (i % 97) * 1000, { status: 'expired' }));
      else if (i % 10 === 1)
        leases.push({
          status: 'unread',
          id: id.padStart(16, '0'),
          firstSeenAt: NOW,
          keepAlive: null,
          readFailure: null,
        });
      // many equal expiry times, so the IDs break the ties
      else leases.push(lease(id, { ttl: i % 50, readAt: NOW, firstSeenAt: NOW - (i % 13) }));
    }
    // IDs rise with i: in reverse, ties are met in the opposite order to the IDs that break them.
    for (const order of [leases, [...leases].reverse()])
      for (const sort of ['expiry', 'newest', 'id'] as const)
        for (const n of [1, 50, 500, 2990])
          expect(firstLeases(order, sort, n).map((l) => l.id)).toEqual(
            sortLeases(leases, sort)
              .slice(0, n)
              .map((l) => l.id),
          );
  });

  it('matches part of an ID, and a key prefix among current and deleted keys', () => {
    const l: LeaseView = lease('694d9a1b', { keys: ['/svc/a'] });
    const expired = gone('694d9a1c', NOW, { status: 'expired' }, ['/old/b']);
    expect(matchesQuery(l, { id: '9a1', key: '' })).toBe(true);
    expect(matchesQuery(l, { id: 'ff', key: '' })).toBe(false);
    expect(matchesQuery(l, { id: '', key: '/svc/' })).toBe(true);
    expect(matchesQuery(l, { id: '', key: '/old/' })).toBe(false);
    expect(matchesQuery(expired, { id: '', key: '/old/' })).toBe(true);
    expect(matchesQuery(expired, { id: '', key: '/svc/' })).toBe(false);
    expect(matchesQuery(l, { id: '', key: '/other/' })).toBe(false);
  });

  it('counts alive, expiring soon and gone, and buckets remaining TTLs by the clock', () => {
    const leases = [
      lease('1', { ttl: 5 }),
      lease('2', { ttl: 20, readAt: NOW - 12_000 }), // 8 s left now
      lease('3', { ttl: 45 }),
      lease('4', { ttl: 30_000 }),
      gone('5', NOW, { status: 'expired' }),
    ];
    const summary = summarize(leases, NOW, { expired: 7, revoked: 2 });
    expect(summary).toMatchObject({
      alive: 4,
      expiringSoon: 2,
      expiredLastMinute: 7,
      revokedLastMinute: 2,
    });
    const count = (label: string) => summary.histogram.find((b) => b.label === label)?.count;
    expect(count('< 10s')).toBe(2);
    expect(count('30s-1m')).toBe(1);
    expect(count('> 6h')).toBe(1);
    // JSON has no Infinity: the last bucket's open end is null, and survives a round trip.
    expect(JSON.parse(JSON.stringify(summary.histogram.at(-1)))).toMatchObject({ to: null });
  });
});
