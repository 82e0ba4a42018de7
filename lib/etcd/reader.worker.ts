// The sampler's reads of etcd (LeaseLeases, TimeToLive) in a worker thread, because at scale their
// decoding and per-call gRPC work starved every page and API request on the main thread (docs/scale.md).
// Only small results go back: the IDs that appeared or went, and one outcome per lease read.
// Started by ./reader.ts; its client comes from ./client-options.ts, its errors from ./errors.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { isBrokenCircuitError } from 'cockatiel';
import { Etcd3, EtcdPermissionDeniedError } from 'etcd3';
import { clientOptions, isHostFailure, type Connection } from '@/lib/etcd/client-options';
import { errorData, toDashboardError } from '@/lib/etcd/errors';
import { rawLeaseLeases } from '@/lib/etcd/lease-leases-bytes';
import { leaseIdsOf } from '@/lib/etcd/lease-list';
import type { LeaseReading } from '@/lib/etcd/leases';
import type {
  LeaseListDiff,
  ReaderAnswer,
  ReaderRequest,
  WorkerOutcome,
} from '@/lib/etcd/reader-messages';

const connection = workerData as Connection;
const client = new Etcd3(clientOptions(connection));
const port = parentPort;
if (!port) throw new Error('the etcd reader runs in a worker thread');

const hex = (decimal: string) => BigInt(decimal).toString(16).padStart(16, '0');
const decimal = (id: string) => BigInt(`0x${id}`).toString();
/** How many reads are in flight at once: more did not make rounds faster. */
const READ_CONCURRENCY = 16;
let previous = new Set<string>();
let saidRawFailed = false;

/**
 * LeaseLeases' IDs, decoded from the answer's bytes (./lease-list.ts). Should that call fail other
 * than by etcd not answering (an expired auth token, say), etcd3's own call is made instead: its
 * renewal of the token applies, and its error is the one reported. An answer that cannot be
 * decoded fails the list.
 */
async function listedIds(): Promise<{ ids: string[]; decoded: LeaseListDiff['decoded'] }> {
  let rawFailure: unknown = null;
  const bytes = await rawLeaseLeases(client).catch((err: unknown) => {
    // etcd not answering is the list's failure: asking again through etcd3 would only double
    // the wait before the page says so.
    if ((err instanceof Error && isHostFailure(err)) || isBrokenCircuitError(err)) throw err;
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

async function list(): Promise<LeaseListDiff> {
  const { ids, decoded } = await listedIds();
  const current = new Set<string>();
  const added: string[] = [];
  for (const id of ids) {
    current.add(id);
    if (!previous.has(id)) added.push(id);
  }
  const removed: string[] = [];
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
async function readLease(id: string, withKeys: boolean): Promise<LeaseReading | null> {
  const readAt = Date.now();
  const ask = (keys: boolean) => client.leaseClient.leaseTimeToLive({ ID: decimal(id), keys });
  let keysHidden: string | null = null;
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
function whyKeysHidden(err: unknown): string | null {
  const message = err instanceof Error ? err.message : String(err);
  if (/larger than max/i.test(message))
    return 'this lease holds more key names than one etcd answer can carry (4 MiB)';
  if (err instanceof EtcdPermissionDeniedError || /permission denied/i.test(message))
    return `etcd would not list this lease's keys to the dashboard's user (${message})`;
  return null;
}

/** An error as the dashboard's own, as data: a class does not survive the copy to the server. */
const failure = (err: unknown, leaseId?: string) =>
  errorData(
    toDashboardError(err, {
      endpoints: connection.endpoints,
      leaseId,
      username: connection.auth?.username ?? null,
    }),
  );

/** Reads each lease, a few at a time; one lease's failure is its own outcome. */
async function readLeases(ids: string[], keys: boolean[]): Promise<WorkerOutcome[]> {
  const out: WorkerOutcome[] = new Array(ids.length);
  let next = 0;
  const reader = async () => {
    while (next < ids.length) {
      const i = next++;
      const id = ids[i] as string;
      try {
        const reading = await readLease(id, keys[i] ?? false);
        out[i] = reading ? { id, reading } : { id, gone: true };
      } catch (err) {
        out[i] = { id, error: failure(err, id) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, ids.length) }, reader));
  return out;
}

port.on('message', (message: ReaderRequest) => {
  if (message.type === 'close') {
    client.close();
    port.close();
    return;
  }
  const { seq } = message;
  const work =
    message.type === 'read'
      ? readLeases(message.ids, message.keys).then((outcomes) => ({ outcomes }))
      : list();
  const answer = (a: ReaderAnswer) => port.postMessage(a);
  work.then(
    (done) => answer({ seq, ok: true, ...done }),
    (err: unknown) => answer({ seq, ok: false, error: failure(err) }),
  );
});
