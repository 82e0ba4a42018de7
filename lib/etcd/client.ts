import 'server-only';
import { ConsecutiveBreaker, circuitBreaker, handleWhen, noop, retry } from 'cockatiel';
import { Etcd3, GRPCResourceExhastedError, isRecoverableError, type IOptions } from 'etcd3';
import { currentDashboard, getConfig, slot } from '@/lib/dashboard/registry';

// One etcd3 client per dashboard (one per cluster), plus one small client per configured endpoint
// for asking each member how it is (etcdctl endpoint status does the same). Both belong to the
// dashboard's value, which closes them with it.

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

const CLIENT = slot(
  'etcd.client',
  (dashboard) => {
    const { endpoints } = dashboard.getConfig();
    return new Etcd3({
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
  },
  (client) => client.close(),
);

const ENDPOINT_CLIENTS = slot(
  'etcd.endpoint-clients',
  () => new Map<string, Etcd3>(),
  (clients) => clients.forEach((c) => c.close()),
);

export function getEtcd(): Etcd3 {
  return currentDashboard().get(CLIENT);
}

/** A client that talks to one endpoint only, with no retries: its failures are that member's. */
export function getEndpointClient(endpoint: string): Etcd3 {
  const clients = currentDashboard().get(ENDPOINT_CLIENTS);
  let client = clients.get(endpoint);
  if (!client) {
    client = new Etcd3({
      ...connectionOptions(),
      dialTimeout: STATUS_TIMEOUT_MS,
      hosts: [endpoint],
      defaultCallOptions: () => ({ deadline: Date.now() + STATUS_TIMEOUT_MS }),
      faultHandling: { host: () => noop, global: noop },
    });
    clients.set(endpoint, client);
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
  const dashboard = currentDashboard();
  dashboard.forget(CLIENT);
  dashboard.forget(ENDPOINT_CLIENTS);
}

export function endpoints(): string[] {
  return getConfig().endpoints;
}
