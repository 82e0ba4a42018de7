import { beforeEach, describe, expect, it } from 'vitest';
import type { LeaseReading } from '@/lib/etcd/leases';
import type { NewEvent } from '@/lib/events/event-log';
import { GONE_RETENTION_MS, LeaseStore } from '@/lib/sampler/lease-store';
import { OwnActions } from '@/lib/sampler/own-actions';
import { HEAVY_KEYS_EVERY_MS, wantsKeys } from '@/lib/sampler/read-planner';
import { asIs } from '@/lib/shared/errors';
import { say } from '@/lib/shared/english';

// The lease state machine without etcd: readings and failures in, views and events out.

const T0 = 1_700_000_000_000;
const ID = '694d9a1b2c3d4e5f';

const reading = (over: Partial<LeaseReading> = {}): LeaseReading => ({
  id: ID,
  grantedTTL: 10,
  ttl: 10,
  keys: ['/service/self'],
  keysHidden: null,
  readAt: T0,
  raftTerm: 2,
  ...over,
});

let events: NewEvent[];
let departures: { at: number; expired: boolean }[];
let own: OwnActions;
let store: LeaseStore;

beforeEach(() => {
  events = [];
  departures = [];
  own = new OwnActions();
  store = new LeaseStore({
    log: (event) => events.push(event),
    own,
    departed: (at, expired) => departures.push({ at, expired }),
  });
});

const texts = () => events.map((e) => e.text);
/** A LeaseLeases answer of `ids` (every one of them passed as new: the store skips known ones). */
const listing = (s: LeaseStore, ids: string[], at: number) => s.listing(new Set(ids), ids, at);

