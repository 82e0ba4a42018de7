import 'server-only';
import { ConsecutiveBreaker, circuitBreaker, handleWhen, noop, retry } from 'cockatiel';
import { Etcd3, GRPCResourceExhastedError, isRecoverableError, type IOptions } from 'etcd3';
import { getConfig } from '@/lib/config/env';

// One etcd3 client per server process, plus one small client per configured endpoint for asking
// each member how it is (etcdctl endpoint status does the same). Kept on globalThis so that Next's
// dev-mode hot reload, which re-evaluates modules, does not open new gRPC connections on every edit.

/** How long one unary etcd request may take before we call etcd unavailable. */
export const REQUEST_TIMEOUT_MS = 3000;
/** How long one member may take to answer a status request before it counts as not answering. */
export const STATUS_TIMEOUT_MS = 800;
/**
 * How soon an endpoint that failed three times is tried again. etcd3 waits 5 s, which would keep the
 * dashboard saying etcd is down for up to 5 s after it is back.
 */
export const RETRY_ENDPOINT_AFTER_MS = 1000;

/**
 * Whether an error says the endpoint is in trouble, so retrying and then holding off make sense.
 * etcd3 counts RESOURCE_EXHAUSTED among them, but an answer larger than gRPC's 4 MiB (one lease's
 * key list) is that request's problem: counted, one such lease opened the circuit and made every
 * request fail, and the dashboard said etcd was down.
 */
function isHostFailure(err: Error): boolean {
  return isRecoverableError(err) && !(err instanceof GRPCResourceExhastedError);
}

const cache = globalThis as typeof globalThis & {
  __leaseDashboardEtcd?: Etcd3;
  __leaseDashboardEndpointClients?: Map<string, Etcd3>;
};

/** What every client shares: credentials and TLS from the configuration. */
function connectionOptions(): Pick<IOptions, 'auth' | 'credentials' | 'dialTimeout'> {
  const { auth, tls } = getConfig();
  return {
    dialTimeout: REQUEST_TIMEOUT_MS,
    auth: auth ?? undefined,
    credentials: tls
      ? {
          // null means the system's CAs; etcd3's typing wants a Buffer but passes it to gRPC as is.
          rootCertificate: tls.ca as Buffer,
          privateKey: tls.key ?? undefined,
          certChain: tls.cert ?? undefined,
        }
      : undefined,
  };
}

export function getEtcd(): Etcd3 {
  if (!cache.__leaseDashboardEtcd) {
    const { endpoints } = getConfig();
    cache.__leaseDashboardEtcd = new Etcd3({
      ...connectionOptions(),
      hosts: endpoints,
      defaultCallOptions: (context) =>
        context.isStream ? {} : { deadline: Date.now() + REQUEST_TIMEOUT_MS },
      faultHandling: {
        host: () =>
          circuitBreaker(handleWhen(isHostFailure), {
            halfOpenAfter: RETRY_ENDPOINT_AFTER_MS,
            breaker: new ConsecutiveBreaker(3),
          }),
        global: retry(handleWhen(isHostFailure), { maxAttempts: 3 }),
      },
    });
  }
  return cache.__leaseDashboardEtcd;
}

/** A client that talks to one endpoint only, with no retries: its failures are that member's. */
export function getEndpointClient(endpoint: string): Etcd3 {
  cache.__leaseDashboardEndpointClients ??= new Map();
  let client = cache.__leaseDashboardEndpointClients.get(endpoint);
  if (!client) {
    client = new Etcd3({
      ...connectionOptions(),
      dialTimeout: STATUS_TIMEOUT_MS,
      hosts: [endpoint],
      defaultCallOptions: () => ({ deadline: Date.now() + STATUS_TIMEOUT_MS }),
      faultHandling: { host: () => noop, global: noop },
    });
    cache.__leaseDashboardEndpointClients.set(endpoint, client);
  }
  return client;
}

/** What a client in a worker thread needs to connect as this one does (./lease-list.ts). */
export function workerConnection() {
  const { auth, credentials } = connectionOptions();
  return {
    hosts: getConfig().endpoints,
    auth: auth ?? null,
    credentials: credentials ?? null,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    retryEndpointAfterMs: RETRY_ENDPOINT_AFTER_MS,
  };
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
