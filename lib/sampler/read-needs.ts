import { addCandidate, type Candidates } from '@/lib/sampler/read-plan';
import { readDueAt } from '@/lib/sampler/read-policy';
import type { LeaseStore } from '@/lib/sampler/lease-store';
import type { Tracked } from '@/lib/sampler/lease-records';
import { remainingNow } from '@/lib/shared/countdown';
import type { AliveLease, LeaseView } from '@/lib/shared/contract';
import { SLICE, breather } from '@/lib/sampler/map-limit';

// What the sampler should read next, from what the store holds: each lease's place in the read
// plan, the leases about to expire, how stale the oldest reading is, and whether a reading should
// ask for the keys. Pure functions over the store.

/** A key list this large is not read again with every reading (the watch keeps it current). */
export const HEAVY_KEYS_BYTES = 256 * 1024;
/** How often a heavy key list (or one etcd would not list) is read again in full anyway. */
export const HEAVY_KEYS_EVERY_MS = 60_000;

/**
 * Whether the next reading should ask for the lease's keys. A key list over HEAVY_KEYS_BYTES, or
 * one etcd would not list, is asked for once every HEAVY_KEYS_EVERY_MS; between, the watch keeps
 * it current. Reading 4 MB of key names every second made every read time out.
 */
export function wantsKeys(store: LeaseStore, id: string, now: number): boolean {
  const tracked = store.tracked(id);
  if (tracked?.view.status !== 'alive' || now - tracked.keysAskedAt >= HEAVY_KEYS_EVERY_MS)
    return true;
  const { keys, keysHidden } = tracked.view;
  if (keysHidden) return false;
  let bytes = 0;
  for (const key of keys) if ((bytes += key.length) > HEAVY_KEYS_BYTES) return false;
  return true;
}

/** A lease whose last read failed is tried again after this, unless it is on screen. */
export const RETRY_FAILED_MS = 5000;

/**
 * The read plan's candidates: every lease the store tracks (the listing puts each listed lease
 * there first), those `onScreen` (./viewers.ts) to be read every round, in slices with waiting
 * requests let in between, as columns (see Candidates). At 100,000 leases this took 70 ms in one
 * go, looking each listed ID up, and every request waited for it. A lease already seen gone is left
 * out: etcd lists an expired lease until it gets round to revoking it, and reading it again says
 * nothing new.
 */
export async function candidatesOf(
  store: LeaseStore,
  onScreen: Iterable<string> = [],
): Promise<Candidates> {
  const out: Candidates = { ids: [], readAt: [], dueAt: [], priorityUntil: [] };
  const shown = new Set(onScreen);
  let n = 0;
  for (const tracked of store.all()) {
    addCandidateOf(out, tracked, shown.has(tracked.view.id));
    if (++n % SLICE === 0) await breather();
  }
  return out;
}

function addCandidateOf(out: Candidates, tracked: Readonly<Tracked>, shown: boolean): void {
  const { view } = tracked;
  const priorityUntil = shown ? Infinity : tracked.priorityUntil;
  if (view.status === 'unread') {
    const failedAt = view.readFailure?.at;
    if (failedAt) addCandidate(out, view.id, failedAt, failedAt + RETRY_FAILED_MS, priorityUntil);
    else addCandidate(out, view.id, 0, 0, priorityUntil);
    return;
  }
  if (view.status !== 'alive') return;
  const due = readDueAt(view);
  const retry = view.readFailure ? view.readFailure.at + RETRY_FAILED_MS : 0;
  addCandidate(out, view.id, view.readAt, Math.max(due, retry), priorityUntil);
}

/** Whether an alive lease has less than `withinS` left by its last reading. */
export const expiresWithin = (view: AliveLease, now: number, withinS: number) =>
  remainingNow(view.ttl, view.readAt, now) < withinS;

export type RoundFigures = {
  /** listed leases not read yet */
  unread: number;
  /** how old the oldest reading of an alive lease is, ms */
  maxStalenessMs: number;
  /** alive leases with less than `withinS` left, but those `quiet` says to leave alone */
  expiringSoon: string[];
  /** the leases seen gone (expired or revoked), which the store forgets in time */
  gone: string[];
};

/** What a round reports and keeps, in one pass over every lease, in slices. */
export async function roundFigures(
  store: LeaseStore,
  now: number,
  withinS: number,
  quiet: (view: LeaseView) => boolean,
): Promise<RoundFigures> {
  let unread = 0;
  let oldest = now;
  const expiringSoon: string[] = [];
  const gone: string[] = [];
  let n = 0;
  for (const { view } of store.all()) {
    if (++n % SLICE === 0) await breather();
    if (view.status === 'unread') unread++;
    if (view.status === 'expired' || view.status === 'revoked') gone.push(view.id);
    if (view.status !== 'alive') continue;
    if (view.readAt < oldest) oldest = view.readAt;
    if (expiresWithin(view, now, withinS) && !quiet(view)) expiringSoon.push(view.id);
  }
  return { unread, maxStalenessMs: now - oldest, expiringSoon, gone };
}
