import 'server-only';
import { ClusterMonitor } from '@/lib/cluster/cluster-monitor';
import { getConfig } from '@/lib/config/env';
import { EventLog } from '@/lib/events/event-log';
import { KeepAliveManager } from '@/lib/keep-alive/keep-alive-manager';
import { LeaseSampler } from '@/lib/sampler/lease-sampler';
import { KeepAliveStream } from '@/lib/etcd/keep-alive';
import { EtcdChanges } from '@/lib/mutations/etcd-changes';

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
    const sampler = new LeaseSampler(events, { maxReadsPerSecond: configuredMaxReads() });
    const changes = new EtcdChanges(sampler, new KeepAliveStream());
    const keepAlive = new KeepAliveManager(sampler, events, changes);
    const cluster = new ClusterMonitor(events);
    cache.__leaseDashboardMonitor = { events, sampler, keepAlive, cluster, changes };
    void sampler.start();
    cluster.start();
  }
  return cache.__leaseDashboardMonitor;
}

/** The configured cap on reads; a bad configuration is reported by the sampler's first round. */
function configuredMaxReads(): number | undefined {
  try {
    return getConfig().maxReadsPerSecond ?? undefined;
  } catch {
    return undefined;
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
