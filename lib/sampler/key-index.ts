// Which lease each known key is on, so the watch can do without previous values (which would double
// what etcd streams for every write): a delete event names only the key, and this names its lease.

/** Told of every key that joins or leaves a lease (./contention.ts looks for locks and elections). */
export interface KeyListener {
  added(key: string, lease: string): void;
  removed(key: string, lease: string): void;
}

export class KeyIndex {
  private readonly leaseOf = new Map<string, string>();

  constructor(private readonly listener?: KeyListener) {}

  /** The lease of `key`, as last read or put; undefined when unknown. */
  lease(key: string): string | undefined {
    return this.leaseOf.get(key);
  }

  get size(): number {
    return this.leaseOf.size;
  }

  /** `lease`'s keys are now `after` (they were `before`). */
  replace(lease: string, before: readonly string[], after: readonly string[]): void {
    if (before === after) return;
    if (before.length > 0) {
      const kept = after.length > 16 ? new Set(after) : null;
      for (const key of before)
        if (!(kept ? kept.has(key) : after.includes(key)) && this.leaseOf.get(key) === lease)
          this.forget(key, lease);
    }
    for (const key of after) this.set(key, lease);
  }

  /** `key` is on `lease` now. */
  set(key: string, lease: string): void {
    const before = this.leaseOf.get(key);
    if (before === lease) return;
    if (before !== undefined) this.listener?.removed(key, before);
    this.leaseOf.set(key, lease);
    this.listener?.added(key, lease);
  }

  /** The key is gone from etcd (deleted, or its lease's keys were forgotten). */
  forget(key: string, lease?: string): void {
    const before = this.leaseOf.get(key);
    if (before === undefined || (lease !== undefined && before !== lease)) return;
    this.leaseOf.delete(key);
    this.listener?.removed(key, before);
  }
}
