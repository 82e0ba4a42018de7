import 'server-only';
import type { IKeyValue, Lease } from 'etcd3';
import { endpoints, getEtcd } from '@/lib/etcd/client';
import { toDashboardError } from '@/lib/etcd/errors';
import { call } from '@/lib/etcd/leases';
import { leaseIdToHex } from '@/lib/shared/lease-id';

// One election in etcd, on the etcd3 client's layout: each candidate holds one key,
// `<dir><its session lease ID in decimal>`, on its own session lease, kept alive every TTL/3; the
// key with the lowest create revision leads. Unlike etcd3's Election, the caller says which
// entries count (`accept`): anyone who can write to etcd can add a key here, and an entry that
// fails the check must neither lead nor stand in the real candidates' way.

/** One candidate's key in the election. */
export type Entry = {
  key: string;
  value: string;
  /** the session lease's ID, hex; null when the key's name is not a lease ID */
  session: string | null;
  createRevision: bigint;
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

const entryOf = (dir: string, kv: IKeyValue): Entry => {
  const key = kv.key.toString();
  const name = key.slice(dir.length);
  return {
    key,
    value: kv.value.toString(),
    session:
      /^[1-9][0-9]{0,19}$/.test(name) && BigInt(name) < 2n ** 63n ? leaseIdToHex(name) : null,
    createRevision: BigInt(kv.create_revision),
  };
};

/** The accepted entries, the leader first (lowest create revision). */
function ranked(entries: Iterable<Entry>, accept: (entry: Entry) => boolean): Entry[] {
  return [...entries].filter(accept).sort((a, b) => (a.createRevision < b.createRevision ? -1 : 1));
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
  const res = await call(undefined, () => getEtcd().getAll().prefix(dir).exec(), 'Range');
  const entries = new Map(res.kvs.map((kv) => [kv.key.toString(), entryOf(dir, kv)]));
  const watcher = await call(
    undefined,
    () =>
      getEtcd()
        .watch()
        .prefix(dir)
        .startRevision(String(BigInt(res.header.revision) + 1n))
        .create(),
    'Range',
  );
  let leader: Entry | null = null;
  const tell = () => {
    const first = ranked(entries.values(), accept)[0] ?? null;
    if (first?.key === leader?.key && first?.value === leader?.value) return;
    leader = first;
    onChange(leader);
  };
  watcher.on('put', (kv) => {
    entries.set(kv.key.toString(), entryOf(dir, kv));
    tell();
  });
  watcher.on('delete', (kv) => {
    entries.delete(kv.key.toString());
    tell();
  });
  watcher.on('error', (err) => onError(toDashboardError(err, { endpoints: endpoints() })));
  leader = ranked(entries.values(), accept)[0] ?? null;
  onChange(leader);
  return () => watcher.cancel();
}

/** Every accepted candidate, the leader first. */
export async function candidates(dir: string, accept: (entry: Entry) => boolean): Promise<Entry[]> {
  const res = await call(undefined, () => getEtcd().getAll().prefix(dir).exec(), 'Range');
  return ranked(
    res.kvs.map((kv) => entryOf(dir, kv)),
    accept,
  );
}
