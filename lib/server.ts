import 'server-only';
import { ClusterMonitor } from '@/lib/cluster/cluster-monitor';
import { configOrNull } from '@/lib/config/env';
import { DEFAULT_FINDING_THRESHOLDS } from '@/lib/config/finding-thresholds';
import { FindingsEngine } from '@/lib/findings/findings-engine';
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

// The composition root: the server's one set of parts, wired once. The event log; the sampler that
// reads leases and watches keys; the one path for changes to etcd; the keep-alives, which renew
// through that path; the cluster monitor that asks each member how it is. One set per process, on
// globalThis so dev-mode hot reload does not start a second. With replicas (DASHBOARD_URL), the
// set runs only while this replica leads: startDashboard() campaigns, and a replica that stops
// leading drops its set (dropMonitor) and proxies to the leader (proxy.ts).

type Monitor = {
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
};

const cache = globalThis as typeof globalThis & {
  __leaseDashboardMonitor?: Monitor;
  /** kept when a replica stops leading, so its log goes on where it left off */
  __leaseDashboardEvents?: EventLog;
  __leaseDashboardRounds?: RoundLog;
};

export function getMonitor(): Monitor {
  // A replica runs the parts only while it leads: a follower's would double etcd's cost, and its
  // renewals would race the leader's.
  const replica = replicaState();
  if (replica && replica.role !== 'leader')
    throw new DashboardError('not_leader', say('errors.notLeader'));
  if (!cache.__leaseDashboardMonitor) {
    const events = processEvents();
    const contention: Contention = new Contention((id): LeaseView | null => sampler.lease(id));
    // Kept across monitor drops, like the event log: the metrics' totals only grow.
    const rounds = (cache.__leaseDashboardRounds ??= new RoundLog());
    const options = { ...samplerOptions(), keyListener: contention, rounds };
    const sampler = new LeaseSampler(events, options);
    const changes = new EtcdChanges(sampler, new KeepAliveStream(), etcdNow, leading);
    const keepAlive = new KeepAliveManager(sampler, events, changes);
    const cluster = new ClusterMonitor(events);
    const config = configOrNull();
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
    );
    cache.__leaseDashboardMonitor = {
      events,
      sampler,
      keepAlive,
      cluster,
      changes,
      contention,
      rounds,
      findings,
    };
    void sampler.start();
    contention.start();
    cluster.start();
    findings.start();
  }
  return cache.__leaseDashboardMonitor;
}

/** The process's event log, kept across monitor drops; starts nothing. */
export function processEvents(): EventLog {
  return (cache.__leaseDashboardEvents ??= new EventLog());
}

/** The parts, if this process runs them (alone, or leading); never starts them (the metrics). */
export function runningMonitor(): Monitor | null {
  return cache.__leaseDashboardMonitor ?? null;
}

/** Alone, or leading the replicas: this process may change etcd. */
function leading(): boolean {
  const replica = replicaState();
  return !replica || replica.mayAct();
}

/** Stops this process's set of parts (another replica leads now); the keep-alive intents stay. */
export function dropMonitor(): void {
  const monitor = cache.__leaseDashboardMonitor;
  if (!monitor) return;
  cache.__leaseDashboardMonitor = undefined;
  monitor.keepAlive.close();
  monitor.sampler.stop();
  monitor.contention.stop();
  monitor.cluster.stop();
  monitor.findings.stop();
}

/**
 * At start-up (instrumentation.ts). Alone: start the parts and resume the keep-alives noted in etcd.
 * With DASHBOARD_URL (and not read-only, which writes nothing and so cannot campaign): campaign to
 * lead, and do that only while leading. SIGTERM hands the leadership over at once.
 */
export function startDashboard(): void {
  const config = configOrNull();
  if (!config?.url || config.access.readOnly) {
    const { keepAlive } = getMonitor();
    if (config && !config.access.readOnly) void keepAlive.resume();
    return;
  }
  if (replicaState() || !config.replicaSecret) return;
  const auth = new ReplicaAuth(config.replicaSecret);
  const leadership = new Leadership(config.url, config.ownPrefix, auth, {
    lead: () => void getMonitor().keepAlive.resume(),
    stepDown: () => dropMonitor(),
    follow: () => dropMonitor(),
  });
  leadership.start();
  process.once('SIGTERM', () => holdExit(leadership.close(), HANDOVER_MS));
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
  const settled = Promise.race([done, new Promise((resolve) => setTimeout(resolve, ms))]);
  process.exit = ((code?: number | string | null) => {
    void settled.finally(() => exit(code));
  }) as typeof process.exit;
}

/**
 * The cap on reads and the watched prefixes; a bad configuration is reported by the sampler's
 * first round.
 */
function samplerOptions(): SamplerOptions {
  const config = configOrNull();
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
 * Whether etcd answers now: the sampler's rounds, and each endpoint's status checks (every 0.25 s,
 * 0.8 s to answer). When every configured endpoint fails its check, etcd is not answering even if
 * the sampler's last round was fine: a stopped etcd then shows within about 1.05 s, not when the
 * sampler's requests give up.
 */
export function etcdNow(): EtcdStatus {
  const { sampler, cluster } = getMonitor();
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
