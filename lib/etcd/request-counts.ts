// How many requests the dashboard sent etcd, by gRPC method and outcome, since the process started:
// for the metrics endpoint (lib/metrics/). Counted where each request is made (./leases.ts `call`,
// the reader's answers, the keep-alive stream). Plain counters; nothing else reads them.

export type EtcdMethod =
  | 'LeaseGrant'
  | 'LeaseRevoke'
  | 'LeaseTimeToLive'
  | 'LeaseLeases'
  | 'LeaseKeepAlive'
  | 'Put'
  | 'Range'
  | 'DeleteRange'
  | 'Watch';

export type Outcome = 'ok' | 'error';

const cache = globalThis as typeof globalThis & {
  __leaseDashboardEtcdRequests?: Map<string, number>;
};
const counts = (): Map<string, number> => (cache.__leaseDashboardEtcdRequests ??= new Map());

export function countRequest(method: EtcdMethod, outcome: Outcome, n = 1): void {
  if (n <= 0) return;
  const key = `${method} ${outcome}`;
  counts().set(key, (counts().get(key) ?? 0) + n);
}

export function requestCounts(): { method: EtcdMethod; outcome: Outcome; count: number }[] {
  return [...counts()].map(([key, count]) => {
    const [method, outcome] = key.split(' ') as [EtcdMethod, Outcome];
    return { method, outcome, count };
  });
}
