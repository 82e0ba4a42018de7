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
import { firstLeases, matchesQuery, sortLeases, summarize } from '@/lib/shared/lease-query';
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
  const { page: ordered, matched } = derived.page(query);
  // The order may be a moment old (see deriveLeases); each lease on the page is as read now.
  const page = ordered.map((l) => sampler.lease(l.id) ?? l);
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
    matched,
    leases: page.map((lease) => withKeepAlive(boundedLease(lease, LIST_KEYS, LIST_KEY_CHARS))),
    summary: derived.summary,
    sampler: sampler.stats(),
  };
}

/** Derive again after this even when nothing changed: the clock moves the summary's counts. */
const DERIVED_MAX_AGE_MS = 1000;
const MAX_CACHED_QUERIES = 64;
/** Pages ending within this many leases are picked from the unsorted leases. */
const FIRST_PAGES = 1000;
/**
 * After a change, derive again only once this many times the last derivation's cost has passed: a
 * hundred thousand leases take tens of milliseconds to sort, and the sampler changes something
 * several times a second. The order and the counts are then up to a second old; the leases on the
 * page are always as read now.
 */
const DERIVE_COST_FACTOR = 10;

type Derived = {
  version: number;
  at: number;
  /** how long deriving the summary took, ms (sorting is done on demand and cached) */
  costMs: number;
  total: number;
  summary: LeaseSummary;
  /** the page the query asks for, and how many leases match it */
  page(query: LeaseQuery): { page: LeaseView[]; matched: number };
};

function deriveLeases(sampler: LeaseSampler, now: number): Derived {
  const last = cache.__leaseDashboardDerived;
  const age = now - (last?.at ?? 0);
  const fresh = last?.version === sampler.version || age < (last?.costMs ?? 0) * DERIVE_COST_FACTOR;
  if (last && fresh && age < DERIVED_MAX_AGE_MS) return last;
  const started = performance.now();
  const views = sampler.views();
  const sorted = new Map<LeaseSort, LeaseView[]>();
  const firstPages = new Map<string, LeaseView[]>();
  const filtered = new Map<string, LeaseView[]>();
  const derived: Derived = {
    version: sampler.version,
    at: now,
    total: views.length,
    costMs: 0,
    summary: summarize(views, now, sampler.goneLastMinute(now)),
    page(query) {
      const end = query.offset + query.limit;
      const timed = <T>(work: () => T): T => {
        const from = performance.now();
        const result = work();
        derived.costMs += performance.now() - from;
        return result;
      };
      // The first pages of every lease: picked, not sorted (see firstLeases).
      if (!query.id && !query.key && end <= FIRST_PAGES) {
        const key = `${query.sort}\n${end}`;
        let first = firstPages.get(key);
        if (!first) firstPages.set(key, (first = timed(() => firstLeases(views, query.sort, end))));
        return { page: first.slice(query.offset, end), matched: views.length };
      }
      let all = sorted.get(query.sort);
      if (!all) sorted.set(query.sort, (all = timed(() => sortLeases(views, query.sort))));
      let hits = all;
      if (query.id || query.key) {
        const key = `${query.sort}\n${query.id}\n${query.key}`;
        hits = filtered.get(key) ?? all.filter((l) => matchesQuery(l, query));
        if (filtered.size >= MAX_CACHED_QUERIES) filtered.clear();
        filtered.set(key, hits);
      }
      return { page: hits.slice(query.offset, end), matched: hits.length };
    },
  };
  derived.costMs = performance.now() - started;
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
