import 'server-only';
import type { IKeyValue, Watcher } from 'etcd3';
import { leaseIdToHex } from '@/lib/shared/lease-id';
import { getEtcd } from '@/lib/etcd/client';
import { toDashboardError } from '@/lib/etcd/errors';
import { requestFragments } from '@/lib/etcd/etcd3-internals';
import { WatchResume } from '@/lib/etcd/watch-resume';
import { endpoints } from '@/lib/etcd/client';

// The dashboard's watch: one watcher per key prefix ('' for every key), all on etcd3's one watch
// stream, so the dashboard hears a key put with a lease and a key deleted (by expiry, revoke or
// directly) the moment etcd applies it, instead of on its next read. Without previous values: a
// delete names only the key, and the caller knows which lease it was on (lib/sampler/key-index.ts).
// That halves what etcd streams for every unrelated write. etcd3 reconnects a broken watch by
// itself; ./watch-resume.ts makes it resume from the last event heard, not past it.

export type KeyChange = {
  type: 'put' | 'delete';
  key: string;
  /** for a put, the lease the key is on now; null for none, and for a delete */
  lease: string | null;
  /** the revision of the change */
  revision: string;
  /** which of the watched prefixes heard it */
  prefix: string;
};

export type WatchHandle = { close: () => Promise<void> };

type Handlers = {
  onChange: (change: KeyChange) => void;
  onDisconnected?: (message: string) => void;
};

const leaseOf = (kv: IKeyValue): string | null =>
  kv.lease && kv.lease !== '0' ? leaseIdToHex(kv.lease) : null;

/**
 * Watches the keys under each prefix; each from its revision in `fromRevisions` when given (a
 * watch opened again resumes where the last one stopped).
 */
export async function watchKeys(
  prefixes: string[],
  handlers: Handlers,
  fromRevisions: ReadonlyMap<string, string> = new Map(),
): Promise<WatchHandle> {
  const watchers: Watcher[] = [];
  const close = () => Promise.all(watchers.map((w) => w.cancel())).then(() => undefined);
  try {
    for (const prefix of prefixes) {
      // Fragmented, so a watch catching up on a burst is not one answer over gRPC's size limit, which
      // failed and lost every event in it. A --max-request-bytes near that limit meets it again.
      const builder = requestFragments(getEtcd().watch().prefix(prefix));
      const from = fromRevisions.get(prefix);
      const watcher = await (from ? builder.startRevision(from) : builder).create();
      watchers.push(watcher);
      const resume = new WatchResume(from);
      const changed = (type: KeyChange['type']) => (kv: IKeyValue) => {
        const key = kv.key.toString('utf8');
        if (!resume.heard(key, kv.mod_revision)) return;
        handlers.onChange({
          type,
          key,
          lease: type === 'put' ? leaseOf(kv) : null,
          revision: kv.mod_revision,
          prefix,
        });
      };
      watcher.on('put', changed('put'));
      watcher.on('delete', changed('delete'));
      const lost = (err: Error) =>
        handlers.onDisconnected?.(toDashboardError(err, { endpoints: endpoints() }).message);
      watcher.on('disconnected', (err: Error) => {
        resume.resumeAt(watcher);
        lost(err);
      });
      // An 'error' with no listener would crash the process; the watch manager retries on its own.
      watcher.on('error', lost);
    }
  } catch (err) {
    await close().catch(() => undefined);
    throw toDashboardError(err, { endpoints: endpoints() });
  }
  return { close };
}
