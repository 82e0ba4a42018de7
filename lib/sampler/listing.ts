import 'server-only';
import type { EtcdReader } from '@/lib/etcd/reader';
import type { LeaseStore } from '@/lib/sampler/lease-store';
import { breather } from '@/lib/sampler/map-limit';

// The leases etcd lists, kept up to date from LeaseLeases' differences (lib/etcd/reader.ts).

export class Listing {
  /** every lease the last LeaseLeases listed */
  readonly ids = new Set<string>();

  constructor(private readonly reader: EtcdReader) {}

  /** Lists again; returns the IDs listed for the first time. Throws when etcd does not answer. */
  async next(): Promise<string[]> {
    const diff = await this.reader.list();
    for (const id of diff.removed) this.ids.delete(id);
    for (const id of diff.added) this.ids.add(id);
    return diff.added;
  }
}

/** Tracked leases checked against the listing per slice: a few milliseconds each. */
const SLICE = 5000;

/**
 * Tells the store what the listing says (LeaseStore.listing), a slice of its leases at a time
 * with waiting requests let in between: at 100,000 leases one pass took 20 ms.
 */
export async function applyListing(
  store: LeaseStore,
  listing: Listing,
  added: string[],
  listedAt: number,
): Promise<void> {
  const tracked = Array.from(store.all(), (t) => t.view.id);
  for (let from = 0; from === 0 || from < tracked.length; from += SLICE) {
    if (from > 0) await breather();
    const among = tracked.slice(from, from + SLICE);
    store.listing(listing.ids, from === 0 ? added : [], listedAt, among);
  }
}
