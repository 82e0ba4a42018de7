import 'server-only';
import { ClusterMonitor } from '@/lib/cluster/cluster-monitor';
import { getConfig } from '@/lib/config/env';
import { EventLog } from '@/lib/events/event-log';
import { KeepAliveManager } from '@/lib/keep-alive/keep-alive-manager';
import { LeaseSampler } from '@/lib/sampler/lease-sampler';
import { KeepAliveStream } from '@/lib/etcd/keep-alive';
import { EtcdChanges } from '@/lib/mutations/etcd-changes';
import type { EtcdStatus } from '@/lib/shared/contract';

// The composition root: the server's one set of parts, wired once. The event log; the sampler that
// reads leases and watches keys; the one path for changes to etcd; the keep-alives, which renew
// through that path; the cluster monitor that asks each member how it is. One set per process, on
// globalThis so dev-mode hot reload does not start a second.

type Monitor = {
  events: EventLog;
  sampler: LeaseSampler;
  keepAlive: KeepAliveManager;
  cluster: ClusterMonitor;
  changes: EtcdChanges;
};

const cache = globalThis as typeof globalThis & { __leaseDashboardMonitor?: Monitor };

export function getMonitor(): Monitor {
  if (!cache.__leaseDashboardMonitor) {
    const events = new EventLog();
    const sampler = new LeaseSampler(events, samplerOptions());
    const changes = new EtcdChanges(sampler, new KeepAliveStream(), etcdNow);
    const keepAlive = new KeepAliveManager(sampler, events, changes);
    const cluster = new ClusterMonitor(events);
    cache.__leaseDashboardMonitor = { events, sampler, keepAlive, cluster, changes };
    void sampler.start();
    cluster.start();
  }
  return cache.__leaseDashboardMonitor;
}

/**
 * The cap on reads and the watched prefixes; a bad configuration is reported by the sampler's
 * first round.
 */
function samplerOptions(): { maxReadsPerSecond?: number; watchPrefixes: string[] | null } {
  try {
    const config = getConfig();
    return {
      maxReadsPerSecond: config.maxReadsPerSecond ?? undefined,
      watchPrefixes: config.watchPrefixes,
    };
  } catch {
    return { watchPrefixes: null };
  }
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
 * Whether etcd answers now: the sampler's rounds, and each endpoint's status checks (every 0.5 s,
 * 0.8 s to answer). When every configured endpoint fails its check, etcd is not answering even if
 * the sampler's last round was fine: a stopped etcd then shows within about 1.3 s, not when the
 * sampler's requests give up.
 */
export function etcdNow(): EtcdStatus {
  const { sampler, cluster } = getMonitor();
  const status = sampler.etcdStatus();
  const failing = cluster.failing();
  const allFailing = failing.length > 0 && failing.length >= status.endpoints.length;
  if (!status.ok || !allFailing) return { ...status, failing };
  const why = failing.map((f) => `${f.endpoint}: ${f.error}`).join('; ');
  return {
    ...status,
    ok: false,
    problem: 'unreachable',
    error: `etcd is not answering at ${status.endpoints.join(', ')} (every endpoint failed its status check: ${why})`,
    failing,
  };
}
