import 'server-only';
import { GRPCResourceExhastedError, Range } from 'etcd3';
import { getEtcd } from '@/lib/etcd/client';
import { call, grantLease, putWithLease, revokeLease } from '@/lib/etcd/leases';
import { shorten } from '@/lib/shared/words';

// Keys the dashboard keeps for itself under its own prefix: the keep-alive intents and the record of
// granted leases (plain keys, no lease; only lib/mutations/ writes them, after its checks), the
// audit trail's entries (lib/audit/), and the replicas' election, read here too since anyone with
// write access to etcd can put anything there.

/** `etcdctl put KEY VALUE` */
export async function putKey(key: string, value: string): Promise<void> {
  await call(undefined, () => getEtcd().put(key).value(value).exec(), 'Put');
}

/**
 * A key of the dashboard's own on a lease of its own, so etcd deletes it when `ttl` runs out (a
 * session's record): the lease's hex ID. Nothing is left half-done.
 */
export async function putOnOwnLease(key: string, value: string, ttl: number): Promise<string> {
  const { id } = await grantLease(ttl);
  try {
    await putWithLease(id, key, value);
  } catch (err) {
    await revokeLease(id).catch(() => undefined);
    throw err;
  }
  return id;
}

/** `etcdctl del KEY` */
export async function deleteKey(key: string): Promise<void> {
  await call(undefined, () => getEtcd().delete().key(key).exec(), 'DeleteRange');
}

/**
 * Puts a key only if etcd has none by that name, and in the same transaction deletes the keys in
 * `[clear.from, clear.to)`: a ring of entries that never overwrites one, and never holds more than
 * its bound, even for a moment. False when the key was there already (nothing was changed).
 */
export async function putNewKey(
  key: string,
  value: string,
  clear?: { from: string; to: string },
): Promise<boolean> {
  const etcd = getEtcd();
  const ops = [etcd.put(key).value(value)];
  const trim =
    clear && clear.from < clear.to
      ? [etcd.delete().inRange({ start: clear.from, end: clear.to })]
      : [];
  const res = await call(
    undefined,
    () =>
      etcd
        .if(key, 'Create', '==', 0)
        .then(...ops, ...trim)
        .commit(),
    'Txn',
  );
  return res.succeeded;
}

/** Names per keys-only page, and keys per read of values; halved while an answer is too large. */
const NAMES_PER_PAGE = 1000;
const VALUES_PER_READ = 100;
/** Keys named in `notRead` (the count says how many), and the characters of each name. */
const NAMED = 20;
const NAME_CHARS = 200;

/** What etcd holds of a key besides its value. */
export type KeyMeta = { createRevision: string; modRevision: string; lease: string };

export type KeysRead = {
  values: Map<string, string>;
  /** each read key's revisions and lease (its ID in decimal, '0' for none) */
  meta: Map<string, KeyMeta>;
  /** keys left unread: not wanted by name, or a value over the bound or too large to receive */
  notRead: { count: number; first: string[] };
  /** the read stopped at `maxKeys` wanted keys: more lie beyond, unread and uncounted */
  capped: boolean;
};

/**
 * `etcdctl get --prefix PREFIX`, safe against whatever another client put there: a few large values
 * must not make the whole prefix unreadable, so reads split until they fit, and the rest is `notRead`.
 * `maxKeys`: stop after that many wanted keys, so a folder grown past all expectation is not read
 * whole (`capped` says so).
 */
export async function keysUnder(
  prefix: string,
  {
    wanted,
    maxValueBytes,
    maxKeys = Infinity,
  }: { wanted: (key: string) => boolean; maxValueBytes: number; maxKeys?: number },
): Promise<KeysRead> {
  const read: KeysRead = {
    values: new Map(),
    meta: new Map(),
    notRead: { count: 0, first: [] },
    capped: false,
  };
  const skip = (key: Buffer) => {
    if (read.notRead.count++ < NAMED) read.notRead.first.push(shorten(nameOf(key), NAME_CHARS));
  };
  let taken = 0;
  for await (const names of namesUnder(prefix)) {
    const keep: Buffer[] = [];
    for (const name of names) {
      if (!wanted(nameOf(name))) skip(name);
      else if (taken++ < maxKeys) keep.push(name);
      else read.capped = true;
    }
    for (let i = 0; i < keep.length; i += VALUES_PER_READ)
      await readValues(keep.slice(i, i + VALUES_PER_READ), read, maxValueBytes, skip);
    if (read.capped) break;
  }
  return read;
}

/** The key names under the prefix, keys-only, a page at a time, paging on from the last name. */
async function* namesUnder(prefix: string): AsyncGenerator<Buffer[]> {
  const end = Range.prefix(prefix).end;
  let start = Buffer.from(prefix);
  let limit = NAMES_PER_PAGE;
  for (;;) {
    const from = start;
    const page = await unlessTooLarge(() =>
      getEtcd().getAll().inRange({ start: from, end }).limit(limit).keyBuffers(),
    );
    if (page === TOO_LARGE) {
      if (limit === 1) throw new Error(`a key name under ${prefix} is too large to receive`);
      limit = Math.ceil(limit / 2);
      continue;
    }
    if (page.length) yield page;
    const last = page.at(-1);
    if (page.length < limit || !last) return;
    start = afterKey(last);
    limit = Math.min(NAMES_PER_PAGE, limit * 2);
  }
}

/** The values of `keys` (neighbours in key order) in one Range, or split until each read fits. */
async function readValues(
  keys: Buffer[],
  into: KeysRead,
  maxValueBytes: number,
  skip: (key: Buffer) => void,
): Promise<void> {
  const first = keys[0];
  const last = keys.at(-1);
  if (!first || !last) return;
  const answer = await unlessTooLarge(() =>
    getEtcd()
      .getAll()
      .inRange({ start: first, end: afterKey(last) })
      .exec(),
  );
  if (answer === TOO_LARGE) {
    if (keys.length === 1) return skip(first);
    const half = Math.ceil(keys.length / 2);
    await readValues(keys.slice(0, half), into, maxValueBytes, skip);
    await readValues(keys.slice(half), into, maxValueBytes, skip);
    return;
  }
  // Only the keys asked for: another client may have put more between them meanwhile.
  const asked = new Set(keys.map(nameOf));
  for (const kv of answer.kvs) {
    const name = nameOf(kv.key);
    if (!asked.has(name)) continue;
    if (kv.value.length > maxValueBytes) {
      skip(kv.key);
      continue;
    }
    into.values.set(name, kv.value.toString());
    into.meta.set(name, {
      createRevision: kv.create_revision,
      modRevision: kv.mod_revision,
      lease: kv.lease,
    });
  }
}

const TOO_LARGE = Symbol('too large');

/** One Range; TOO_LARGE when gRPC refused its answer as over its size limit. */
async function unlessTooLarge<T>(range: () => Promise<T>): Promise<T | typeof TOO_LARGE> {
  let tooLarge = false;
  try {
    return await call(
      undefined,
      () =>
        range().catch((err: unknown) => {
          tooLarge = err instanceof GRPCResourceExhastedError;
          throw err;
        }),
      'Range',
    );
  } catch (err) {
    if (tooLarge) return TOO_LARGE;
    throw err;
  }
}

const nameOf = (key: Buffer) => key.toString();
/** The smallest key after `key`: a Range from there starts just past it. */
const afterKey = (key: Buffer) => Buffer.concat([key, Buffer.from([0])]);
