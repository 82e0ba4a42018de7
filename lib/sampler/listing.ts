import 'server-only';
import type { EtcdReader } from '@/lib/etcd/reader';
import type { LeaseStore } from '@/lib/sampler/lease-store';
import { SLICE, breather } from '@/lib/sampler/map-limit';

// The leases etcd lists, kept up to date from LeaseLeases' differences (lib/etcd/reader.ts), and
// what a listing tells the store.

/** A full check of every tracked lease against the listing every this many rounds. */
const FULL_CHECK_EVERY = 10;

export type ListingDiff = { added: string[]; removed: string[] };

export class Listing {
  /** every lease the last LeaseLeases listed */
  readonly ids = new Set<string>();
  /**
   * Leases read before any listing included them (the dashboard's own grants, keys heard of
   * through the watch): checked against each listing until one includes them or they go.
   */
  readonly outside = new Set<string>();
  private listings = 0;

  constructor(private readonly reader: EtcdReader) {}

  /** Lists again; returns what changed. Throws when etcd does not answer. */
  async next(): Promise<ListingDiff> {
    const diff = await this.reader.list();
    for (const id of diff.removed) this.ids.delete(id);
    for (const id of diff.added) this.ids.add(id);
    this.listings++;
    return { added: diff.added, removed: diff.removed };
  }

  /** A lease was read: if no listing has included it yet, watch for it in the next ones. */
  read(id: string): void {
    if (!this.ids.has(id)) this.outside.add(id);
  }

  /** Whether this listing checks every tracked lease, not only what changed (a safety net). */
  get fullCheck(): boolean {
    return this.listings % FULL_CHECK_EVERY === 1;
  }
}

/**
 * Tells the store what the listing says (LeaseStore.listing). Usually only what changed: the
 * leases it stopped listing, and those read before any listing included them. Every
 * FULL_CHECK_EVERY rounds, every tracked lease, a slice at a time so waiting requests run between.
 */
export async function applyListing(
  store: LeaseStore,
  listing: Listing,
  diff: ListingDiff,
  listedAt: number,
): Promise<void> {
  if (!listing.fullCheck) {
    store.listing(listing.ids, diff.added, listedAt, [...diff.removed, ...listing.outside]);
  } else {
    const tracked = Array.from(store.all(), (t) => t.view.id);
    for (let from = 0; from === 0 || from < tracked.length; from += SLICE) {
      if (from > 0) await breather();
      const among = tracked.slice(from, from + SLICE);
      store.listing(listing.ids, from === 0 ? diff.added : [], listedAt, among);
    }
  }
  // A lease read after this list was asked for is not declared gone by it: the next one decides.
  for (const id of diff.removed) if (store.lease(id)?.status === 'alive') listing.outside.add(id);
  for (const id of listing.outside)
    if (listing.ids.has(id) || store.lease(id)?.status !== 'alive') listing.outside.delete(id);
}
