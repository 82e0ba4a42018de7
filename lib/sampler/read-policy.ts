import { remainingNow } from '@/lib/shared/countdown';
import type { AliveLease } from '@/lib/shared/contract';

// When one lease's reading may have gone wrong, so it is worth a TimeToLive. Pure: a reading in,
// an epoch ms out, so the policy is tested without an etcd.
//
// Between readings the dashboard counts a lease down by the clock, which is right until someone
// renews the lease (or revokes it, or etcd refreshes it on a new leader). Renewers renew when a set
// share of the granted TTL has passed: clientv3, etcdctl and etcd3 at 1/3, DHCP at 1/2 (T1), many
// hand-written loops at 1/2 or 3/4. So a reading is due again just after the next of those points,
// when a renewal would have happened, and each round while the lease is within
// NEAR_EXPIRY_ROUND_S of expiry (the sampler re-reads the last two seconds four times a second).
// And never later than STALENESS_BOUND_S after the last reading, so a renewal at any other moment
// (`etcdctl lease keep-alive --once`) reaches the live events within 30 s.
//
// A lease kept alive at 1/3 is read about once per renewal; a lease of an hour nobody renews, once
// every STALENESS_BOUND_S; a lease on a viewer's screen, every round (./read-plan.ts). What else
// decides a read, and how the rules combine, is in ./read-planner.ts.

/** No reading is older than this (s), while etcd and the process keep up (./read-plan.ts). */
export const STALENESS_BOUND_S = 29;
/** The shares of the granted TTL at which renewers renew. */
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
