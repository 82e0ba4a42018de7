import 'server-only';
import { Etcd3 } from 'etcd3';
import { getConfig } from '@/lib/config/env';
import { clientOptions, endpointClientOptions, type Connection } from '@/lib/etcd/client-options';

export {
  REQUEST_TIMEOUT_MS,
  RETRY_ENDPOINT_AFTER_MS,
  STATUS_TIMEOUT_MS,
} from '@/lib/etcd/client-options';

// One etcd3 client per server process, plus one small client per configured endpoint for asking
// each member how it is (etcdctl endpoint status does the same). Kept on globalThis so that Next's
// dev-mode hot reload, which re-evaluates modules, does not open new gRPC connections on every edit.
// How each is set up (timeouts, retries, TLS) is ./client-options.ts, shared with the reader's.

const cache = globalThis as typeof globalThis & {
  __leaseDashboardEtcd?: Etcd3;
  __leaseDashboardEndpointClients?: Map<string, Etcd3>;
};

/** Where etcd is and how to sign in, from the configuration: what every client connects with. */
export function connection(): Connection {
  const { endpoints, auth, tls } = getConfig();
  return { endpoints, auth, tls };
}

export function getEtcd(): Etcd3 {
  if (!cache.__leaseDashboardEtcd) {
    cache.__leaseDashboardEtcd = new Etcd3(clientOptions(connection()));
  }
  return cache.__leaseDashboardEtcd;
}

/** A client that talks to one endpoint only, with no retries: its failures are that member's. */
export function getEndpointClient(endpoint: string): Etcd3 {
  cache.__leaseDashboardEndpointClients ??= new Map();
  let client = cache.__leaseDashboardEndpointClients.get(endpoint);
  if (!client) {
    client = new Etcd3(endpointClientOptions(connection(), endpoint));
    cache.__leaseDashboardEndpointClients.set(endpoint, client);
  }
  return client;
}

/** Closes every client (tests, shutdown). The next getEtcd() opens a new one. */
export function closeEtcd(): void {
  cache.__leaseDashboardEtcd?.close();
  cache.__leaseDashboardEtcd = undefined;
  cache.__leaseDashboardEndpointClients?.forEach((c) => c.close());
  cache.__leaseDashboardEndpointClients = undefined;
}

export function endpoints(): string[] {
  return getConfig().endpoints;
}
