import type { FindingKind, FindingSeverity } from '@/lib/shared/contract-findings';
import { shellQuote } from '@/lib/shared/etcdctl';

// What is fixed about each kind of finding: how severe it is, the issue it comes from, whether
// revoking its leases is the fix, and the etcdctl command that confirms it. The words are the
// catalog's (`findings.*` in messages/*.json).

export const SEVERITY: Record<FindingKind, FindingSeverity> = {
  leaked: 'warning',
  'forever-renewed': 'warning',
  growth: 'warning',
  'refreshed-by-leader-change': 'info',
  'expiry-storm': 'warning',
  'renew-storm': 'warning',
  'stuck-lock': 'warning',
  'leaderless-election': 'critical',
  'holder-expiring': 'critical',
  heavy: 'warning',
};

const issue = (repo: string, n: number, title: string) => ({
  title: `${repo}#${n}: ${title}`,
  url: `https://github.com/${repo}/issues/${n}`,
});

export const SOURCE: Record<FindingKind, { title: string; url: string }> = {
  leaked: issue('etcd-io/etcd', 14019, 'Etcd loses track of leases'),
  'forever-renewed': issue(
    'kubernetes/kubernetes',
    65497,
    'etcd lease auto-renewal can extend event TTL indefinitely',
  ),
  growth: issue('kubernetes/kubernetes', 47532, 'Kubernetes creates way too many leases on etcd'),
  'refreshed-by-leader-change': issue('etcd-io/etcd', 20273, 'lease not expired when node restart'),
  'expiry-storm': issue(
    'etcd-io/etcd',
    9360,
    'Poor performance and cluster stability when lots of leases are expiring',
  ),
  'renew-storm': issue(
    'etcd-io/etcd',
    9911,
    'clientv3 sdk will send LeaseKeepAlive twice every second for lease id after over time',
  ),
  'stuck-lock': issue(
    'etcd-io/etcd',
    6631,
    'clientv3/concurrency Unable to use Mutex, m.Lock() never returns',
  ),
  'leaderless-election': issue(
    'etcd-io/etcd',
    6631,
    'clientv3/concurrency Unable to use Mutex, m.Lock() never returns',
  ),
  'holder-expiring': issue(
    'etcd-io/etcd',
    10811,
    'A mutex lock in concurrency package might be held by two client if one of them had network issue with ETCD server',
  ),
  heavy: issue('kubernetes/kubernetes', 96836, 'etcd: avoid creating large leases'),
};

/** The kinds where revoking the leases is the fix (never in read-only mode). */
export const REVOCABLE: ReadonlySet<FindingKind> = new Set<FindingKind>([
  'leaked',
  'forever-renewed',
  'heavy',
]);

const RANK: Record<FindingSeverity, number> = { critical: 0, warning: 1, info: 2 };

/** Most severe first, then the most leases. */
export const bySeverity = (
  a: { severity: FindingSeverity; count: number },
  b: { severity: FindingSeverity; count: number },
) => RANK[a.severity] - RANK[b.severity] || b.count - a.count;

/**
 * The command that shows it in etcd: `lease` is the first example's lease, `group` a lock's or
 * election's `<name>/` (contenders in create-revision order, as clientv3 ranks them).
 */
export function confirmCommand(
  kind: FindingKind,
  first: { lease?: string; group?: string },
): string {
  const ttl = (keys: boolean) =>
    first.lease
      ? `etcdctl lease timetolive ${keys ? '--keys ' : ''}${first.lease}`
      : 'etcdctl lease list';
  switch (kind) {
    case 'leaked':
    case 'forever-renewed':
    case 'heavy':
    case 'holder-expiring':
      return ttl(true);
    case 'renew-storm':
    case 'expiry-storm':
    case 'refreshed-by-leader-change':
      return ttl(false);
    case 'growth':
      return 'etcdctl lease list';
    case 'stuck-lock':
    case 'leaderless-election':
      return first.group
        ? `etcdctl get --prefix --keys-only --sort-by=CREATE ${shellQuote(first.group)}`
        : 'etcdctl lease list';
  }
}
