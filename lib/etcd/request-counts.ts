import { currentDashboard, slot } from '@/lib/dashboard/registry';

// Requests the dashboard sent etcd, by gRPC method and outcome, for the metrics endpoint
// (lib/metrics/). The watch and election streams are long-lived, not requests, so are not counted.

export type EtcdMethod =
  | 'LeaseGrant'
  | 'LeaseRevoke'
  | 'LeaseTimeToLive'
  | 'LeaseLeases'
  | 'LeaseKeepAlive'
  | 'Put'
  | 'Range'
  | 'DeleteRange'
  | 'Txn'
  | 'MemberList'
  | 'Status';

export type Outcome = 'ok' | 'error';

const REQUESTS = slot('etcd.request-counts', () => new Map<string, number>());
const RENEWALS = slot('etcd.renewal-counts', () => ({ renewals: 0, failures: 0 }));
const counts = (): Map<string, number> => currentDashboard().get(REQUESTS);

export function countRequest(method: EtcdMethod, outcome: Outcome, n = 1): void {
  if (n <= 0) return;
  const key = `${method} ${outcome}`;
  counts().set(key, (counts().get(key) ?? 0) + n);
}

/** The keep-alive stream's renewals: answered with a TTL, or failed (an error, or the lease gone). */
export function countRenewal(outcome: Outcome): void {
  countRequest('LeaseKeepAlive', outcome);
  const key = outcome === 'ok' ? 'renewals' : 'failures';
  renewals()[key]++;
}

const renewals = () => currentDashboard().get(RENEWALS);

export function renewalCounts(): { renewals: number; failures: number } {
  return { ...renewals() };
}

export function requestCounts(): { method: EtcdMethod; outcome: Outcome; count: number }[] {
  return [...counts()].map(([key, count]) => {
    const [method, outcome] = key.split(' ') as [EtcdMethod, Outcome];
    return { method, outcome, count };
  });
}
