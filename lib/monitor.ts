import 'server-only';
import { EventLog } from './events/event-log';
import { KeepAliveManager } from './keep-alive/keep-alive-manager';
import { LeaseSampler } from './sampler/lease-sampler';
import type { LeaseDetailResponse, LeaseView, LeasesResponse } from './types';

// The server's one view of the cluster: the event log, the sampler that reads leases and watches
// keys, and the keep-alives. One per process, on globalThis so dev-mode hot reload does not start a
// second set. Route handlers and actions get everything they show from here.

type Monitor = { events: EventLog; sampler: LeaseSampler; keepAlive: KeepAliveManager };

const cache = globalThis as typeof globalThis & { __leaseDashboardMonitor?: Monitor };

export function getMonitor(): Monitor {
  if (!cache.__leaseDashboardMonitor) {
    const events = new EventLog();
    const sampler = new LeaseSampler(events);
    const keepAlive = new KeepAliveManager(sampler, events);
    cache.__leaseDashboardMonitor = { events, sampler, keepAlive };
    void sampler.start();
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

/** Every lease as last read, with its keep-alive state. Waits briefly for the first round. */
export async function leasesSnapshot(): Promise<LeasesResponse> {
  const { sampler } = getMonitor();
  await sampler.ready();
  const snapshot = sampler.snapshot();
  return { ...snapshot, leases: snapshot.leases.map(withKeepAlive) };
}

/** One lease with its history and events, or null if the dashboard has not seen it. */
export async function leaseDetail(id: string): Promise<LeaseDetailResponse | null> {
  const { sampler } = getMonitor();
  await sampler.ready();
  const detail = sampler.detail(id);
  return detail && { ...detail, lease: withKeepAlive(detail.lease) };
}

function withKeepAlive(lease: LeaseView): LeaseView {
  return { ...lease, keepAlive: getKeepAlive().view(lease.id) };
}
