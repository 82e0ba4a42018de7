import 'server-only';
import { ClusterMonitor } from '@/lib/cluster/cluster-monitor';
import {
  configOrNull,
  currentDashboard,
  dashboards,
  homeDashboard,
  inDashboard,
  slot,
} from '@/lib/dashboard/registry';
import type { DashboardConfig } from '@/lib/config/env';
import { DEFAULT_FINDING_THRESHOLDS } from '@/lib/config/finding-thresholds';
import { FindingsEngine, type JudgeTotals } from '@/lib/findings/findings-engine';
import { EventLog } from '@/lib/events/event-log';
import { KeepAliveManager } from '@/lib/keep-alive/keep-alive-manager';
import { LeaseSampler } from '@/lib/sampler/lease-sampler';
import { Contention } from '@/lib/sampler/contention';
import { RoundLog } from '@/lib/sampler/round-log';
import { KeepAliveStream } from '@/lib/etcd/keep-alive';
import { EtcdChanges } from '@/lib/mutations/etcd-changes';
import { electionDir, Leadership } from '@/lib/replicas/leadership';
import { ReplicaAuth } from '@/lib/replicas/replica-auth';
import type { SamplerOptions } from '@/lib/sampler/sampler-options';
import { replicaState } from '@/lib/replicas/replica-state';
import type { EtcdStatus, LeaseView } from '@/lib/shared/contract';
import { say } from '@/lib/shared/english';
import { DashboardError } from '@/lib/shared/errors';
import { AuditTrail, newAuditTotals, type AuditTotals } from '@/lib/audit/audit-trail';
import { etcdAuditStore } from '@/lib/audit/audit-store';
import { auditDir } from '@/lib/audit/ring';
import { DEFAULT_AUDIT_MAX_BYTES, DEFAULT_AUDIT_MAX_ENTRIES } from '@/lib/config/env';
import { waitAtMost } from '@/lib/shared/wait';

// The composition root: buildParts() is the one factory of a dashboard's parts from its
// configuration, owned by the dashboard's value (lib/dashboard/). With replicas, they run only
// while this replica leads; one that stops leading drops them and proxies to the leader (proxy.ts).

export type Parts = {
  events: EventLog;
  sampler: LeaseSampler;
  keepAlive: KeepAliveManager;
  cluster: ClusterMonitor;
  changes: EtcdChanges;
  /** the locks and elections the leases take part in */
  contention: Contention;
  /** the sampler's rounds (for the metrics' totals) */
  rounds: RoundLog;
  /** what is wrong with the leases, judged from the parts above (no etcd request of its own) */
  findings: FindingsEngine;
  /** every change and attempt through the dashboard, kept in etcd while this process leads */
  audit: AuditTrail;
};

/** What outlives the parts when a replica stops leading: its log and its totals go on. */
export type Kept = {
  events: EventLog;
  rounds: RoundLog;
  judged: JudgeTotals;
  audited: AuditTotals;
};

/**
 * Builds every part for one dashboard from its configuration, wired together; starts nothing.
 * `leading` says whether this process may change etcd now (replicas); tests leave it out.
 */
export function buildParts(
  config: DashboardConfig | null,
  kept: Kept = newKept(),
  leading: () => boolean = () => true,
): Parts {
  const { events, rounds } = kept;
  const contention: Contention = new Contention((id): LeaseView | null => sampler.lease(id));
  const options = {
    ...samplerOptions(config),
    keyListener: contention,
    rounds,
    grantedGone: (id: string) => void changes.forgetGranted(id),
  };
  const sampler = new LeaseSampler(events, options);
  const cluster = new ClusterMonitor(events);
  const changes = new EtcdChanges(
    sampler,
    new KeepAliveStream(),
    () => etcdStatusOf(sampler, cluster),
    leading,
  );
  const keepAlive = new KeepAliveManager(sampler, events, changes);
  const findings = new FindingsEngine(
    {
      leases: () => sampler.eachWithJumps(),
      lease: (id) => sampler.lease(id),
      groups: () => contention.readings(),
      events: () => events.since(0),
      keptAlive: (id) => keepAlive.view(id)?.on === true,
      readOnly: () => config?.access.readOnly ?? true,
    },
    config?.findings ?? DEFAULT_FINDING_THRESHOLDS,
    { off: config?.findingsOff, totals: kept.judged },
  );
  const audit = new AuditTrail({
    store: config ? etcdAuditStore(auditDir(config.ownPrefix)) : null,
    dir: config ? auditDir(config.ownPrefix) : null,
    bounds: config?.audit ?? {
      maxEntries: DEFAULT_AUDIT_MAX_ENTRIES,
      maxBytes: DEFAULT_AUDIT_MAX_BYTES,
    },
    // Read when each entry is written, as every change checks read-only mode (lib/access/guard.ts).
    readOnly: () => configOrNull()?.access.readOnly !== false,
    leading,
    totals: kept.audited,
  });
  return { events, sampler, keepAlive, cluster, changes, contention, rounds, findings, audit };
}

function newKept(): Kept {
  return {
    events: new EventLog(),
    rounds: new RoundLog(),
    judged: { judgements: 0, seconds: 0 },
    audited: newAuditTotals(),
  };
}

function startParts(parts: Parts): void {
  // First, so that a new leader has read the trail before its first entry.
  parts.audit.start();
  void parts.sampler.start();
  // Before any change asks (and they wait for it): which leases this dashboard granted before.
  void parts.changes.loadGranted();
  parts.contention.start();
  parts.cluster.start();
  parts.findings.start();
}

function stopParts(parts: Parts): void {
  parts.keepAlive.close();
  parts.sampler.stop();
  parts.contention.stop();
  parts.cluster.stop();
  parts.findings.stop();
}

