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
import type { LeaseSampler } from '@/lib/sampler/lease-sampler';
import { matchesQuery, sortLeases, summarize } from '@/lib/shared/lease-query';
import type {
  HealthResponse,
  LeaseDetailResponse,
  LeaseQuery,
  LeaseSort,
  LeaseSummary,
  LeaseView,
  LeasesResponse,
} from '@/lib/shared/contract';
import type { ClusterResponse } from '@/lib/shared/contract-cluster';

// What the route handlers and pages answer, built from the sampler, the keep-alives and the cluster
// monitor. Viewers never cause etcd requests of their own: they read what the sampler holds.

const cache = globalThis as typeof globalThis & { __leaseDashboardDerived?: Derived };

/** Whether etcd answers: the sampler's last round, and which endpoints fail their status checks. */
export async function etcdStatus(): Promise<HealthResponse> {
  const { sampler } = getMonitor();
  await sampler.ready();
  return {
    ...etcdNow(),
    sampledAt: sampler.lastSampledAt,
    sampler: sampler.stats(),
    rounds: sampler.recentRounds(),
  };
}

/** Every lease the sampler holds (alive and recently gone), in no particular order. */
export async function allLeases(): Promise<{ now: number; leases: LeaseView[] }> {
  const { sampler } = getMonitor();
  await sampler.ready();
  return { now: Date.now(), leases: sampler.views() };
}

/**
 * What one viewer asked for: a page of the leases, filtered and sorted, with the summary. Sorting
 * ten thousand leases for each of fifty viewers a second would cost more than sampling them, so the
 * sorted lists and the summary are derived once per change of the sampler's leases and shared by
 * every viewer (a round applies its readings in one go, so that is about once a round). The leases
 * a viewer is shown are read every round while it keeps asking.
 */
export async function queryLeases(query: LeaseQuery): Promise<LeasesResponse> {
  const { sampler } = getMonitor();
  await sampler.ready();
  const now = Date.now();
  const derived = deriveLeases(sampler, now);
  const matching = derived.matching(query);
  const page = matching.slice(query.offset, query.offset + query.limit);
  // Shown, so read every round; a row not read yet is read first.
  sampler.viewed(
    page.filter((l) => l.status === 'alive' || l.status === 'unread').map((l) => l.id),
    now,
  );
  return {
    sampledAt: sampler.lastSampledAt,
    now,
    etcd: etcdNow(),
    query,
    total: derived.total,
    matched: matching.length,
    leases: page.map((lease) => withKeepAlive(boundedLease(lease, LIST_KEYS, LIST_KEY_CHARS))),
    summary: derived.summary,
    sampler: sampler.stats(),
  };
}

/** Derive again after this even when nothing changed: the clock moves the summary's counts. */
const DERIVED_MAX_AGE_MS = 1000;
const MAX_CACHED_QUERIES = 64;

type Derived = {
  version: number;
  at: number;
  total: number;
  summary: LeaseSummary;
  matching(query: LeaseQuery): LeaseView[];
};

function deriveLeases(sampler: LeaseSampler, now: number): Derived {
  const last = cache.__leaseDashboardDerived;
  if (last && last.version === sampler.version && now - last.at < DERIVED_MAX_AGE_MS) return last;
  const views = sampler.views();
  const sorted = new Map<LeaseSort, LeaseView[]>();
  const filtered = new Map<string, LeaseView[]>();
  const derived: Derived = {
    version: sampler.version,
    at: now,
    total: views.length,
    summary: summarize(views, now, sampler.goneLastMinute(now)),
    matching(query) {
      let all = sorted.get(query.sort);
      if (!all) sorted.set(query.sort, (all = sortLeases(views, query.sort)));
      if (!query.id && !query.key) return all;
      const key = `${query.sort}\n${query.id}\n${query.key}`;
      let hits = filtered.get(key);
      if (!hits) {
        hits = all.filter((l) => matchesQuery(l, query));
        if (filtered.size >= MAX_CACHED_QUERIES) filtered.clear();
        filtered.set(key, hits);
      }
      return hits;
    },
  };
  cache.__leaseDashboardDerived = derived;
  return derived;
}

/** One lease with its history and events, or null if the dashboard has not seen it. */
export async function leaseDetail(id: string): Promise<LeaseDetailResponse | null> {
  const { sampler } = getMonitor();
  await sampler.ready();
  const lease = sampler.lease(id);
  if (!lease) return null;
  // Someone is looking at this lease (the detail panel, the presenter view): keep it fresh.
  sampler.viewed([id]);
  return {
    now: Date.now(),
    etcd: etcdNow(),
    lease: withKeepAlive(boundedLease(lease, DETAIL_KEYS, DETAIL_KEY_CHARS)),
    history: sampler.history(id),
    events: boundedEvents(sampler.events.forLease(id)),
  };
}

/** The members, which one leads, and how each configured endpoint answered. */
export function clusterView(): ClusterResponse {
  return getMonitor().cluster.view();
}

function withKeepAlive(lease: LeaseView): LeaseView {
  return { ...lease, keepAlive: getKeepAlive().view(lease.id) };
}
