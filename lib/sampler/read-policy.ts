import { remainingNow } from '@/lib/shared/countdown';
import type { AliveLease } from '@/lib/shared/contract';

// When one lease's reading may have gone wrong, so it is worth a TimeToLive: just after the points
// where renewers renew (RENEWAL_POINTS), every round near expiry, and never past STALENESS_BOUND_S,
// because between readings the countdown is right only until someone renews. Pure, so tested alone.

/** No reading is older than this (s), while etcd and the process keep up (./read-plan.ts). */
export const STALENESS_BOUND_S = 29;
/** The shares of the granted TTL at which clientv3, etcdctl, DHCP and hand-made loops renew. */
export const RENEWAL_POINTS = [1 / 3, 1 / 2, 3 / 4] as const;
/** How long after a renewal point to read, so that a renewal on time has happened. */
export const AFTER_RENEWAL_MS = 500;
/** Leases with less than this left are read every round. */
export const NEAR_EXPIRY_ROUND_S = 5;

export type Reading = {
  /** epoch ms the reading was asked for */
  readAt: number;
  /** seconds granted (or last renewed with) */
  grantedTTL: number;
  /** seconds left at readAt */
  ttl: number;
};

/** The epoch ms at which this reading may have gone wrong and the lease should be read again. */
export function readDueAt(reading: Reading): number {
  const { readAt, grantedTTL, ttl } = reading;
  let due = readAt + STALENESS_BOUND_S * 1000;
  if (grantedTTL > 0) {
    const passed = 1 - ttl / grantedTTL;
    const next = RENEWAL_POINTS.find((point) => point > passed + 1e-9);
    if (next !== undefined)
      due = Math.min(due, readAt + (next - passed) * grantedTTL * 1000 + AFTER_RENEWAL_MS);
  }
  return Math.min(due, readAt + (ttl - NEAR_EXPIRY_ROUND_S) * 1000);
}

/** Whether an alive lease has less than `withinS` left by its last reading. */
export const expiresWithin = (view: AliveLease, now: number, withinS: number) =>
  remainingNow(view.ttl, view.readAt, now) < withinS;
