// The sampler's reads of etcd, in a worker thread: LeaseLeases and TimeToLive. At 100,000 leases,
// measured here, one LeaseLeases answer took 500 ms and blocked the event loop for up to 277 ms,
// and the 2,000 TimeToLive calls a round cost the main thread most of a core in gRPC's per-call
// work: every page and API request waited behind them (p95 1.2 s with 50 viewers). Here they cost
// this thread; what goes back to the server is small: for a list, the IDs that appeared and the
// ones that went since the last list (in etcdctl's hex); for reads, one outcome per lease.
//
// Plain JavaScript, loaded by path (lib/etcd/reader.ts), so Next's bundler leaves it alone. Its
// client is configured like lib/etcd/client.ts's (same credentials, deadline and retries).
import { parentPort, workerData } from 'node:worker_threads';
import {
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  isBrokenCircuitError,
  retry,
} from 'cockatiel';
import {
  Etcd3,
  EtcdPermissionDeniedError,
  GRPCResourceExhastedError,
  castGrpcError,
  isRecoverableError,
} from 'etcd3';
import { leaseIdsOf } from './lease-list.mjs';

const { hosts, auth, requestTimeoutMs, retryEndpointAfterMs } = workerData;
// Buffers arrive as plain byte arrays; gRPC wants Buffers (a null CA means the system's).
const buffer = (bytes) => (bytes ? Buffer.from(bytes) : bytes);
const credentials = workerData.credentials && {
  rootCertificate: buffer(workerData.credentials.rootCertificate),
  privateKey: buffer(workerData.credentials.privateKey),
  certChain: buffer(workerData.credentials.certChain),
};

/** As in client.ts: RESOURCE_EXHAUSTED is the request's problem, not the endpoint's. */
const isHostFailure = (err) =>
  isRecoverableError(err) && !(err instanceof GRPCResourceExhastedError);

const client = new Etcd3({
  hosts,
  auth: auth ?? undefined,
  credentials: credentials ?? undefined,
  dialTimeout: requestTimeoutMs,
  defaultCallOptions: (context) =>
    context.isStream ? {} : { deadline: Date.now() + requestTimeoutMs },
  faultHandling: {
    host: () =>
      circuitBreaker(handleWhen(isHostFailure), {
        halfOpenAfter: retryEndpointAfterMs,
        breaker: new ConsecutiveBreaker(3),
      }),
    global: retry(handleWhen(isHostFailure), { maxAttempts: 3 }),
  },
});

const hex = (decimal) => BigInt(decimal).toString(16).padStart(16, '0');
const decimal = (id) => BigInt(`0x${id}`).toString();
/** How many reads are in flight at once: more did not make rounds faster. */
const READ_CONCURRENCY = 16;
let previous = new Set();

/**
 * LeaseLeases' IDs, decoded from the answer's bytes (./lease-list.mjs): the same call etcd3 makes,
 * on its connection (its host choice, credentials and auth token), with the answer left as bytes.
 * Should the call fail other than by etcd not answering (an expired auth token, say), etcd3's own
 * call is made instead: its renewal of the token applies, and its error is the one reported.
 * (test/unit/lease-list.test.ts fails if an etcd3 upgrade takes the connection pool away.) An
 * answer that cannot be decoded fails the list.
 */
async function listedIds() {
  let rawFailure = null;
  const bytes = await rawLeaseLeases().catch((err) => {
    // etcd not answering is the list's failure: asking again through etcd3 would only double
    // the wait before the page says so.
    if (isHostFailure(err) || isBrokenCircuitError(err)) throw err;
    rawFailure = err;
    return null;
  });
  if (bytes !== null) return { ids: leaseIdsOf(bytes), decoded: 'bytes' };
  const { leases } = await client.leaseClient.leaseLeases({});
  if (!saidRawFailed) {
    saidRawFailed = true;
    console.error(
      'lease-dashboard: LeaseLeases as bytes failed where etcd3 succeeded; listing the slow way.',
      rawFailure,
    );
  }
  return { ids: leases.map((lease) => hex(lease.ID)), decoded: 'etcd3' };
}
let saidRawFailed = false;

const LEASE_LEASES = '/etcdserverpb.Lease/LeaseLeases';
const NO_BYTES = Buffer.alloc(0);

/**
 * LeaseLeases with an empty request (LeaseLeasesRequest has no fields), answered as bytes. Tried
 * as etcd3 tries its own calls: its retry policy, each try on the next endpoint in turn, so one
 * member down in a cluster costs nothing.
 */
