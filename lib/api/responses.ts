import 'server-only';
import {
  DETAIL_KEYS,
  DETAIL_KEY_CHARS,
  LIST_KEYS,
  LIST_KEY_CHARS,
  boundedEvents,
  boundedLease,
} from '@/lib/api/bounded';
import { etcdNow, getKeepAlive, getMonitor } from '@/lib/server';
import { derivedLeases } from '@/lib/api/derived-leases';
import { holdingKind } from '@/lib/shared/holdings';
import { replicasView } from '@/lib/replicas/replicas-view';
import type {
  HealthResponse,
  LeaseDetailResponse,
  LeaseQuery,
  LeaseView,
  LeasesResponse,
} from '@/lib/shared/contract';
import type { ClusterResponse } from '@/lib/shared/contract-cluster';

// What the route handlers and pages answer, built from the sampler, the keep-alives and the cluster
// monitor. Viewers never cause etcd requests of their own: they read what the sampler holds.

/** Whether etcd answers: the sampler's last round, and which endpoints fail their status checks. */
export async function etcdStatus(): Promise<HealthResponse> {
  const { sampler } = getMonitor();
  await sampler.ready();
  return {
    ...etcdNow(),
    sampledAt: sampler.lastSampledAt,
    sampler: sampler.stats(),
    rounds: sampler.recentRounds(),
    replicas: await replicasView().catch(() => null),
  };
}

/** Every lease the sampler holds (alive and recently gone), in no particular order. */
export async function allLeases(): Promise<{ now: number; leases: LeaseView[] }> {
  const { sampler } = getMonitor();
  await sampler.ready();
  return { now: Date.now(), leases: sampler.views() };
}

/**
 * What one viewer asked for: a page of the leases, filtered and sorted, with the summary. The order
 * and the summary are shared by every viewer (see ./derived-leases.ts). The leases a viewer is shown
 * are read every round while it keeps asking, within its client's bound (`client`, as
 * requestContext() in lib/access/guard.ts names it; see lib/sampler/viewers.ts).
 */
export async function queryLeases(query: LeaseQuery, client: string): Promise<LeasesResponse> {
  const { sampler } = getMonitor();
  await sampler.ready();
  const now = Date.now();
  const derived = derivedLeases(sampler, now);
  const { contention } = getMonitor();
  const { page: ordered, matched } = derived.page(query, (l) => holdingKind(contention.holding(l)));
  // The order may be a moment old (see derivedLeases); each lease on the page is as read now.
  const page = ordered.map((l) => sampler.lease(l.id) ?? l);
  // Shown, so read every round; a row not read yet is read first.
  sampler.viewed(
    client,
    page.filter((l) => l.status === 'alive' || l.status === 'unread').map((l) => l.id),
    now,
  );
  return {
    sampledAt: sampler.lastSampledAt,
    now,
    etcd: etcdNow(),
    query,
    total: derived.total,
    matched,
    leases: page.map((lease) => answered(lease, LIST_KEYS, LIST_KEY_CHARS)),
    summary: derived.summary,
    sampler: sampler.stats(),
  };
}

/** One lease with its history and events, or null if the dashboard has not seen it. */
export async function leaseDetail(id: string, client: string): Promise<LeaseDetailResponse | null> {
  const { sampler } = getMonitor();
  await sampler.ready();
  const lease = sampler.lease(id);
  if (!lease) return null;
  // Someone is looking at this lease (the detail panel, the presenter view): keep it fresh.
  sampler.viewed(client, [id], Date.now(), true);
  const now = Date.now();
  return {
    now,
    etcd: etcdNow(),
    lease: answered(lease, DETAIL_KEYS, DETAIL_KEY_CHARS),
    history: sampler.history(id, now),
    events: boundedEvents(sampler.events.forLease(id)),
  };
}

/** The members, which one leads, and how each configured endpoint answered. */
export function clusterView(): ClusterResponse {
  return getMonitor().cluster.view();
}

/** A lease as answered: with its keep-alive, and what it holds (from all its keys, not the few sent). */
function answered(lease: LeaseView, keys: number, keyChars: number): LeaseView {
  return {
    ...boundedLease(lease, keys, keyChars),
    keepAlive: getKeepAlive().view(lease.id),
    holding: getMonitor().contention.holding(lease),
  };
}
