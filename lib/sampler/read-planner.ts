import type { Tracked } from '@/lib/sampler/lease-records';
import type { LeaseStore } from '@/lib/sampler/lease-store';
import { SLICE, breather } from '@/lib/sampler/map-limit';
import { NEAR_EXPIRY_S, QuickReads } from '@/lib/sampler/quick-reads';
import {
  MIN_ROUND_SHARE,
  ROUND_SHARE,
  addCandidate,
  nextReadRate,
  planReads,
  type Candidates,
  type ReadPlan,
} from '@/lib/sampler/read-plan';
import { expiresWithin, readDueAt } from '@/lib/sampler/read-policy';
import { isSession, type SamplerOptions } from '@/lib/sampler/sampler-options';
import { Viewers } from '@/lib/sampler/viewers';
import type { LeaseView } from '@/lib/shared/contract';

// Every decision about which leases the sampler reads, and when, behind one interface, with no etcd
// and no timers, so each rule is tested alone. The sampler (./lease-sampler.ts) does the I/O; the
// rules live in ./read-plan.ts (a round), ./read-policy.ts (when a reading may be wrong),
// ./quick-reads.ts (between rounds) and ./viewers.ts (what is on screen).

/**
 * A lease with an event (a key put or deleted, the dashboard's own grant or renewal) is read every
 * round for this long: once or twice, so its row catches up with the event at once.
 */
export const RECENT_EVENT_MS = 1500;
/** A lease whose last read failed is tried again after this, unless it is on screen. */
export const RETRY_FAILED_MS = 5000;
/** A key list this large is not read again with every reading (the watch keeps it current). */
export const HEAVY_KEYS_BYTES = 256 * 1024;
/** How often a heavy key list (or one etcd would not list) is read again in full anyway. */
export const HEAVY_KEYS_EVERY_MS = 60_000;
/** A round notes the leases this close to expiry, for the quick reads until the next round. */
const EXPIRING_SOON_S = NEAR_EXPIRY_S + 2;

/** What the planner takes from the sampler's options. */
export type PlannerOptions = Pick<SamplerOptions, 'maxReadsPerSecond' | 'sessionKeyPrefix'>;

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

export class ReadPlanner {
  private readonly viewers = new Viewers();
  private readonly quick = new QuickReads();
  /** reads a second that etcd and this process managed lately; null until a round measured it */
  private pace: number | null = null;

  constructor(
    private readonly store: LeaseStore,
    private readonly options: PlannerOptions = {},
  ) {}

  /** etcd's measured pace, reads a second (null before the first measured round). */
  get readsPerSecond(): number | null {
    return this.pace;
  }

  /** `client` shows these leases from `at`: on screen, and maybe in focus. */
  viewed(client: string, ids: readonly string[], at: number, inFocus = false): void {
    this.viewers.mark(client, ids, at, inFocus);
  }

  /** Something happened to the lease at `at`: read it every round for RECENT_EVENT_MS. */
  eventAt(id: string, at: number): void {
    this.store.prioritise(id, at + RECENT_EVENT_MS);
  }

  /** The reads of a round that started at `startedAt`, whose LeaseLeases took `listedForS`. */
  async round(startedAt: number, listedForS: number): Promise<ReadPlan> {
    return planReads(
      await candidatesOf(this.store, this.viewers.onScreen(startedAt)),
      startedAt,
      this.pace,
      this.options.maxReadsPerSecond,
      Math.max(MIN_ROUND_SHARE, ROUND_SHARE - listedForS),
    );
  }

  /** A round read `reads` leases in `ms`: etcd's pace, for the next rounds' capacity. */
  measured(reads: number, ms: number): void {
    this.pace = nextReadRate(this.pace, reads, ms);
  }

  /**
   * After a round's reads, in one pass over every lease: notes the leases about to expire for the
   * reads between rounds, and returns what the round reports.
   */
  async roundEnded(now: number): Promise<Omit<RoundFigures, 'expiringSoon'>> {
    const quiet = (view: LeaseView) => isSession(view, this.options.sessionKeyPrefix);
    const { expiringSoon, ...figures } = await roundFigures(
      this.store,
      now,
      EXPIRING_SOON_S,
      quiet,
    );
    this.quick.expiringSoon = expiringSoon;
    return figures;
  }

  /** The leases to read between rounds, now. */
  betweenRounds(now: number): string[] {
    return this.quick.due(now, (id) => this.store.lease(id), this.viewers.inFocus(now));
  }

  /** Whether a reading of the lease sent at `now` should ask for its keys. */
  withKeys(id: string, now: number): boolean {
    return wantsKeys(this.store, id, now);
  }
}

/**
 * Whether the next reading should ask for the lease's keys. A heavy key list, or one etcd would not
 * list, is read rarely (the watch keeps it current): read every time, it made every read time out.
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

/**
 * The read plan's candidates, as columns: every lease the store tracks but those seen gone (etcd
 * lists an expired lease until it revokes it). Built in slices, so waiting requests run between.
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
