import type { IPolicy } from 'cockatiel';
import type { Etcd3, WatchBuilder, Watcher } from 'etcd3';

// Every use of etcd3's private fields and unpromised behaviour, in one place, each with a canary in
// test/unit/etcd3-internals.test.ts. No `server-only`: the reader's worker thread loads this file.

/** gRPC metadata (the auth token) as the pool hands it over, passed back to gRPC unread. */
type Metadata = { readonly __metadata: unique symbol };

/** The gRPC client for one service on one endpoint: only its raw unary call is used. */
export type ServiceClient = {
  makeUnaryRequest<Req, Res>(
    method: string,
    serialize: (request: Req) => Buffer,
    deserialize: (bytes: Buffer) => Res,
    request: Req,
    metadata: Metadata,
    options: { deadline: number },
    callback: (err: Error | null, value?: Res) => void,
  ): unknown;
};

/** What the pool hands a call: one endpoint's client for the service, and the metadata to send. */
export type PooledConnection = { client: ServiceClient; metadata: Metadata };

/** etcd3's pool's picks of an endpoint, opaque here. */
type Hosts = Iterator<unknown>;

/** The parts of etcd3's ConnectionPool the reader uses. */
export type ConnectionPool = {
  /** the endpoints in a fresh random order, endlessly: each retry goes to the next */
  shuffledHosts(): Hosts;
  /** the client's global fault handling (its retries), from its `faultHandling.global` option */
  globalPolicy: IPolicy;
  /**
   * Runs `call` on a connection to one endpoint, under that endpoint's circuit breaker, with the
   * auth token's metadata (signing in first if needed); a failure moves on to the next endpoint.
   */
  withConnection<T>(
    service: 'Lease',
    call: (connection: PooledConnection) => Promise<T>,
    hosts: Hosts,
  ): Promise<T>;
};

/**
 * The client's connection pool (private). The reader calls LeaseLeases on it to get the answer as
 * bytes (./lease-list.ts decodes them), with everything etcd3's own calls get: its endpoint choice,
 * retries, circuit breakers, credentials and auth token. etcd3 has no public raw call.
 */
export function connectionPool(client: Etcd3): ConnectionPool {
  return (client as unknown as { pool: ConnectionPool }).pool;
}

/**
 * Asks etcd to split a watch answer larger than its request limit into fragments (WatchCreateRequest
 * `fragment`, in etcd3's rpc.proto). etcd3's builder has no method for it, and keeps the request it
 * sends as a plain object in a private field, sent as it is.
 */
export function requestFragments(builder: WatchBuilder): WatchBuilder {
  (builder as unknown as { request: { fragment?: boolean } }).request.fragment = true;
  return builder;
}

/**
 * Where etcd3 resumes a watcher when it reconnects the watch stream: it sends the watcher's
 * `request` again, whose start_revision it moves to each answer's header revision + 1. Its
 * typings show the field, read-only; that it is what a reconnect sends is etcd3's own behaviour.
 */
export function resumeWatcherAt(watcher: Watcher, revision: string): void {
  watcher.request.start_revision = revision;
}

/** What etcd3's pool asks for the auth token's metadata before each call, and tells when etcd refuses it. */
type Authenticator = {
  getMetadata(): Promise<{ set(key: string, value: string): void }>;
  invalidateMetadata(): void;
};

/**
 * Makes every call of `client` (made without a user name) carry `token`, from etcd's Authenticate,
 * instead of signing in with a password the client would have to keep. Once etcd refuses the token,
 * etcd3 asks for new metadata and calls again: from then on each call fails with `expired()`.
 */
export function signInWithToken(client: Etcd3, token: string, expired: () => Error): void {
  const pool = (client as unknown as { pool: { authenticator: Authenticator } }).pool;
  // Without a user name etcd3's own authenticator hands out fresh, empty metadata: the token goes in it.
  const blank = pool.authenticator;
  let valid = true;
  pool.authenticator = {
    getMetadata: async () => {
      if (!valid) throw expired();
      const metadata = await blank.getMetadata();
      metadata.set('token', token);
      return metadata;
    },
    invalidateMetadata: () => {
      valid = false;
    },
  };
}
