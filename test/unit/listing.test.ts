import { describe, expect, it } from 'vitest';
import type { EtcdReader } from '@/lib/etcd/reader';
import type { LeaseReading } from '@/lib/etcd/leases';
import { LeaseStore } from '@/lib/sampler/lease-store';
import { Listing, applyListing } from '@/lib/sampler/listing';
import { OwnActions } from '@/lib/sampler/own-actions';

// What each LeaseLeases tells the store when only its differences are checked (nine rounds in
// ten): a lease etcd stops listing is gone at once, and so is one read before any listing
// included it, or read after the list that dropped it was asked for, by the next listing. (Gone
// with 600 s left, so the store calls each revoked by another client.)

const T0 = 1_700_000_000_000;
const A = '000000000000000a';
const B = '000000000000000b';
const C = '000000000000000c';

const reading = (id: string, readAt: number): LeaseReading => ({
  id,
  grantedTTL: 600,
  ttl: 600,
  keys: [],
  keysHidden: null,
  readAt,
  raftTerm: 2,
});

/** A listing whose LeaseLeases answers, one call after another, these lists of IDs. */
function setUp(lists: string[][]) {
  let previous = new Set<string>();
  const reader = {
    async list() {
      const now = new Set(lists.shift() ?? []);
      const diff = {
        added: [...now].filter((id) => !previous.has(id)),
        removed: [...previous].filter((id) => !now.has(id)),
        count: now.size,
      };
      previous = now;
      return diff;
    },
  } as unknown as EtcdReader;
  const store = new LeaseStore({ log: () => undefined, own: new OwnActions(), departed: () => 0 });
  const listing = new Listing(reader);
  const round = async (at: number) => applyListing(store, listing, await listing.next(), at);
  const status = (id: string) => store.lease(id)?.status;
  return { store, listing, round, status };
}

describe('applying a listing by its differences', () => {
  it('declares a lease gone as soon as etcd stops listing it', async () => {
    const { store, round, status } = setUp([[A, B], [A, B], [A]]);
    await round(T0); // the first listing checks every lease
    store.read(reading(A, T0 + 100));
    store.read(reading(B, T0 + 100));
    await round(T0 + 1000);
    expect(status(B)).toBe('alive');
    await round(T0 + 2000);
    expect(status(B)).toBe('revoked');
    expect(status(A)).toBe('alive');
  });

  it('holds a lease read after the list that dropped it, and lets the next listing decide', async () => {
    const { store, round, status } = setUp([[A, B], [A], [A]]);
    await round(T0);
    store.read(reading(B, T0 + 1500)); // read after the second list was asked for (T0 + 1000)
    await round(T0 + 1000);
    expect(status(B)).toBe('alive');
    await round(T0 + 2000);
    expect(status(B)).toBe('revoked');
  });

  it('declares gone a lease read before any listing included it, once one leaves it out', async () => {
    const { store, listing, round, status } = setUp([[A], [A], [A, C], [A, C]]);
    await round(T0);
    store.read(reading(B, T0 + 100)); // refreshed (a key heard of), never listed
    listing.read(B);
    store.read(reading(C, T0 + 100)); // refreshed before the listing that includes it
    listing.read(C);
    await round(T0 + 1000);
    expect(status(B)).toBe('revoked');
    expect(status(C)).toBe('revoked'); // not listed yet, and read before this list was asked
  });
});
