import { isBrokenCircuitError } from 'cockatiel';
import { castGrpcError, type Etcd3 } from 'etcd3';
import { REQUEST_TIMEOUT_MS } from '@/lib/etcd/client-options';
import { connectionPool, type PooledConnection } from '@/lib/etcd/etcd3-internals';

// LeaseLeases on etcd3's own connection, its answer left as bytes for ./lease-list.ts to decode.
// No `server-only` marker: the worker thread loads this file outside Next's server bundle.

const LEASE_LEASES = '/etcdserverpb.Lease/LeaseLeases';
const NO_BYTES = Buffer.alloc(0);

/**
 * LeaseLeases with an empty request (LeaseLeasesRequest has no fields), answered as bytes. Tried
 * as etcd3 tries its own calls: its retry policy, each try on the next endpoint in turn, so one
 * member down in a cluster costs nothing.
 */
export async function rawLeaseLeases(client: Etcd3): Promise<Buffer> {
  const pool = connectionPool(client);
  const endpoints = pool.shuffledHosts();
  let lastError: unknown = null;
  const call = (connection: PooledConnection) =>
    callOn(connection).catch((err: unknown) => {
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

function callOn({ client, metadata }: PooledConnection): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    client.makeUnaryRequest<Buffer, Buffer>(
      LEASE_LEASES,
      () => NO_BYTES,
      (bytes) => bytes,
      NO_BYTES,
      metadata,
      { deadline: Date.now() + REQUEST_TIMEOUT_MS },
      // Cast as etcd3 casts its own calls' errors: its pool then counts a host's failures
      // and reconnects after them (an uncast error left a restarted etcd unheard for long).
      (err, bytes) => (err ? reject(castGrpcError(err)) : resolve(bytes ?? NO_BYTES)),
    ),
  );
}
