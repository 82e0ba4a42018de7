import type { KeepAliveView, LeaseView } from '@/lib/shared/contract';

/**
 * Why a kept-alive lease stopped being renewable, as its row says: revoked (by whom), lost while
 * no renewal got through, or gone from etcd.
 */
export function lostReason(
  seen: LeaseView | null,
  entry: { view: KeepAliveView; lastOkAt: number; grantedTTL: number },
  now = Date.now(),
): string {
  if (seen?.status === 'revoked')
    return seen.revokedBy === 'dashboard'
      ? 'the lease was revoked from the dashboard'
      : 'the lease was revoked by another client';
  const silentFor = (now - entry.lastOkAt) / 1000;
  if (entry.view.lastError && silentFor > entry.grantedTTL)
    return `the lease was lost: no renewal got through for ${Math.round(silentFor)} s, longer than its ${entry.grantedTTL} s TTL (${entry.view.lastError})`;
  return 'the lease was lost: etcd no longer has it (it expired or was revoked elsewhere)';
}
