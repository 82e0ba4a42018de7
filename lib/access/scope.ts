// The key prefix's rule for leases, as a pure function (DASHBOARD_KEY_PREFIX). The one path for
// changes (lib/mutations/etcd-changes.ts) applies it, through lib/access/guard.ts, to every renewal,
// keep-alive switch-on and renewal, revoke and attach.
import { say } from '@/lib/shared/english';
import type { Said } from '@/lib/shared/i18n';

/**
 * Why a lease is out of the dashboard's reach under DASHBOARD_KEY_PREFIX, or null when it is within.
 * The dashboard may renew, keep alive or revoke a lease only if every key on it is under the prefix,
 * and it either granted the lease itself or the lease holds at least one key there: a keyless lease
 * another client made is not the dashboard's to touch.
 */
export function leaseScopeProblem(
  prefix: string,
  lease: { id: string; keys: string[]; keysHidden: string | null },
  grantedHere: boolean,
): string | null {
  return leaseScopeSaid(prefix, lease, grantedHere)?.text ?? null;
}

/** leaseScopeProblem, with the sentence as a catalog message too (for the viewer's language). */
export function leaseScopeSaid(
  prefix: string,
  lease: { id: string; keys: string[]; keysHidden: string | null },
  grantedHere: boolean,
): Said | null {
  const { id } = lease;
  if (lease.keysHidden)
    return say('errors.scope.keysHidden', { id, reason: lease.keysHidden, prefix });
  const outside = lease.keys.filter((k) => !k.startsWith(prefix));
  if (outside.length > 0)
    return say('errors.scope.keysOutside', {
      id,
      prefix,
      keys: outside.slice(0, 3).join(', '),
      more: outside.length > 3 ? 'yes' : 'no',
    });
  if (lease.keys.length === 0 && !grantedHere) return say('errors.scope.notOurs', { id, prefix });
  return null;
}
