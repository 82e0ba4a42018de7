import 'server-only';
import { getEtcd } from '@/lib/etcd/client';
import { call } from '@/lib/etcd/leases';

// Plain keys (no lease) the dashboard keeps for itself under its own prefix: the keep-alive
// intents. Only lib/mutations/ writes them, after its checks.

/** `etcdctl put KEY VALUE` */
export async function putKey(key: string, value: string): Promise<void> {
  await call(undefined, () => getEtcd().put(key).value(value).exec(), 'Put');
}

/** `etcdctl del KEY` */
export async function deleteKey(key: string): Promise<void> {
  await call(undefined, () => getEtcd().delete().key(key).exec(), 'DeleteRange');
}

/** `etcdctl get --prefix PREFIX`: every key under it, with its value as text. */
export async function keysUnder(prefix: string): Promise<Map<string, string>> {
  const kvs = await call(undefined, () => getEtcd().getAll().prefix(prefix).strings(), 'Range');
  return new Map(Object.entries(kvs));
}