/** Kept across drops of the parts, so the log goes on where it left off and totals only grow. */
const KEPT = slot('server.kept', (): Kept => newKept());
const PARTS = slot(
  'server.parts',
  (dashboard): Parts => {
    const parts = buildParts(dashboard.configOrNull(), dashboard.get(KEPT), leading);
    startParts(parts);
    return parts;
  },
  stopParts,
);

export function getMonitor(): Parts {
  // A replica runs the parts only while it leads: a follower's would double etcd's cost, and its
  // renewals would race the leader's.
  const replica = replicaState();
  if (replica && replica.role !== 'leader')
    throw new DashboardError('not_leader', say('errors.notLeader'));
  return currentDashboard().get(PARTS);
}

/** The dashboard's event log, kept across drops of its parts; starts nothing. */
export function processEvents(): EventLog {
  return currentDashboard().get(KEPT).events;
}

/** What became of the dashboard's audit entries, counted across drops of its parts (the metrics). */
export function auditTotals(): AuditTotals {
  return currentDashboard().get(KEPT).audited;
}

/** The parts, if this process runs them (alone, or leading); never starts them (the metrics). */
export function runningMonitor(): Parts | null {
  return currentDashboard().peek(PARTS) ?? null;
}

/** Alone, or leading the replicas: this process may change etcd. */
function leading(): boolean {
  const replica = replicaState();
  return !replica || replica.mayAct();
}

/** Stops this dashboard's parts (another replica leads now); the keep-alive intents stay. */
export function dropMonitor(): void {
  currentDashboard().forget(PARTS);
}

/**
 * At start-up (instrumentation.ts). Alone: start the parts and resume the keep-alives noted in etcd.
 * With DASHBOARD_URL (and not read-only, which writes nothing and so cannot campaign): campaign to
 * lead, and do that only while leading. SIGTERM hands the leadership over at once.
 */
export function startDashboard(): void {
  const home = homeDashboard();
  const config = home?.configOrNull();
  if (!home || !config?.url) {
    eachDashboard(() => {
      const { keepAlive } = getMonitor();
      if (configOrNull()?.access.readOnly === false) void keepAlive.resume();
    });
    return;
  }
  const { url, ownPrefix } = config;
  if (replicaState() || !config.replicaSecret) return;
  // One leadership for every cluster, campaigned for in the home cluster's etcd.
  const auth = new ReplicaAuth(config.replicaSecret);
  inDashboard(home, () => {
    const leadership = new Leadership(url, ownPrefix, auth, {
      lead: () =>
        eachDashboard(() => {
          const { keepAlive } = getMonitor();
          if (configOrNull()?.access.readOnly === false) void keepAlive.resume();
        }),
      stepDown: () => eachDashboard(dropMonitor),
      follow: () => eachDashboard(dropMonitor),
    });
    leadership.start();
    process.once('SIGTERM', () => holdExit(leadership.close(), HANDOVER_MS));
  });
}

/** Runs `fn` once as work for each dashboard this process serves. */
function eachDashboard(fn: () => void): void {
  for (const d of dashboards()) inDashboard(d, fn);
}

/** How long a SIGTERM waits for the leadership to be handed over before the process exits. */
const HANDOVER_MS = 2000;

/**
 * Next.js exits on SIGTERM as soon as its server has closed, which can be before etcd has revoked
 * this replica's session: the next replica would then wait out the session's TTL instead of
 * leading at once. So its exit waits for `done` (at most `ms`).
 */
function holdExit(done: Promise<unknown>, ms: number): void {
  const exit = process.exit.bind(process);
  const settled = waitAtMost(done, ms);
  process.exit = ((code?: number | string | null) => {
    void settled.finally(() => exit(code));
  }) as typeof process.exit;
}

/**
 * The cap on reads and the watched prefixes; a bad configuration is reported by the sampler's
 * first round.
 */
function samplerOptions(config: DashboardConfig | null): SamplerOptions {
  if (!config) return { watchPrefixes: null };
  return {
    maxReadsPerSecond: config.maxReadsPerSecond ?? undefined,
    watchPrefixes: config.watchPrefixes,
    sessionKeyPrefix: electionDir(config.ownPrefix),
  };
}

export function getSampler(): LeaseSampler {
  return getMonitor().sampler;
}

export function getKeepAlive(): KeepAliveManager {
  return getMonitor().keepAlive;
}

/** The one way to change etcd (lib/mutations/etcd-changes.ts). */
export function getChanges(): EtcdChanges {
  return getMonitor().changes;
}

export function getEventLog(): EventLog {
  return getMonitor().events;
}

/**
 * Whether etcd answers now: the sampler's rounds, and each endpoint's status checks. When every
 * endpoint fails its check, etcd is not answering even if the last round was fine, so a stopped
 * etcd shows at once, not when the sampler's requests give up.
 */
export function etcdNow(): EtcdStatus {
  const { sampler, cluster } = getMonitor();
  return etcdStatusOf(sampler, cluster);
}

function etcdStatusOf(sampler: LeaseSampler, cluster: ClusterMonitor): EtcdStatus {
  const status = sampler.etcdStatus();
  const failing = cluster.failing();
  const allFailing = failing.length > 0 && failing.length >= status.endpoints.length;
  if (!status.ok || !allFailing) return { ...status, failing };
  const why = failing.map((f) => `${f.endpoint}: ${f.error.text}`).join('; ');
  const said = say('errors.noEndpointAnswers', { endpoints: status.endpoints.join(', '), why });
  return {
    ...status,
    ok: false,
    problem: 'unreachable',
    error: { code: 'etcd_unavailable', ...said },
    failing,
  };
}
