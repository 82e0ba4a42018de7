import 'server-only';
import { getEtcd } from '@/lib/etcd/client';
import { call } from '@/lib/etcd/leases';
import { leaseIdToHex } from '@/lib/shared/lease-id';
import { shorten } from '@/lib/shared/words';
import type { Contender } from '@/lib/shared/contract-holdings';

// Reads for what leases hold: a lock's or election's contenders under `<name>/`, in create-revision
// order (`etcdctl get --prefix NAME/ --sort-by=CREATE`), and the keys under a prefix with their
// leases (`etcdctl get --prefix --keys-only P`, for a revoke by prefix).

/** How much of a proposal is kept: enough to name a leader, never a whole stored blob. */
export const PROPOSAL_CHARS = 64;

/** The prefix's range end: every key that starts with `prefix` (`etcdctl get --prefix`). */
function rangeOf(prefix: string): { key: Buffer; range_end: Buffer } {
  const key = Buffer.from(prefix);
  if (key.length === 0) return { key: Buffer.from([0]), range_end: Buffer.from([0]) };
  const end = Buffer.from(key);
  let i = end.length - 1;
  while (i >= 0 && end[i] === 0xff) i--;
  if (i < 0) return { key, range_end: Buffer.from([0]) };
  end[i] = (end[i] ?? 0) + 1;
  return { key, range_end: end.subarray(0, i + 1) };
}

/** The first `limit` keys under `group`, oldest first, with their values cut short. */
export async function readContenders(
  group: string,
  limit: number,
): Promise<{ contenders: Contender[]; more: boolean }> {
  const res = await call(
    undefined,
    () =>
      getEtcd().kv.range({
        ...rangeOf(group),
        limit,
        sort_target: 'Create',
        sort_order: 'Ascend',
      }),
    'Range',
  );
  // A key without a lease stays in the line: clientv3's waiters wait for it like any other.
  return {
    contenders: res.kvs.map((kv) => ({
      lease: kv.lease === '0' ? '' : leaseIdToHex(kv.lease),
      key: kv.key.toString(),
      createRevision: kv.create_revision,
      value: shorten(kv.value.toString(), PROPOSAL_CHARS),
    })),
    more: res.more,
  };
}

/** Keys under `prefix` that sit on a lease, with that lease (16-digit hex); at most `limit`. */
export async function keysOnLeases(
  prefix: string,
  limit: number,
): Promise<{ keys: { key: string; lease: string }[]; more: boolean }> {
  const res = await call(
    undefined,
    () => getEtcd().kv.range({ ...rangeOf(prefix), keys_only: true, limit }),
    'Range',
  );
  return {
    keys: res.kvs
      .filter((kv) => kv.lease !== '0')
      .map((kv) => ({ key: kv.key.toString(), lease: leaseIdToHex(kv.lease) })),
    more: res.more,
  };
}
