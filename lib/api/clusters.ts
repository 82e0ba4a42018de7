import 'server-only';
import { dashboards, inDashboard } from '@/lib/dashboard/registry';
import { etcdNow, runningMonitor } from '@/lib/server';
import type { ClustersResponse } from '@/lib/shared/contract-clusters';

// The clusters for the switcher, each with whether its etcd answers, from what its own parts
// already know: no etcd request per viewer.

export function clustersView(withStatus: boolean): ClustersResponse {
  return {
    now: Date.now(),
    clusters: dashboards().map((d, i) =>
      inDashboard(d, () => ({
        name: d.name,
        path: i === 0 ? '/' : `/c/${d.name}`,
        ok: withStatus && runningMonitor() ? etcdNow().ok : null,
      })),
    ),
  };
}
