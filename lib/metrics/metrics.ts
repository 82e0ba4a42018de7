import 'server-only';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { renewalCounts, requestCounts } from '@/lib/etcd/request-counts';
import { auditTotals, etcdNow, processEvents, runningMonitor } from '@/lib/server';
import { EXPIRING_SOON_S, expiresAt } from '@/lib/shared/lease-query';
import type { LeaseStatus, LeaseSummary } from '@/lib/shared/contract';
import { derivedLeases } from '@/lib/api/derived-leases';
import { FINDING_KINDS } from '@/lib/shared/contract-findings';
import { SEVERITY } from '@/lib/findings/kinds';
import {
  currentDashboard,
  dashboards,
  inDashboard,
  processState,
  slot,
} from '@/lib/dashboard/registry';

// What GET /metrics tells Prometheus, worked out at scrape time from what the sampler holds, so a
// scrape sends etcd nothing. Only the leader reports lease series (a follower has no sampler).
// The one per-lease metric is capped at PER_LEASE_GAUGES, so a big cluster never floods Prometheus.

export const PREFIX = 'lease_dashboard_';
export const PER_LEASE_GAUGES = 50;
const STATES: LeaseStatus[] = ['alive', 'unread', 'expired', 'revoked'];
/** One pass over the leases serves every metric of a scrape. */
const SNAPSHOT_MS = 500;

type Snapshot = {
  states: Map<LeaseStatus, number>;
  /** the counts and histogram the page shows, as derived for every viewer (../api/derived-leases.ts) */
  summary: LeaseSummary;
  kept: { id: string; left: number }[];
};

/** The registry: one per process, whichever dashboards it serves. */
const REGISTRY = slot('metrics.registry', () => build());
const SNAPSHOT = slot('metrics.snapshot', () => ({
  at: -Infinity,
  snapshot: null as Snapshot | null,
}));

export function metricsRegistry(): Registry {
  return processState().get(REGISTRY);
}

/** The leases as the sampler holds them now; null when this process does not run one. */
function snapshot(now = Date.now()): Snapshot | null {
  const last = currentDashboard().get(SNAPSHOT);
  if (now - last.at < SNAPSHOT_MS) return last.snapshot;
  const monitor = runningMonitor();
  let taken: Snapshot | null = null;
  if (monitor) {
    const states = new Map<LeaseStatus, number>(STATES.map((s) => [s, 0]));
    const kept: Snapshot['kept'] = [];
    for (const v of monitor.sampler.views()) {
      states.set(v.status, (states.get(v.status) ?? 0) + 1);
      if (v.status === 'alive' && monitor.keepAlive.view(v.id)?.on)
        kept.push({ id: v.id, left: Math.max(0, (expiresAt(v) - now) / 1000) });
    }
    kept.sort((a, b) => a.left - b.left);
    taken = { states, summary: derivedLeases(monitor.sampler, now).summary, kept };
  }
  last.at = now;
  last.snapshot = taken;
  return taken;
}

function build(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: PREFIX });
  // Gauges that prom-client names like counters, which promtool's lint refuses; the same figures
  // stay as nodejs_active_handles, nodejs_active_requests and nodejs_active_resources.
  for (const kind of ['handles', 'requests', 'resources'])
    registry.removeSingleMetric(`${PREFIX}nodejs_active_${kind}_total`);
  const registers = [registry];
  const gauge = (
    name: string,
    help: string,
    labelNames: string[],
    fill: (set: SetGauge, s: Snapshot) => void,
  ) =>
    new Gauge({
      name: `${PREFIX}${name}`,
      help,
      labelNames: ['cluster', ...labelNames],
      registers,
      collect() {
        this.reset();
        forEachCluster((cluster) => {
          const s = snapshot();
          if (s) fill((value, labels = {}) => this.set({ cluster, ...labels }, value), s);
        });
      },
    });

  new Gauge({
    name: `${PREFIX}leading`,
    help: '1 when this process runs the sampler (alone, or leading the replicas), else 0',
    registers,
    collect() {
      this.set(runningMonitor() ? 1 : 0);
    },
  });
  gauge(
    'leases',
    'Leases the sampler holds, by state: alive, unread (listed, not read yet), and recently expired or revoked',
    ['state'],
    (set, s) => s.states.forEach((n, state) => set(n, { state })),
  );
  gauge(
    'leases_expiring_soon',
    `Alive leases with ${EXPIRING_SOON_S} s or less left, by their last reading`,
    [],
    (set, s) => set(s.summary.expiringSoon),
  );
  gauge(
    'leases_by_remaining_ttl',
    'Alive leases with less than `below` seconds left, by their last reading (cumulative)',
    ['below'],
    (set, s) => {
      // The page's buckets ([from, to) seconds left), added up: leases with less than `to` left.
      let below = 0;
      for (const bucket of s.summary.histogram) {
        below += bucket.count;
        set(below, { below: bucket.to === null ? '+Inf' : String(bucket.to) });
      }
    },
  );
  gauge(
    'lease_remaining_seconds',
    `Remaining TTL of each lease this dashboard keeps alive (at most ${PER_LEASE_GAUGES}, the soonest to expire)`,
    ['lease'],
    (set, s) =>
      s.kept.slice(0, PER_LEASE_GAUGES).forEach(({ id, left }) => set(left, { lease: id })),
  );
  gauge('keep_alives_running', 'Leases this dashboard keeps alive now', [], (set, s) =>
    set(s.kept.length),
  );
  gauge(
    'findings',
    'Leases (locks and elections, for their kinds) each finding covers now; 0 for kinds not found',
    ['kind', 'severity'],
    (set) => {
      const findings = runningMonitor()?.findings;
      if (!findings || findings.off) return;
      const counts = findings.counts();
      for (const kind of FINDING_KINDS)
        set(counts.get(kind) ?? 0, { kind, severity: SEVERITY[kind] });
    },
  );
  gauge('sampler_last_round_seconds', 'How long the last sampler round took, s', [], (set) =>
    set((runningMonitor()?.sampler.stats().lastRound?.ms ?? 0) / 1000),
  );
  totals(registers);
  return registry;
}

