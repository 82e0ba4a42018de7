import 'server-only';
import { ClusterMonitor } from './cluster/cluster-monitor';
import { EventLog } from './events/event-log';
import { KeepAliveManager } from './keep-alive/keep-alive-manager';
import { LeaseSampler } from './sampler/lease-sampler';
import type {
  ClusterResponse,
  EtcdStatus,
  LeaseDetailResponse,
  LeaseView,
  LeasesResponse,
} from './types';

// The server's one view of the cluster: the event log, the sampler that reads leases and watches
// keys, the keep-alives, and the cluster monitor that asks each member how it is. One set per
// process, on globalThis so dev-mode hot reload does not start a second. Route handlers and actions
// get everything they show from here.

type Monitor = {
  events: EventLog;
  sampler: LeaseSampler;
  keepAlive: KeepAliveManager;
  cluster: ClusterMonitor;
};

const cache = globalThis as typeof globalThis & { __leaseDashboardMonitor?: Monitor };

export function getMonitor(): Monitor {
  if (!cache.__leaseDashboardMonitor) {
    const events = new EventLog();
    const sampler = new LeaseSampler(events);
    const keepAlive = new KeepAliveManager(sampler, events);
    const cluster = new ClusterMonitor(events);
    cache.__leaseDashboardMonitor = { events, sampler, keepAlive, cluster };
    void sampler.start();
    cluster.start();
  }
  return cache.__leaseDashboardMonitor;
}

export function getSampler(): LeaseSampler {
  return getMonitor().sampler;
}

export function getKeepAlive(): KeepAliveManager {
  return getMonitor().keepAlive;
}

export function getEventLog(): EventLog {
  return getMonitor().events;
}

/** Whether etcd answers: the sampler's last round, and which endpoints fail their status checks. */
export async function etcdStatus(): Promise<EtcdStatus & { sampledAt: number }> {
  const { sampler, cluster } = getMonitor();
  await sampler.ready();
  return { ...sampler.etcdStatus(), failing: cluster.failing(), sampledAt: sampler.lastSampledAt };
}

/** Every lease as last read, with its keep-alive state. Waits briefly for the first round. */
export async function leasesSnapshot(): Promise<LeasesResponse> {
  const { sampler, cluster } = getMonitor();
  await sampler.ready();
  const snapshot = sampler.snapshot();
  return {
    ...snapshot,
    etcd: { ...snapshot.etcd, failing: cluster.failing() },
    leases: snapshot.leases.map(withKeepAlive),
  };
}

/** One lease with its history and events, or null if the dashboard has not seen it. */
export async function leaseDetail(id: string): Promise<LeaseDetailResponse | null> {
  const { sampler, cluster } = getMonitor();
  await sampler.ready();
  const detail = sampler.detail(id);
  return (
    detail && {
      ...detail,
      etcd: { ...detail.etcd, failing: cluster.failing() },
      lease: withKeepAlive(detail.lease),
    }
  );
}

/** The members, which one leads, and how each configured endpoint answered. */
export function clusterView(): ClusterResponse {
  return getMonitor().cluster.view();
}

function withKeepAlive(lease: LeaseView): LeaseView {
  return { ...lease, keepAlive: getKeepAlive().view(lease.id) };
}