async function rawLeaseLeases() {
  const { pool } = client;
  const endpoints = pool.shuffledHosts();
  let lastError = null;
  const call = (connection) =>
    callLeaseLeases(connection).catch((err) => {
      lastError = err;
      throw err;
    });
  try {
    return await pool.globalPolicy.execute(() => pool.withConnection('Lease', call, endpoints));
  } catch (err) {
    // As etcd3 reports its own calls: a circuit this call's failures opened reports those failures.
    if (isBrokenCircuitError(err) && lastError && !isBrokenCircuitError(lastError)) throw lastError;
    throw err;
  }
}

function callLeaseLeases({ client: service, metadata }) {
  return new Promise((resolve, reject) =>
    service.makeUnaryRequest(
      LEASE_LEASES,
      () => NO_BYTES,
      (bytes) => bytes,
      {},
      metadata,
      { deadline: Date.now() + requestTimeoutMs },
      // Cast as etcd3 casts its own calls' errors: its pool then counts a host's failures
      // and reconnects after them (an uncast error left a restarted etcd unheard for long).
      (err, bytes) => (err ? reject(castGrpcError(err)) : resolve(bytes)),
    ),
  );
}

async function list() {
  const { ids, decoded } = await listedIds();
  const current = new Set();
  const added = [];
  for (const id of ids) {
    current.add(id);
    if (!previous.has(id)) added.push(id);
  }
  const removed = [];
  for (const id of previous) if (!current.has(id)) removed.push(id);
  previous = current;
  return { added, removed, count: current.size, decoded };
}

/**
 * `etcdctl lease timetolive --keys ID` for one lease: its reading, or null when etcd no longer has
 * it (TTL -1 with nothing granted). A negative TTL on a granted lease is one whose time ran out
 * that etcd has yet to revoke: a reading all the same, which the lease store shows as expired.
 *
 * Two leases cannot be read with their keys, and are read again without them, so their TTL still
 * shows and their row says why their keys do not:
 * - with authentication, etcd 3.4.26+ and 3.5.9+ refuse TimeToLive with keys for a lease holding
 *   keys the user may not read (the fix for CVE-2023-32082);
 * - a lease whose key names add up to more than gRPC's 4 MiB answer ("larger than max").
 */
async function readLease(id, withKeys) {
  const readAt = Date.now();
  const ask = (keys) => client.leaseClient.leaseTimeToLive({ ID: decimal(id), keys });
  let keysHidden = null;
  let res;
  try {
    res = await ask(withKeys);
  } catch (err) {
    keysHidden = whyKeysHidden(err);
    if (!keysHidden) throw err;
    res = await ask(false);
  }
  const answeredAt = Date.now();
  const ttl = Number(res.TTL);
  const grantedTTL = Number(res.grantedTTL);
  if (ttl < 0 && grantedTTL <= 0) return null;
  return {
    id,
    grantedTTL,
    ttl,
    keys: withKeys && !keysHidden ? res.keys.map((k) => k.toString('utf8')) : null,
    keysHidden,
    readAt,
    answeredAt,
    raftTerm: Number(res.header.raft_term),
  };
}

/** Why a lease's keys cannot be listed, if that is why TimeToLive with keys failed; else null. */
function whyKeysHidden(err) {
  const message = err instanceof Error ? err.message : String(err);
  if (/larger than max/i.test(message))
    return 'this lease holds more key names than one etcd answer can carry (4 MiB)';
  if (err instanceof EtcdPermissionDeniedError || /permission denied/i.test(message))
    return `etcd would not list this lease's keys to the dashboard's user (${message})`;
  return null;
}

/** An error as the main thread rebuilds it (lib/etcd/reader.ts). */
const failure = (err) => ({
  name: err?.constructor?.name ?? 'Error',
  message: err?.message ?? String(err),
});

/** Reads each lease, a few at a time; one lease's failure is its own outcome. */
async function readLeases(ids, keys) {
  const out = new Array(ids.length);
  let next = 0;
  const reader = async () => {
    while (next < ids.length) {
      const i = next++;
      const id = ids[i];
      try {
        const reading = await readLease(id, keys[i]);
        out[i] = reading ? { id, reading } : { id, gone: true };
      } catch (err) {
        out[i] = { id, error: failure(err) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, ids.length) }, reader));
  return out;
}

parentPort.on('message', (message) => {
  if (message.type === 'close') {
    client.close();
    parentPort.close();
    return;
  }
  const work =
    message.type === 'read'
      ? readLeases(message.ids, message.keys).then((outcomes) => ({ outcomes }))
      : list();
  work.then(
    (answer) => parentPort.postMessage({ seq: message.seq, ok: true, ...answer }),
    (err) => parentPort.postMessage({ seq: message.seq, ok: false, ...failure(err) }),
  );
});
