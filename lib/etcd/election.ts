import 'server-only';
import { EventEmitter } from 'node:events';
import type { Campaign } from 'etcd3';
import { endpoints, getEtcd } from '@/lib/etcd/client';
import { toDashboardError } from '@/lib/etcd/errors';
import { call } from '@/lib/etcd/leases';
import { leaseIdToHex } from '@/lib/shared/lease-id';

// One election in etcd, through the etcd3 client's Election. Each candidate holds one key,
// `<prefix>election/<name>/<its session lease ID in decimal>`, on its own session lease, which the
// client keeps alive every TTL/3; the key with the lowest create revision leads, and each other
// candidate waits for the deletion of the key just before its own. (This is the etcd3 client's
// layout, not clientv3's: nothing but the dashboard's replicas joins this election.)

export type Candidacy = {
  /**
   * Until when etcd surely still holds this candidate's session (epoch ms). A lower bound: the
   * time a renewal that etcd answered was sent, plus the TTL. While it holds, no other candidate
   * can have been elected after this one.
   */
  heldUntil(): number;
  /** Revokes the session: its key goes, and the next candidate is elected at once. */
  resign(): Promise<void>;
};

export type Candidate = { value: string; session: string };

export function campaign(
  prefix: string,
  name: string,
  value: string,
  ttlS: number,
  on: { elected(): void; failed(err: Error): void },
): Candidacy {
  const sent = Date.now();
  const running = getEtcd().namespace(prefix).election(name, ttlS).campaign(value);
  let heldUntil = sent + ttlS * 1000;
  // When each renewal was sent, oldest first: etcd answers a keep-alive stream in order.
  const fired: number[] = [];
  const session = sessionOf(running);
  session.on('keepaliveEstablished', () => (fired.length = 0));
  session.on('keepaliveFailed', () => (fired.length = 0));
  session.on('keepaliveFired', () => fired.push(Date.now()));
  session.on('keepaliveSucceeded', () => {
    const at = fired.shift();
    if (at !== undefined) heldUntil = Math.max(heldUntil, at + ttlS * 1000);
  });
  running.on('elected', () => on.elected());
  running.on('error', (err) => on.failed(toDashboardError(err, { endpoints: endpoints() })));
  return { heldUntil: () => heldUntil, resign: () => running.resign() };
}

/**
 * Calls `onChange` with the leader's value now and whenever it changes (undefined: nobody leads),
 * until the returned function is called. `onError` when the observation broke.
 */
export async function observe(
  prefix: string,
  name: string,
  onChange: (leader: string | undefined) => void,
  onError: (err: Error) => void,
): Promise<() => Promise<void>> {
  const observer = await call(
    undefined,
    () => getEtcd().namespace(prefix).election(name).observe(),
    'Range',
  );
  observer.on('change', onChange);
  observer.on('error', (err) => onError(toDashboardError(err, { endpoints: endpoints() })));
  onChange(observer.leader());
  return () => observer.cancel();
}

/** Every candidate, the leader first (lowest create revision), with its session's lease ID (hex). */
export async function candidates(prefix: string, name: string): Promise<Candidate[]> {
  const dir = `${prefix}election/${name}/`;
  const res = await call(
    undefined,
    () => getEtcd().getAll().prefix(dir).sort('Create', 'Ascend').exec(),
    'Range',
  );
  return res.kvs.map((kv) => ({
    value: kv.value.toString(),
    session: leaseIdToHex(kv.key.toString().slice(dir.length)),
  }));
}

/**
 * The session lease inside etcd3's Campaign (a private field in 1.1.2, the pinned version), whose
 * keep-alive events tell how long the session surely holds. Checked, so a different etcd3 fails
 * loudly here rather than leading without a fence.
 */
function sessionOf(running: Campaign): EventEmitter {
  const lease = (running as unknown as { lease?: unknown }).lease;
  if (!(lease instanceof EventEmitter))
    throw new Error(
      'etcd3 Campaign keeps no session lease where 1.1.2 did: check lib/etcd/election.ts',
    );
  return lease;
}
