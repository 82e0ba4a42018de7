import type { KeepAliveView, LeaseView, Message } from '@/lib/shared/contract';
import { message } from '@/lib/shared/i18n';

/**
 * Why a kept-alive lease stopped being renewable, as its row says: revoked (by whom), lost while
 * no renewal got through, or gone from etcd.
 */
export function lostReason(
  seen: LeaseView | null,
  entry: { view: KeepAliveView; lastOkAt: number; grantedTTL: number },
  now = Date.now(),
): Message {
  if (seen?.status === 'revoked')
    return seen.revokedBy === 'dashboard'
      ? message('keepAlive.reasons.revokedHere')
      : message('keepAlive.reasons.revokedElsewhere');
  const silentFor = (now - entry.lastOkAt) / 1000;
  if (entry.view.lastError && silentFor > entry.grantedTTL)
    return message('keepAlive.reasons.lostSilent', {
      silent: Math.round(silentFor),
      ttl: entry.grantedTTL,
      error: entry.view.lastError.message,
    });
  return message('keepAlive.reasons.lost');
}
