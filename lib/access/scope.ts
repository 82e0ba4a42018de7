// The key prefix's rule for leases, as a pure function (DASHBOARD_KEY_PREFIX). The one path for
// changes (lib/mutations/etcd-changes.ts) applies it, through lib/access/guard.ts, to every renewal,
// keep-alive switch-on and renewal, revoke and attach.

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
  const rule = `with DASHBOARD_KEY_PREFIX the dashboard only revokes, renews or keeps alive leases whose keys are all under ${prefix}`;
  if (lease.keysHidden)
    return `lease ${lease.id}'s keys cannot be listed (${lease.keysHidden}), so the dashboard cannot tell they are under ${prefix}: ${rule}`;
  const outside = lease.keys.filter((k) => !k.startsWith(prefix));
  if (outside.length > 0)
    return `lease ${lease.id} holds keys outside ${prefix} (${outside.slice(0, 3).join(', ')}${outside.length > 3 ? ', ...' : ''}): ${rule}`;
  if (lease.keys.length === 0 && !grantedHere)
    return `lease ${lease.id} holds no keys under ${prefix} and was not granted by this dashboard: ${rule}`;
  return null;
}
