import 'server-only';
import { Etcd3 } from 'etcd3';
import { currentDashboard, getConfig, slot } from '@/lib/dashboard/registry';
import type { DashboardConfig } from '@/lib/config/env';
import { clientOptions, endpointClientOptions, type Connection } from '@/lib/etcd/client-options';

export {
  REQUEST_TIMEOUT_MS,
  RETRY_ENDPOINT_AFTER_MS,
  STATUS_TIMEOUT_MS,
} from '@/lib/etcd/client-options';

// One etcd3 client per dashboard, plus one per endpoint for its member's status, owned and closed
// by the dashboard's value. Their setup (./client-options.ts) is shared with the reader's.

const connectionOf = ({ endpoints, auth, tls }: DashboardConfig): Connection => ({
  endpoints,
  auth,
  tls,
});

const CLIENT = slot(
  'etcd.client',
  (dashboard) => new Etcd3(clientOptions(connectionOf(dashboard.getConfig()))),
  (client) => client.close(),
);

const ENDPOINT_CLIENTS = slot(
  'etcd.endpoint-clients',
  () => new Map<string, Etcd3>(),
  (clients) => clients.forEach((c) => c.close()),
);

/** Where this dashboard's etcd is and how to sign in: what every client of it connects with. */
export function connection(): Connection {
  return connectionOf(getConfig());
}

export function getEtcd(): Etcd3 {
  return currentDashboard().get(CLIENT);
}

/** A client that talks to one endpoint only, with no retries: its failures are that member's. */
export function getEndpointClient(endpoint: string): Etcd3 {
  const clients = currentDashboard().get(ENDPOINT_CLIENTS);
  let client = clients.get(endpoint);
  if (!client) {
    client = new Etcd3(endpointClientOptions(connection(), endpoint));
    clients.set(endpoint, client);
  }
  return client;
}

/** Closes every client (tests, shutdown). The next getEtcd() opens a new one. */
export function closeEtcd(): void {
  const dashboard = currentDashboard();
  dashboard.forget(CLIENT);
  dashboard.forget(ENDPOINT_CLIENTS);
}

export function endpoints(): string[] {
  return getConfig().endpoints;
}
