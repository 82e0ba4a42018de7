import 'server-only';
import type { IKeyValue } from 'etcd3';
import { leaseIdToHex } from '@/lib/shared/lease-id';
import { getEtcd } from '@/lib/etcd/client';
import { toDashboardError } from '@/lib/etcd/errors';
import { endpoints } from '@/lib/etcd/client';

// One watch over every key (or a prefix), so the dashboard hears a key put with a lease and a key
// deleted (by expiry, revoke or directly) the moment etcd applies it, instead of on its next read.
// etcd3 reconnects a broken watch by itself and resumes from the last revision it saw.

export type KeyChange = {
  type: 'put' | 'delete';
  key: string;
  /** the lease the key is on after a put, or was on before a delete; null for none */
  lease: string | null;
  /** for a put: the lease the key was on before, if it moved (or null) */
  previousLease: string | null;
  revision: string;
};

export type WatchHandle = { close: () => Promise<void> };

type Handlers = {
  onChange: (change: KeyChange) => void;
  onConnected?: () => void;
  onDisconnected?: (message: string) => void;
};

const leaseOf = (kv: IKeyValue | undefined): string | null =>
  kv && kv.lease && kv.lease !== '0' ? leaseIdToHex(kv.lease) : null;

/**
 * Watches keys under `prefix` ('' for all) with their previous values, so deletes name the lease;
 * from `fromRevision` when given (a watch opened again resumes where the last one stopped).
 */
export async function watchKeys(
  prefix: string,
  handlers: Handlers,
  fromRevision?: string,
): Promise<WatchHandle> {
  let watcher;
  try {
    const builder = getEtcd().watch().prefix(prefix).withPreviousKV();
    watcher = await (fromRevision ? builder.startRevision(fromRevision) : builder).create();
  } catch (err) {
    throw toDashboardError(err, { endpoints: endpoints() });
  }
  watcher.on('put', (kv, previous) =>
    handlers.onChange({
      type: 'put',
      key: kv.key.toString('utf8'),
      lease: leaseOf(kv),
      previousLease: leaseOf(previous),
      revision: kv.mod_revision,
    }),
  );
  watcher.on('delete', (kv, previous) =>
    handlers.onChange({
      type: 'delete',
      key: kv.key.toString('utf8'),
      lease: leaseOf(previous),
      previousLease: null,
      revision: kv.mod_revision,
    }),
  );
  watcher.on('connected', () => handlers.onConnected?.());
  watcher.on('disconnected', (err) =>
    handlers.onDisconnected?.(toDashboardError(err, { endpoints: endpoints() }).message),
  );
  // An 'error' with no listener would crash the process; the watch manager retries on its own.
  watcher.on('error', (err) =>
    handlers.onDisconnected?.(toDashboardError(err, { endpoints: endpoints() }).message),
  );
  return { close: () => watcher.cancel() };
}
