// A lease's remaining TTL over time, as GET /api/leases/<id> answers it. Part of the contract
// (./contract.ts); imports nothing.

/** What happened at a point of the TTL line: the top of a jump, or where the lease ended. */
export type TtlMark =
  'renewed' | 'renewed-elsewhere' | 'refreshed' | 'restored' | 'expired' | 'revoked';

/**
 * One corner of a lease's remaining-TTL line (lib/sampler/lease-model.ts): straight between corners,
 * falling one second a second; a renewal is two points at the same time, the jump between them.
 */
export type TtlPoint = {
  /** epoch ms */
  t: number;
  /** the TTL the lease was granted (or last renewed) with, seconds */
  grantedTTL: number;
  /** seconds left at `t`, to the millisecond: etcd's deadline as the readings bound it */
  ttl: number;
  /** a renewal (by the dashboard, or by another client), a new leader's refresh, or the end */
  mark?: TtlMark;
  /** the time of the mark is estimated from a reading, within a second */
  estimated?: true;
};
