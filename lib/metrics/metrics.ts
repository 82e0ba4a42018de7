import 'server-only';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { requestCounts } from '@/lib/etcd/request-counts';
import { etcdNow, getEventLog, getKeepAlive, getMonitor } from '@/lib/server';
import { EXPIRING_SOON_S, expiresAt } from '@/lib/shared/lease-query';
import type { LeaseStatus } from '@/lib/shared/contract';

// What GET /metrics tells Prometheus, in its text format (prom-client). Everything is read from the
// server's parts when Prometheus scrapes (no work between scrapes), except the events, counted as
// they happen. Names follow Prometheus' rules: a unit suffix, `_total` for counters, and labels with
// few values (state, method, outcome, kind). One metric has a label per lease, and it is bounded:
// `lease_dashboard_lease_remaining_seconds` covers only the leases this dashboard keeps alive, at most
// PER_LEASE_GAUGES of them (the soonest to expire), so a cluster's 100,000 leases never become
// 100,000 series.

export const PREFIX = 'lease_dashboard_';
export const PER_LEASE_GAUGES = 50;
/** Remaining-TTL buckets, seconds: as the page's histogram. */
const TTL_BUCKETS = [10, 30, 60, 300, 900, 3600, 21_600];
const STATES: LeaseStatus[] = ['alive', 'unread', 'expired', 'revoked'];

const cache = globalThis as typeof globalThis & { __leaseDashboardMetrics?: Registry };

/** The registry, made once per process (dev-mode reloads keep it). */
export function metricsRegistry(): Registry {
  cache.__leaseDashboardMetrics ??= build();
  return cache.__leaseDashboardMetrics;
}

function build(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: PREFIX });
  // Gauges that prom-client names like counters, which promtool's lint refuses; the same figures
  // stay as nodejs_active_handles, nodejs_active_requests and nodejs_active_resources.
  for (const kind of ['handles', 'requests', 'resources'])
    registry.removeSingleMetric(`${PREFIX}nodejs_active_${kind}_total`);
  const registers = [registry];

  new Gauge({
    name: `${PREFIX}leases`,
    help: 'Leases the dashboard knows, by state: alive, unread (listed, not read yet), and recently expired or revoked',
    labelNames: ['state'],
    registers,
    collect() {
      const counts = new Map<LeaseStatus, number>(STATES.map((s) => [s, 0]));
      for (const v of getMonitor().sampler.views())
        counts.set(v.status, (counts.get(v.status) ?? 0) + 1);
      for (const [state, n] of counts) this.set({ state }, n);
    },
  });
  new Gauge({
    name: `${PREFIX}leases_expiring_soon`,
    help: `Alive leases with ${EXPIRING_SOON_S} s or less left, by their last reading`,
    registers,
    collect() {
      const now = Date.now();
      let n = 0;
      for (const v of getMonitor().sampler.views())
        if (v.status === 'alive' && expiresAt(v) - now <= EXPIRING_SOON_S * 1000) n++;
      this.set(n);
    },
  });
  new Histogram({
    name: `${PREFIX}lease_remaining_ttl_seconds`,
    help: 'Remaining TTL of every alive lease at the scrape, by its last reading',
    buckets: TTL_BUCKETS,
    registers,
    collect() {
      this.reset();
      const now = Date.now();
      for (const v of getMonitor().sampler.views())
        if (v.status === 'alive') this.observe(Math.max(0, (expiresAt(v) - now) / 1000));
    },
  });
  new Gauge({
    name: `${PREFIX}lease_remaining_seconds`,
    help: `Remaining TTL of each lease this dashboard keeps alive (at most ${PER_LEASE_GAUGES}, the soonest to expire)`,
    labelNames: ['lease'],
    registers,
    collect() {
      this.reset();
      const now = Date.now();
      const kept = getMonitor()
        .sampler.views()
        .filter((v) => v.status === 'alive' && getKeepAlive().view(v.id)?.on)
        .map((v) => ({ id: v.id, left: Math.max(0, (expiresAt(v) - now) / 1000) }))
        .sort((a, b) => a.left - b.left)
        .slice(0, PER_LEASE_GAUGES);
      for (const { id, left } of kept) this.set({ lease: id }, left);
    },
  });
  new Gauge({
    name: `${PREFIX}keep_alives_running`,
    help: 'Leases this dashboard keeps alive now',
    registers,
    collect() {
      let n = 0;
      for (const v of getMonitor().sampler.views()) if (getKeepAlive().view(v.id)?.on) n++;
      this.set(n);
    },
  });
  samplerMetrics(registers);
  eventMetrics(registers);
  return registry;
}

/** The sampler's rounds and reads, etcd's requests, and whether etcd answers. */
function samplerMetrics(registers: Registry[]): void {
  const totals = () => getMonitor().rounds.totals();
  const counter = (name: string, help: string, value: () => number) =>
    new Counter({
      name: `${PREFIX}${name}`,
      help,
      registers,
      collect() {
        this.reset();
        this.inc(value());
      },
    });
  counter(
    'sampler_rounds_total',
    'Sampler rounds (LeaseLeases, then the reads due)',
    () => totals().rounds,
  );
  counter(
    'sampler_reads_total',
    'TimeToLive reads made by the sampler’s rounds',
    () => totals().reads,
  );
  counter('sampler_round_seconds_total', 'Time spent in sampler rounds, s', () => totals().seconds);
  new Gauge({
    name: `${PREFIX}sampler_last_round_seconds`,
    help: 'How long the last sampler round took, s',
    registers,
    collect() {
      this.set((getMonitor().sampler.stats().lastRound?.ms ?? 0) / 1000);
    },
  });
  new Counter({
    name: `${PREFIX}etcd_requests_total`,
    help: 'Requests this dashboard sent etcd, by gRPC method and outcome',
    labelNames: ['method', 'outcome'],
    registers,
    collect() {
      this.reset();
      for (const { method, outcome, count } of requestCounts())
        this.inc({ method, outcome }, count);
    },
  });
  new Gauge({
    name: `${PREFIX}etcd_up`,
    help: '1 when etcd answered the dashboard’s last round and status checks, else 0',
    registers,
    collect() {
      this.set(etcdNow().ok ? 1 : 0);
    },
  });
}

/** Events by kind, and the keep-alive's renewals and failures among them, counted as they happen. */
function eventMetrics(registers: Registry[]): void {
  const events = new Counter({
    name: `${PREFIX}events_total`,
    help: 'Events in the dashboard’s log, by kind (lease-granted, lease-expired, key-deleted, ...)',
    labelNames: ['kind'],
    registers,
  });
  const renewals = new Counter({
    name: `${PREFIX}keep_alive_renewals_total`,
    help: 'Renewals made by the dashboard’s keep-alive',
    registers,
  });
  const failures = new Counter({
    name: `${PREFIX}keep_alive_failures_total`,
    help: 'Renewals that failed (the keep-alive’s, and the scenarios’)',
    registers,
  });
  getEventLog().subscribe((event) => {
    events.inc({ kind: event.kind });
    if (event.kind === 'lease-kept-alive') renewals.inc();
    if (event.kind === 'renewal-failed') failures.inc();
  });
}
