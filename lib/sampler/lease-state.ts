import type { LeaseReading } from '@/lib/etcd/leases';
import type { NewEvent } from '@/lib/events/event-log';
import type { ReadVerdict } from '@/lib/sampler/lease-model';
import * as say from '@/lib/sampler/narration';
import type { AliveLease } from '@/lib/shared/contract';

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
 * The event for a remaining TTL that went up (the lease model's verdict on the reading): etcd's new
 * leader refreshed it (or restored what its last checkpoint kept), or another client renewed it. None for the dashboard's own renewals, which it
 * logs itself with more detail.
 */
export function riseEvent(
  before: AliveLease,
  reading: LeaseReading,
  verdict: ReadVerdict,
  renewedHere: boolean,
): NewEvent | null {
  if (verdict === 'refreshed') return say.refreshed(reading);
  if (verdict === 'restored') return say.restored(reading);
  if (verdict !== 'renewed' || renewedHere) return null;
  const was = Math.max(0, Math.floor(before.ttl - (reading.readAt - before.readAt) / 1000));
  return say.renewedElsewhere(reading, was);
}