/** Counters: the sampler's rounds, etcd's requests, renewals, events. They only grow. */
function totals(registers: Registry[]): void {
  const counter = (name: string, help: string, value: () => number) =>
    new Counter({
      name: `${PREFIX}${name}`,
      help,
      labelNames: ['cluster'],
      registers,
      collect() {
        this.reset();
        forEachCluster((cluster) => this.inc({ cluster }, value()));
      },
    });
  const rounds = () => runningMonitor()?.rounds.totals() ?? { rounds: 0, reads: 0, seconds: 0 };
  counter(
    'sampler_rounds_total',
    'Sampler rounds (LeaseLeases, then the reads due)',
    () => rounds().rounds,
  );
  counter(
    'sampler_reads_total',
    'TimeToLive reads made by the sampler’s rounds',
    () => rounds().reads,
  );
  counter('sampler_round_seconds_total', 'Time spent in sampler rounds, s', () => rounds().seconds);
  const judged = () => runningMonitor()?.findings.totals() ?? { judgements: 0, seconds: 0 };
  counter('findings_judgements_total', 'Judgements of the findings', () => judged().judgements);
  counter(
    'findings_judge_seconds_total',
    'Time the server’s main thread spent judging the findings, s',
    () => judged().seconds,
  );
  counter(
    'keep_alive_renewals_total',
    'Renewals the dashboard’s keep-alive stream made (kept-alive leases, scenarios)',
    () => renewalCounts().renewals,
  );
  counter(
    'keep_alive_failures_total',
    'Renewals on the keep-alive stream that failed (an error, or the lease gone)',
    () => renewalCounts().failures,
  );
  new Counter({
    name: `${PREFIX}etcd_requests_total`,
    help: 'Requests this dashboard sent etcd, by gRPC method and outcome',
    labelNames: ['cluster', 'method', 'outcome'],
    registers,
    collect() {
      this.reset();
      forEachCluster((cluster) => {
        for (const { method, outcome, count } of requestCounts())
          this.inc({ cluster, method, outcome }, count);
      });
    },
  });
  new Counter({
    name: `${PREFIX}audit_entries_total`,
    help: 'Audit entries (each also a line on stdout), by what became of them: stored in etcd, kept in memory (read-only), failed to store, or limited (a client’s refused attempts beyond its allowance)',
    labelNames: ['cluster', 'outcome'],
    registers,
    collect() {
      this.reset();
      forEachCluster((cluster) => {
        for (const [outcome, count] of Object.entries(auditTotals()))
          this.inc({ cluster, outcome }, count);
      });
    },
  });
  new Gauge({
    name: `${PREFIX}etcd_up`,
    help: '1 when etcd answered the dashboard’s last round and status checks, else 0',
    labelNames: ['cluster'],
    registers,
    collect() {
      this.reset();
      forEachCluster((cluster) => this.set({ cluster }, runningMonitor() && etcdNow().ok ? 1 : 0));
    },
  });
  const events = new Counter({
    name: `${PREFIX}events_total`,
    help: 'Events in the dashboard’s log, by kind (lease-granted, lease-expired, key-deleted, ...)',
    labelNames: ['cluster', 'kind'],
    registers,
  });
  forEachCluster((cluster) =>
    processEvents().subscribe((event) => events.inc({ cluster, kind: event.kind })),
  );
}

/** A gauge's value, with its labels besides the cluster. */
type SetGauge = (value: number, labels?: Record<string, string>) => void;

/** Runs `fn` as work for each dashboard, with its cluster's name for the `cluster` label. */
function forEachCluster(fn: (cluster: string) => void): void {
  for (const d of dashboards()) inDashboard(d, () => fn(d.name));
}
