import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  DEFAULT_ENDPOINTS,
  endpointsWithoutCredentials,
  parseConfig,
  type DashboardConfig,
} from '@/lib/config/env';
import {
  DEFAULT_DASHBOARD,
  Dashboard,
  dashboardStore,
  processState,
} from '@/lib/dashboard/dashboard';

export { processState, slot, type Dashboard, type Slot } from '@/lib/dashboard/dashboard';

// The dashboards this process serves, one value per etcd cluster (./dashboard.ts), each holding
// that cluster's configuration and everything made for it: clients, parts, caches, tokens, limits,
// scenarios. They live in the process's one global, so that dev-mode hot reload, which re-evaluates
// modules, finds the same values instead of opening new connections and losing what the room was
// doing. Which one a request or a background task is for is carried by its async context.

function registry() {
  const store = dashboardStore();
  if (store.dashboards.size === 0)
    store.dashboards.set(DEFAULT_DASHBOARD, fromEnvironment(DEFAULT_DASHBOARD));
  return store;
}

function fromEnvironment(name: string): Dashboard {
  return new Dashboard(
    name,
    () => parseConfig(process.env),
    () => endpointsWithoutCredentials(process.env.ETCD_ENDPOINTS?.trim() || DEFAULT_ENDPOINTS),
  );
}

const current = new AsyncLocalStorage<Dashboard>();

/** The dashboard this request or background task is for: the one it runs in, else the first. */
export function currentDashboard(): Dashboard {
  const d = current.getStore();
  if (d) return d;
  const first = registry().dashboards.values().next().value;
  if (!first) throw new Error('no dashboard is configured');
  return first;
}

/** Runs `fn` (and whatever it starts: timers, promises) as work for `dashboard`. */
export function inDashboard<T>(dashboard: Dashboard, fn: () => T): T {
  return current.run(dashboard, fn);
}

/** Every dashboard this process serves. */
export function dashboards(): Dashboard[] {
  return [...registry().dashboards.values()];
}

// The configuration of the current dashboard, as most code asks for it.

export const getConfig = (): DashboardConfig => currentDashboard().getConfig();
export const configOrNull = (): DashboardConfig | null => currentDashboard().configOrNull();
export const displayEndpoints = (): string[] => currentDashboard().displayEndpoints();
export const resetConfig = (): void => currentDashboard().forgetConfig();

/** Closes every dashboard and forgets its configuration (tests that point it somewhere else). */
export function resetDashboards(): void {
  for (const d of dashboards()) d.close();
  processState().close();
}
