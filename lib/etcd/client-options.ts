import { ConsecutiveBreaker, circuitBreaker, handleWhen, noop, retry } from 'cockatiel';
import { GRPCResourceExhastedError, isRecoverableError, type IOptions } from 'etcd3';

// How every etcd3 client the dashboard makes is set up: the main client (./client.ts) and the
// reader's, in its worker thread (./reader.worker.ts), from one function, so the two cannot drift.
// No `server-only` marker: the worker thread loads this file outside Next's server bundle.

/** How long one unary etcd request may take before we call etcd unavailable. */
export const REQUEST_TIMEOUT_MS = 3000;
/** How long one member may take to answer a status request before it counts as not answering. */
export const STATUS_TIMEOUT_MS = 800;
/**
 * How soon an endpoint that failed three times is tried again: etcd3's own wait kept the dashboard
 * saying etcd was down for seconds after it was back.
 */
export const RETRY_ENDPOINT_AFTER_MS = 1000;

/**
 * Where etcd is and how to sign in to it, as plain data: it crosses to the worker thread as it is
 * (Buffers arrive there as Uint8Arrays).
 */
export type Connection = {
  endpoints: string[];
  auth: { username: string; password: string } | null;
  /** a null CA means the system's CAs */
  tls: { ca: Uint8Array | null; cert: Uint8Array | null; key: Uint8Array | null } | null;
};

/**
 * Whether an error says the endpoint is in trouble, so retrying and then holding off make sense.
 * etcd3 counts RESOURCE_EXHAUSTED, but an answer over gRPC's size limit (one lease's key list) is
 * that request's problem: counted, one such lease opened the circuit and etcd showed as down.
 */
export function isHostFailure(err: Error): boolean {
  return isRecoverableError(err) && !(err instanceof GRPCResourceExhastedError);
}

const buffer = (bytes: Uint8Array | null): Buffer | undefined =>
  bytes ? Buffer.from(bytes) : undefined;

/** What every client shares: credentials and TLS. */
function connectionOptions({ auth, tls }: Connection): Pick<IOptions, 'auth' | 'credentials'> {
  return {
    auth: auth ?? undefined,
    credentials: tls
      ? {
          // undefined means the system's CAs; etcd3's typing wants a Buffer but passes it on as is.
          rootCertificate: buffer(tls.ca) as Buffer,
          privateKey: buffer(tls.key),
          certChain: buffer(tls.cert),
        }
      : undefined,
  };
}

/**
 * A client for every endpoint: each unary request has REQUEST_TIMEOUT_MS, a failing endpoint is
 * retried on the next, and one that failed three times in a row is left alone for a moment.
 */
export function clientOptions(connection: Connection): IOptions {
  return {
    ...connectionOptions(connection),
    hosts: connection.endpoints,
    dialTimeout: REQUEST_TIMEOUT_MS,
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
  };
}

/** A client for one endpoint only, with no retries: its failures are that member's. */
export function endpointClientOptions(connection: Connection, endpoint: string): IOptions {
  return {
    ...connectionOptions(connection),
    hosts: [endpoint],
    dialTimeout: STATUS_TIMEOUT_MS,
    defaultCallOptions: () => ({ deadline: Date.now() + STATUS_TIMEOUT_MS }),
    faultHandling: { host: () => noop, global: noop },
  };
}
