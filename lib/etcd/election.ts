import 'server-only';
import type { Lease } from 'etcd3';
import { endpoints, getEtcd } from '@/lib/etcd/client';
import { toDashboardError } from '@/lib/etcd/errors';
import { call } from '@/lib/etcd/leases';
import { keysUnder, type KeyMeta } from '@/lib/etcd/own-keys';
import { leaseIdToHex } from '@/lib/shared/lease-id';

// One election on etcd3's layout (a key per candidate on its session lease; the lowest create
// revision leads), except that the caller says which entries count (`accept`): anyone who can
// write to etcd can add a key here, and such a key must neither lead nor block the real candidates.

/** A replica's entry is a URL and a signature: anything larger is not one, and is not read. */
const MAX_VALUE_BYTES = 1024;

/** One candidate's key in the election. */
export type Entry = {
  key: string;
  /** '' when the value was too large to be an entry */
  value: string;
  /**
   * The session lease's ID, hex, when the key is held by the lease its name says (as a
   * candidate's key always is); null otherwise, for a key copied or put by hand.
   */
  session: string | null;
  createRevision: bigint;
  modRevision: string;
};

export type Candidacy = {
  /** This candidate's key, once its session is granted; null before. */
  key(): string | null;
  /**
   * Until when etcd surely still holds this candidate's session (epoch ms). A lower bound: the
   * time a renewal that etcd answered was sent, plus the TTL. While it holds, no other candidate
   * can have been elected after this one.
   */
  heldUntil(): number;
  /** Revokes the session: its key goes, and the next candidate is elected at once. */
  resign(): Promise<void>;
};

/**
 * Grants a session lease and puts this candidate's key on it, with the value `valueFor(key)`.
 * `failed` when the session cannot be granted, the key cannot be put, or the session is lost.
 */
export function campaign(
  dir: string,
  valueFor: (key: string) => string,
  ttlS: number,
  on: { ready(): void; failed(err: Error): void },
): Candidacy {
  const sent = Date.now();
  const session: Lease = getEtcd().lease(ttlS);
  let heldUntil = sent + ttlS * 1000;
  let key: string | null = null;
  // When each renewal was sent, oldest first: etcd answers a keep-alive stream in order.
  const fired: number[] = [];
  session.on('keepaliveEstablished', () => (fired.length = 0));
  session.on('keepaliveFailed', () => (fired.length = 0));
  session.on('keepaliveFired', () => fired.push(Date.now()));
  session.on('keepaliveSucceeded', () => {
    const at = fired.shift();
    if (at !== undefined) heldUntil = Math.max(heldUntil, at + ttlS * 1000);
  });
  let over = false;
  const fail = (err: unknown) => {
    if (over) return;
    over = true;
    on.failed(toDashboardError(err, { endpoints: endpoints() }));
  };
  session.on('lost', fail);
  void (async () => {
    try {
      key = `${dir}${await session.grant()}`;
      await session.put(key).value(valueFor(key));
      if (!over) on.ready();
    } catch (err) {
      fail(err);
    }
  })();
  return {
    key: () => key,
    heldUntil: () => heldUntil,
    resign: async () => {
      over = true;
      await session.revoke();
    },
  };
}

/** A session lease ID as etcd3 gives it (decimal), or null when `name` is not one. */
const leaseIdIn = (name: string): string | null =>
  /^[1-9][0-9]{0,18}$/.test(name) && BigInt(name) < 2n ** 63n ? name : null;

function entryOf(dir: string, key: string, value: Buffer | string, meta: KeyMeta): Entry {
  const id = leaseIdIn(key.slice(dir.length));
  return {
    key,
    value: value.length > MAX_VALUE_BYTES ? '' : value.toString(),
    session: id !== null && meta.lease === id ? leaseIdToHex(id) : null,
    createRevision: BigInt(meta.createRevision),
    modRevision: meta.modRevision,
  };
}

/** Every entry under `dir` whose value is small enough to be one, and the revision read at. */
async function readEntries(dir: string): Promise<{ entries: Entry[]; revision: bigint }> {
  // The revision first: a watch from just after it misses nothing the pages then read.
  const revision = BigInt(
    (await call(undefined, () => getEtcd().get(dir).exec(), 'Range')).header.revision,
  );
  const read = await keysUnder(dir, {
    wanted: (key) => leaseIdIn(key.slice(dir.length)) !== null,
    maxValueBytes: MAX_VALUE_BYTES,
  });
  const entries: Entry[] = [];
  for (const [key, value] of read.values) {
    const meta = read.meta.get(key);
    if (meta) entries.push(entryOf(dir, key, value, meta));
  }
  return { entries, revision };
}

/** The accepted entries, the leader first (lowest create revision). */
function ranked(entries: Iterable<Entry & { accepted: boolean }>): Entry[] {
  return [...entries]
    .filter((e) => e.accepted)
    .sort((a, b) => (a.createRevision < b.createRevision ? -1 : 1));
}

/**
 * Calls `onChange` with the leading accepted entry now and whenever it changes (null: nobody
 * leads), until the returned function is called. `onError` when the observation broke.
 */
export async function observe(
  dir: string,
  accept: (entry: Entry) => boolean,
  onChange: (leader: Entry | null) => void,
  onError: (err: Error) => void,
): Promise<() => Promise<void>> {
  const { entries: read, revision } = await readEntries(dir);
  // Each entry judged once per change of its key: a judgement parses and checks a signature.
  const judged = (entry: Entry) => ({ ...entry, accepted: accept(entry) });
  const entries = new Map(read.map((e) => [e.key, judged(e)]));
  const watcher = await call(
    undefined,
    () =>
      getEtcd()
        .watch()
        .prefix(dir)
        .startRevision(String(revision + 1n))
        .create(),
    'Range',
  );
  let leader: Entry | null = ranked(entries.values())[0] ?? null;
  const tell = () => {
    const first = ranked(entries.values())[0] ?? null;
    if (first?.key === leader?.key && first?.modRevision === leader?.modRevision) return;
    leader = first;
    onChange(leader);
  };
  watcher.on('put', (kv) => {
    const key = kv.key.toString();
    const meta = {
      createRevision: kv.create_revision,
      modRevision: kv.mod_revision,
      lease: kv.lease,
    };
    entries.set(key, judged(entryOf(dir, key, kv.value, meta)));
    tell();
  });
  watcher.on('delete', (kv) => {
    entries.delete(kv.key.toString());
    tell();
  });
  watcher.on('error', (err) => onError(toDashboardError(err, { endpoints: endpoints() })));
  onChange(leader);
  return () => watcher.cancel();
}

/**
 * Deletes an entry unless it changed since it was read: one that names a candidate but is not its
 * key (left by its previous process, or copied onto a lease of the same ID).
 */
export async function removeEntry(entry: Entry): Promise<void> {
  await call(
    undefined,
    () =>
      getEtcd()
        .if(entry.key, 'Mod', '==', entry.modRevision)
        .then(getEtcd().delete().key(entry.key))
        .commit(),
    'Txn',
  );
}

/** Every accepted candidate, the leader first. */
export async function candidates(dir: string, accept: (entry: Entry) => boolean): Promise<Entry[]> {
  const { entries } = await readEntries(dir);
  return ranked(entries.map((e) => ({ ...e, accepted: accept(e) })));
}
