import 'server-only';
import {
  DEFAULT_ENDPOINTS,
  endpointsWithoutCredentials,
  parseConfig,
  type DashboardConfig,
} from '@/lib/config/env';
import { readClustersFile } from '@/lib/config/clusters-file';
import {
  DEFAULT_DASHBOARD,
  Dashboard,
  dashboardStore,
  processState,
} from '@/lib/dashboard/dashboard';

export { processState, slot, type Dashboard, type Slot } from '@/lib/dashboard/dashboard';

// The dashboards this process serves, one value per etcd cluster (./dashboard.ts), in the process's
// one global, so dev-mode hot reload finds them again instead of opening new connections. Which one
// a request or background task is for travels in its async context.

function registry() {
  const store = dashboardStore();
  if (store.dashboards.size === 0)
    for (const d of fromEnvironment()) store.dashboards.set(d.name, d);
  return store;
}

/**
 * The clusters DASHBOARD_CLUSTERS_FILE lists, or the one the variables describe. A clusters file
 * that cannot be read leaves one dashboard that reports why, as a bad variable does.
 */
function fromEnvironment(): Dashboard[] {
  const typed = () =>
    endpointsWithoutCredentials(process.env.ETCD_ENDPOINTS?.trim() || DEFAULT_ENDPOINTS);
  const file = process.env.DASHBOARD_CLUSTERS_FILE?.trim();
  if (!file) return [new Dashboard(DEFAULT_DASHBOARD, () => parseConfig(process.env), typed)];
  try {
    return readClustersFile(file, process.env).map(
      (c) => new Dashboard(c.name, c.configure, () => c.typedEndpoints),
    );
  } catch (err) {
    return [
      new Dashboard(
        DEFAULT_DASHBOARD,
        () => {
          throw err;
        },
        () => [],
      ),
    ];
  }
}

/** The dashboard this request or background task is for: the one it runs in, else the first. */
export function currentDashboard(): Dashboard {
  const d = dashboardStore().context.getStore();
  if (d) return d;
  const first = registry().dashboards.values().next().value;
  if (!first) throw new Error('no dashboard is configured');
  return first;
}

/** Runs `fn` (and whatever it starts: timers, promises) as work for `dashboard`. */
export function inDashboard<T>(dashboard: Dashboard, fn: () => T): T {
  return dashboardStore().context.run(dashboard, fn);
}

/** Every dashboard this process serves, the first (today's URLs) first. */
export function dashboards(): Dashboard[] {
  return [...registry().dashboards.values()];
}

/**
 * Where the replicas campaign, for every cluster: the first whose configuration reads and which
 * may write (a read-only cluster cannot hold an election). Null when none can.
 */
export function homeDashboard(): Dashboard | null {
  return dashboards().find((d) => d.configOrNull()?.access.readOnly === false) ?? null;
}

/** The dashboard of the cluster named so, or null. */
export function dashboardNamed(name: string): Dashboard | null {
  return registry().dashboards.get(name) ?? null;
}

/** Whether this process serves several clusters (DASHBOARD_CLUSTERS_FILE). */
export function severalClusters(): boolean {
  return registry().dashboards.size > 1 || Boolean(process.env.DASHBOARD_CLUSTERS_FILE?.trim());
}

// The configuration of the current dashboard, as most code asks for it.

export const getConfig = (): DashboardConfig => currentDashboard().getConfig();
export const configOrNull = (): DashboardConfig | null => currentDashboard().configOrNull();
export const displayEndpoints = (): string[] => currentDashboard().displayEndpoints();
export const resetConfig = (): void => currentDashboard().forgetConfig();

/** Closes every dashboard and forgets them (tests that point the dashboard somewhere else). */
export function resetDashboards(): void {
  const store = dashboardStore();
  for (const d of store.dashboards.values()) d.close();
  store.dashboards.clear();
  processState().close();
}
