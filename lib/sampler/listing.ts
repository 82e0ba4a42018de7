import 'server-only';
import type { EtcdReader } from '@/lib/etcd/reader';

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