describe('the lease store', () => {
  it('shows a lease from its first reading; only leases new after the first round are news', () => {
    store.read(reading());
    expect(store.lease(ID)).toMatchObject({ status: 'alive', ttl: 10, keys: ['/service/self'] });
    expect(events).toEqual([]);

    store.settle(T0);
    store.read(reading({ id: '0000000000000002', readAt: T0 + 1000 }));
    expect(texts()).toEqual([
      'Lease 0000000000000002 granted by another client with TTL 10 s (10 s left when first seen)',
    ]);

    own.grantedHere('0000000000000003');
    store.read(reading({ id: '0000000000000003', readAt: T0 + 2000 }));
    expect(events).toHaveLength(1);
  });

  it('lists leases as not read yet before their first reading; only those listed later are news', () => {
    listing(store, ['0000000000000001', '0000000000000002'], T0);
    store.settle(T0);
    expect(store.lease('0000000000000001')).toMatchObject({ status: 'unread', readFailure: null });
    // Read a minute later (100,000 leases take a while): it was there before, not news.
    store.read(reading({ id: '0000000000000001', readAt: T0 + 60_000 }));
    expect(store.lease('0000000000000001')).toMatchObject({ status: 'alive', firstSeenAt: T0 });
    listing(store, ['0000000000000001', '0000000000000002', '0000000000000003'], T0 + 61_000);
    store.read(reading({ id: '0000000000000003', readAt: T0 + 61_500 }));
    expect(texts()).toEqual([expect.stringMatching(/^Lease 0000000000000003 granted by another/)]);
    // The one never read and no longer listed is dropped without a word.
    listing(store, ['0000000000000001', '0000000000000003'], T0 + 62_000);
    expect(store.lease('0000000000000002')).toBeNull();
    expect(events).toHaveLength(1);
  });

  it('shows a lease etcd still lists after its time ran out as expired, not alive, not failed', () => {
    // First read when its time has already run out (etcd revokes at most ~1,000 a second).
    listing(store, [ID], T0);
    store.read(reading({ ttl: -1, readAt: T0 + 100 }));
    expect(store.lease(ID)).toMatchObject({
      status: 'expired',
      grantedTTL: 10,
      deletedKeys: ['/service/self'],
    });
    expect(texts()).toEqual([expect.stringMatching(/^Lease 694d9a1b2c3d4e5f expired/)]);
    // Still listed next round: stays expired, and is not news again.
    listing(store, [ID], T0 + 1000);
    expect(store.lease(ID)?.status).toBe('expired');
    expect(events).toHaveLength(1);

    // Read alive 8 s before its end by our reading, then etcd says its time ran out: expired, not
    // "revoked by another client" (a renewal we did not see moved the end).
    const other = '0000000000000009';
    store.read(reading({ id: other, ttl: 10, readAt: T0 }));
    store.read(reading({ id: other, ttl: -2, readAt: T0 + 2000 }));
    expect(store.lease(other)).toMatchObject({ status: 'expired' });
  });

  it('knows which lease each key is on, so a delete without previous values names it', () => {
    store.read(reading({ keys: ['/a', '/b'] }));
    expect(store.leaseOfKey('/a')).toBe(ID);
    store.editKey(ID, '/a', false, T0 + 10);
    expect(store.leaseOfKey('/a')).toBeUndefined();
    // After the lease goes, its keys still name it until etcd's deletes arrive or it is forgotten.
    store.gone(ID, T0 + 9500);
    expect(store.leaseOfKey('/b')).toBe(ID);
    store.keyDeleted('/b');
    expect(store.leaseOfKey('/b')).toBeUndefined();
    store.read(reading({ id: '0000000000000002', keys: ['/c'] }));
    store.gone('0000000000000002', T0 + 9800);
    store.prune(T0 + 9800 + GONE_RETENTION_MS + 1);
    expect(store.leaseOfKey('/c')).toBeUndefined();
  });

  it('counts the keys outside the watched prefixes', () => {
    const scoped = new LeaseStore({
      log: () => undefined,
      own,
      departed: () => undefined,
      watched: (key) => key.startsWith('/services/'),
    });
    scoped.read(reading({ keys: ['/services/web/1', '/registry/events/x'] }));
    expect(scoped.lease(ID)).toMatchObject({ keyCount: 2, unwatchedKeyCount: 1 });
    scoped.editKey(ID, '/other', true, T0 + 1);
    scoped.editKey(ID, '/other', true, T0 + 2); // heard twice: counted once
    expect(scoped.lease(ID)).toMatchObject({ keyCount: 3, unwatchedKeyCount: 2 });
    expect(store.lease(ID)).toBeNull();
    store.read(reading({ keys: ['/anything'] }));
    expect(store.lease(ID)).toMatchObject({ unwatchedKeyCount: 0 });
  });

  it("tells another client's renewal from the dashboard's own, and from etcd's refresh", () => {
    store.read(reading());
    store.read(reading({ ttl: 4, readAt: T0 + 6000 }));
    store.read(reading({ ttl: 10, readAt: T0 + 7000 }));
    expect(texts()).toEqual([`Lease ${ID} renewed by another client: remaining TTL 3 s -> 10 s`]);

    store.read(reading({ ttl: 5, readAt: T0 + 12_000 }));
    own.renewedHere(ID, T0 + 12_500);
    store.read(reading({ ttl: 10, readAt: T0 + 13_000 }));
    expect(events).toHaveLength(1);

    store.read(reading({ ttl: 2, readAt: T0 + 21_000 }));
    store.read(reading({ ttl: 10, readAt: T0 + 22_000, raftTerm: 3 }));
    expect(texts()[1]).toMatch(/^Lease 694d9a1b2c3d4e5f refreshed by etcd, not renewed/);
  });

  it("takes the dashboard's renewal as a reading from when it was sent, and no reading from before it", () => {
    store.read(reading({ ttl: 4, readAt: T0 + 6000 }));
    own.renewedHere(ID, T0 + 7000);
    store.renewed(ID, T0 + 7000, T0 + 7040, 10);
    expect(store.lease(ID)).toMatchObject({ status: 'alive', ttl: 10, readAt: T0 + 7000 });
    // A TimeToLive sent before the renewal, answered after it, says nothing new.
    store.read(reading({ ttl: 3, readAt: T0 + 6900 }));
    expect(store.lease(ID)).toMatchObject({ ttl: 10, readAt: T0 + 7000 });
    // A renewal sent before the last reading does not take that reading's place.
    store.read(reading({ ttl: 9, readAt: T0 + 8000 }));
    store.renewed(ID, T0 + 7500, T0 + 8100, 10);
    expect(store.lease(ID)).toMatchObject({ ttl: 9, readAt: T0 + 8000 });
    expect(events).toEqual([]);
  });

  it('calls a lease gone with time to spare revoked, and one gone at its end expired', () => {
    store.read(reading());
    store.gone(ID, T0 + 2000);
    expect(store.lease(ID)).toEqual(
      expect.objectContaining({ status: 'revoked', revokedBy: 'other-client', goneAt: T0 + 2000 }),
    );
    expect(store.lease(ID)).toMatchObject({ deletedKeys: ['/service/self'] });
    expect(store.lease(ID)).not.toHaveProperty('keys');

    const other = '0000000000000009';
    store.read(reading({ id: other, ttl: 1 }));
    store.gone(other, T0 + 1500);
    expect(store.lease(other)).toMatchObject({ status: 'expired' });
    expect(departures).toEqual([
      { at: T0 + 2000, expired: false },
      { at: T0 + 1500, expired: true },
    ]);

    const mine = '000000000000000a';
    store.read(reading({ id: mine }));
    own.revokeStarted(mine);
    store.gone(mine, T0 + 100);
    expect(store.lease(mine)).toMatchObject({ status: 'revoked', revokedBy: 'dashboard' });
  });

  it('never brings a gone lease back with a late or zero reading', () => {
    store.read(reading());
    store.gone(ID, T0 + 9500);
    store.read(reading({ ttl: 0, readAt: T0 + 9600 }));
    store.read(reading({ ttl: 3, readAt: T0 + 9000 }));
    expect(store.lease(ID)?.status).toBe('expired');
  });

  it('keeps the last reading when a read fails, says why, and clears it on the next success', () => {
    store.read(reading());
    const failure = {
      code: 'etcd_unavailable' as const,
      ...say('errors.noAnswerYet'),
      at: T0 + 1000,
    };
    store.readFailed(ID, failure);
    expect(store.lease(ID)).toMatchObject({
      status: 'alive',
      ttl: 10,
      readAt: T0,
      readFailure: failure,
    });
    store.read(reading({ ttl: 8, readAt: T0 + 2000 }));
    expect(store.lease(ID)).toMatchObject({ ttl: 8, readFailure: null });
  });

  it('lists a lease it could never read as unread, with the reason, and drops it once unlisted', () => {
    const denied = { code: 'permission_denied' as const, ...asIs('etcd denied user dash'), at: T0 };
    store.readFailed(ID, denied);
    expect(store.lease(ID)).toEqual({
      status: 'unread',
      id: ID,
      firstSeenAt: T0,
      keepAlive: null,
      readFailure: denied,
    });
    listing(store, [], T0 + 1000);
    expect(store.lease(ID)).toBeNull();
    expect(events).toEqual([]);
  });

  it('takes keys the watch saw after a reading was sent over that reading', () => {
    store.read(reading());
    store.editKey(ID, '/service/extra', true, T0 + 1500);
    store.read(reading({ ttl: 9, readAt: T0 + 1000, keys: ['/service/self'] }));
    expect(store.lease(ID)).toMatchObject({ keys: ['/service/self', '/service/extra'] });
    store.read(reading({ ttl: 8, readAt: T0 + 2000, keys: ['/service/self'] }));
    expect(store.lease(ID)).toMatchObject({ keys: ['/service/self'] });
  });

  it('declares gone only what was read before the list that left it out', () => {
    store.read(reading({ readAt: T0 + 500 }));
    listing(store, [], T0);
    expect(store.lease(ID)?.status).toBe('alive');
    listing(store, [], T0 + 1000);
    expect(store.lease(ID)?.status).not.toBe('alive');
  });

  it('forgets gone leases after a while', () => {
    store.read(reading());
    store.gone(ID, T0 + 1000);
    const before = store.version;
    store.prune(T0 + 1000 + GONE_RETENTION_MS);
    expect(store.lease(ID)).not.toBeNull();
    store.prune(T0 + 1001 + GONE_RETENTION_MS);
    expect(store.lease(ID)).toBeNull();
    expect(store.version).toBeGreaterThan(before);
  });

  it('forgets only the gone leases it is told of, when told (the round found them)', () => {
    const other = '0000000000000002';
    store.read(reading());
    store.read(reading({ id: other }));
    store.gone(ID, T0 + 1000);
    store.gone(other, T0 + 1000);
    const later = T0 + 1001 + GONE_RETENTION_MS;
    // An alive lease named by mistake is not forgotten.
    store.read(reading({ id: '0000000000000003' }));
    store.prune(later, [ID, '0000000000000003', 'ffffffffffffffff']);
    expect(store.lease(ID)).toBeNull();
    expect(store.lease(other)).not.toBeNull();
    expect(store.lease('0000000000000003')?.status).toBe('alive');
  });
});

describe('which readings ask for the keys', () => {
  it('asks for a heavy key list once a minute, and keeps it from the watch between', () => {
    const heavy = Array.from({ length: 100 }, (_, n) => `/k/${n}/${'x'.repeat(4000)}`);
    store.read(reading({ keys: heavy }));
    expect(wantsKeys(store, ID, T0 + 1000)).toBe(false);
    store.read(reading({ ttl: 9, readAt: T0 + 1000, keys: null }));
    expect(store.lease(ID)).toMatchObject({ ttl: 9, keyCount: 100 });
    expect(wantsKeys(store, ID, T0 + HEAVY_KEYS_EVERY_MS)).toBe(true);

    store.read(reading({ id: '0000000000000002', keys: ['/light'] }));
    expect(wantsKeys(store, '0000000000000002', T0 + 1000)).toBe(true);
  });
});
