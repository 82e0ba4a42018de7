import 'server-only';
import type { ILeaseKeepAliveResponse } from 'etcd3';
import { leaseIdToDecimal, leaseIdToHex } from '@/lib/shared/lease-id';
import { REQUEST_TIMEOUT_MS, endpoints, getEtcd } from '@/lib/etcd/client';
import { LeaseNotFoundError, TimeoutError, toDashboardError } from '@/lib/etcd/errors';
import { countRequest, type EtcdMethod } from '@/lib/etcd/request-counts';
import type { EtcdUser } from '@/lib/etcd/user-clients';

// The lease operations, on any lease by ID (also leases made by other clients), through etcd3's raw
// gRPC lease service. (The sampler's reads, LeaseLeases and TimeToLive, run in a worker thread:
// ./reader.ts.) IDs in and out are etcdctl's 16-digit hex; the decimal strings etcd3 speaks
// stay inside this file. The changes take the signed-in etcd user to make them as (DASHBOARD_SIGN_IN=etcd);
// without one they are the dashboard's own.

export type LeaseReading = {
  id: string;
  /** the TTL the lease was granted or last renewed with, seconds */
  grantedTTL: number;
  /**
   * seconds left (etcd truncates toward zero); negative for a lease whose time ran out over a
   * second ago that etcd still lists because it has yet to revoke it
   */
  ttl: number;
  /** the keys attached, or null when the read did not ask for them */
  keys: string[] | null;
  /** why `keys` is empty although the lease may hold keys: etcd would not list them */
  keysHidden: string | null;
  /** epoch ms when the request was sent */
  readAt: number;
  /**
   * epoch ms when etcd's answer came back: etcd read the lease between the two, so the deadline
   * lies before answeredAt + ttl + 1 s (a busy server may answer long after it asked)
   */
  answeredAt?: number;
  /** the raft term etcd answered in; it goes up when a new leader is elected */
  raftTerm: number;
};

/** One request to etcd: counted by method and outcome, its error in the dashboard's words. */
export async function call<T>(
  leaseId: string | undefined,
  fn: () => Promise<T>,
  /** the gRPC method it counts as; null for opening a stream (its requests are counted) */
  method: EtcdMethod | null,
  as?: EtcdUser | null,
): Promise<T> {
  try {
    const result = await fn();
    if (method) countRequest(method, 'ok');
    return result;
  } catch (err) {
    if (method) countRequest(method, 'error');
    throw toDashboardError(err, {
      endpoints: endpoints(),
      leaseId,
      ...(as ? { username: as.user } : {}),
    });
  }
}

/** The client a change is made through: the user's, or the dashboard's own. */
const clientFor = (as?: EtcdUser | null) => as?.client ?? getEtcd();

/** `etcdctl lease grant TTL`. etcd may grant a different TTL than asked (it clamps to its minimum). */
export async function grantLease(
  ttl: number,
  as?: EtcdUser | null,
): Promise<{ id: string; grantedTTL: number }> {
  const res = await call(
    undefined,
    () => clientFor(as).leaseClient.leaseGrant({ TTL: ttl }),
    'LeaseGrant',
    as,
  );
  if (res.error) throw toDashboardError(new Error(res.error), { endpoints: endpoints() });
  return { id: leaseIdToHex(res.ID), grantedTTL: Number(res.TTL) };
}

/** `etcdctl put --lease=ID KEY VALUE`. */
export async function putWithLease(
  id: string,
  key: string,
  value: string,
  as?: EtcdUser | null,
): Promise<{ revision: string }> {
  const res = await call(
    id,
    () => clientFor(as).put(key).value(value).lease(leaseIdToDecimal(id)).exec(),
    'Put',
    as,
  );
  return { revision: res.header.revision };
}

/**
 * clientv3's Campaign and Mutex.Lock: the key on the lease only if etcd has none by that name
 * (`CreateRevision == 0`), so a place already taken in the line is kept. False when it was there.
 */
export async function putNewWithLease(id: string, key: string, value: string): Promise<boolean> {
  const etcd = getEtcd();
  const res = await call(
    id,
    () =>
      etcd
        .if(key, 'Create', '==', 0)
        .then(etcd.put(key).value(value).lease(leaseIdToDecimal(id)))
        .commit(),
    'Txn',
  );
  return res.succeeded;
}

/** `etcdctl del --prefix PREFIX`: how many keys etcd deleted. */
export async function deletePrefix(prefix: string): Promise<number> {
  const res = await call(undefined, () => getEtcd().delete().prefix(prefix).exec(), 'DeleteRange');
  return Number(res.deleted);
}

/**
 * `etcdctl lease keep-alive --once ID` (clientv3's KeepAliveOnce): one request on a keep-alive stream.
 * Returns the TTL etcd renewed the lease to; throws LeaseNotFoundError when the lease is gone.
 */
export async function keepAliveOnce(id: string, as?: EtcdUser | null): Promise<number> {
  const stream = await call(id, () => clientFor(as).leaseClient.leaseKeepAlive(), null, as);
  const answer = new Promise<ILeaseKeepAliveResponse>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new TimeoutError(`no keep-alive answer in ${REQUEST_TIMEOUT_MS} ms`)),
      REQUEST_TIMEOUT_MS,
    );
    stream.on('data', (res) => {
      clearTimeout(timer);
      resolve(res);
    });
    stream.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  try {
    stream.write({ ID: leaseIdToDecimal(id) });
    const res = await call(id, () => answer, 'LeaseKeepAlive', as);
    const ttl = Number(res.TTL);
    if (ttl <= 0) throw new LeaseNotFoundError(id);
    return ttl;
  } finally {
    stream.end();
  }
}

/**
 * Whether etcd lets `as` write each of `keys`, changing nothing: etcd checks the permissions of both
 * branches of a transaction whatever its comparison says, and this one's never holds. Throws
 * etcd's refusal.
 */
export async function checkMayWrite(keys: string[], as: EtcdUser): Promise<void> {
  const [first] = keys;
  if (first === undefined) return;
  await call(
    undefined,
    () =>
      as.client
        .if(first, 'Version', '<', 0)
        .then(...keys.map((key) => as.client.put(key).value('')))
        .commit(),
    'Txn',
    as,
  );
}

/** `etcdctl lease revoke ID`: etcd deletes the lease and every key attached to it. */
export async function revokeLease(id: string, as?: EtcdUser | null): Promise<void> {
  await call(
    id,
    () => clientFor(as).leaseClient.leaseRevoke({ ID: leaseIdToDecimal(id) }),
    'LeaseRevoke',
    as,
  );
}
