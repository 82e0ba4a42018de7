// How the dashboard decides what happened to a lease that disappeared. etcd does not say: a lease
// is simply gone from LeaseLeases and TimeToLive answers -1. If time ran out, it expired; if it
// vanished with time to spare, somebody revoked it.

/** Seconds of remaining TTL, by our last reading, beyond which a disappearance cannot be expiry. */
export const REVOKE_MARGIN_S = 1;

export function classifyGone(
  last: { ttl: number; readAt: number },
  goneAt: number,
  revokedByDashboard: boolean,
): { status: 'expired' } | { status: 'revoked'; revokedBy: 'dashboard' | 'other-client' } {
  if (revokedByDashboard) return { status: 'revoked', revokedBy: 'dashboard' };
  const stillLeft = last.ttl - (goneAt - last.readAt) / 1000;
  return stillLeft > REVOKE_MARGIN_S
    ? { status: 'revoked', revokedBy: 'other-client' }
    : { status: 'expired' };
}

/**
 * Did the remaining TTL go up between two readings? etcd floors what it reports, so without a renewal
 * a reading is always less than one second above the previous reading minus the time between them;
 * the extra margin absorbs the difference between when we sent each request and when etcd answered.
 */
export const RISE_MARGIN_S = 1.1;

export function ttlRose(
  before: { ttl: number; readAt: number },
  after: { ttl: number; readAt: number },
): boolean {
  const expected = before.ttl - (after.readAt - before.readAt) / 1000;
  return after.ttl - expected >= RISE_MARGIN_S;
}
