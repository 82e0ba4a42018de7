// What the dashboard itself just did to leases, so the sampler tells its own grants, renewals and
// revokes from other clients' (etcd does not say who did what). Plain data, no I/O.

export class OwnActions {
  private readonly revoking = new Set<string>();
  private readonly granted = new Set<string>();
  /** every lease the dashboard granted that is still alive, for the key prefix's rule */
  private readonly mine = new Set<string>();
  /** epoch ms of the dashboard's last renewal per lease (renew once or keep-alive) */
  private readonly renewedAt = new Map<string, number>();

  /** `mineGone`: told when a lease the dashboard granted is gone (its record in etcd may go). */
  constructor(private readonly mineGone: (id: string) => void = () => undefined) {}

  /** The dashboard granted this lease (and logged the grant itself). */
  grantedHere(id: string): void {
    this.granted.add(id);
    this.mine.add(id);
  }

  /**
   * The dashboard granted this lease before it started or led (its record in etcd says so). Its
   * first reading is not news either: the lease was there before.
   */
  grantedBefore(id: string): void {
    this.grantedHere(id);
  }

  /** Whether this dashboard granted the lease (and it has not been seen gone since). */
  isMine(id: string): boolean {
    return this.mine.has(id);
  }

  /** True once for a lease the dashboard granted: its first reading is then not news. */
  takeGrant(id: string): boolean {
    return this.granted.delete(id);
  }

  renewedHere(id: string, at: number): void {
    this.renewedAt.set(id, at);
  }

  /** Whether the dashboard renewed the lease at or after `since` (epoch ms). */
  renewedSince(id: string, since: number): boolean {
    return (this.renewedAt.get(id) ?? 0) >= since;
  }

  revokeStarted(id: string): void {
    this.revoking.add(id);
  }

  revokeEnded(id: string): void {
    this.revoking.delete(id);
  }

  isBeingRevoked(id: string): boolean {
    return this.revoking.has(id);
  }

  /** The lease is gone: nothing more to remember about it. */
  forget(id: string): void {
    this.renewedAt.delete(id);
    this.granted.delete(id);
    if (this.mine.delete(id)) this.mineGone(id);
  }
}
