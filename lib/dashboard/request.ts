import 'server-only';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { currentDashboard, dashboardNamed, inDashboard } from '@/lib/dashboard/registry';
import type { Dashboard } from '@/lib/dashboard/dashboard';
import { CLUSTER_HEADER, clusterFromHeader } from '@/lib/dashboard/cluster-header';

// Which dashboard a request is for: the cluster its URL names (/c/<name>/…, which the proxy turns
// into a header), else the first. Every page, route handler and action runs its work inside
// it, so what it calls finds that cluster's client, parts and state.

/** The cluster the request's URL names; none outside a request (code calling lib/ directly). */
async function clusterName(): Promise<string | null> {
  try {
    return clusterFromHeader((await headers()).get(CLUSTER_HEADER));
  } catch {
    return null;
  }
}

/** The request's dashboard; a 404 for a cluster this dashboard does not serve. */
export async function requestDashboard(): Promise<Dashboard> {
  const name = await clusterName();
  if (name === null) return currentDashboard();
  return dashboardNamed(name) ?? notFound();
}

/** The start of the request's URLs: /c/<name> when it came that way, else none. */
export async function requestClusterBase(): Promise<string> {
  const name = await clusterName();
  return name === null ? '' : `/c/${name}`;
}

/** Runs `work` as work for the request's dashboard. */
export async function forRequest<T>(work: () => Promise<T>): Promise<T> {
  const dashboard = await requestDashboard();
  return inDashboard(dashboard, work);
}

/** A route handler that runs as work for its request's dashboard. */
export function perDashboard<A extends unknown[]>(
  handler: (...args: A) => Promise<Response>,
): (...args: A) => Promise<Response> {
  return (...args) => forRequest(() => handler(...args));
}
