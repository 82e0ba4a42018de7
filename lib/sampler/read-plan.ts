import { STALENESS_BOUND_S } from '@/lib/sampler/read-policy';

// Which leases a round reads, in this order while its capacity lasts: those on screen or with a
// recent event, those whose reading may be wrong (./read-policy.ts), those never read, then the
// stalest, spread over rounds so they do not come due together. Pure, so tested without an etcd.

/**
 * Share of a round that reading may take. The round's LeaseLeases comes out of it, so that rounds
 * still start on time and leases on screen are read in each one.
 */
export const ROUND_SHARE = 0.7;
export const MIN_ROUND_SHARE = 0.1;
/** Reads in a round before the rate is known (the first round, at startup). */
export const FIRST_ROUND_READS = 2000;
/**
 * A round may always read this many (unless the operator's cap is lower): smaller rounds say too
 * little about etcd's pace to measure it, so a capacity below this would never be measured again.
 */
export const MIN_MEASURED_READS = 50;
/** A lease due this soon is read now: the next round would read it late. */
export const LOOKAHEAD_MS = 500;
const BOUND_MS = STALENESS_BOUND_S * 1000;

export type Candidate = {
  id: string;
  /** epoch ms of the last reading; 0 for a lease listed but never read */
  readAt: number;
  /** epoch ms at which the reading may have gone wrong (./read-policy.ts) */
  dueAt: number;
  /** epoch ms until which the lease is read every round (on screen, recent event) */
  priorityUntil: number;
};

/**
 * Every lease the plan may read, as columns (entry i of each is lease i): an object per lease a
 * round lived across the round's slices, and the young generation's collections kept copying them.
 */
export type Candidates = {
  ids: string[];
  readAt: number[];
  dueAt: number[];
  priorityUntil: number[];
};

/** Candidates as columns. */
export function columns(list: readonly Candidate[]): Candidates {
  const out: Candidates = { ids: [], readAt: [], dueAt: [], priorityUntil: [] };
  for (const c of list) addCandidate(out, c.id, c.readAt, c.dueAt, c.priorityUntil);
  return out;
}

export function addCandidate(
  to: Candidates,
  id: string,
  readAt: number,
  dueAt: number,
  priorityUntil: number,
): void {
  to.ids.push(id);
  to.readAt.push(readAt);
  to.dueAt.push(dueAt);
  to.priorityUntil.push(priorityUntil);
}

export type ReadPlan = {
  ids: string[];
  /** how many were read because they needed it now (groups 1 and 2) */
  urgent: number;
  /** true when the capacity or the cap left out reads the policy wanted */
  capped: boolean;
};

/**
 * Chooses this round's reads. `readsPerSecond` is what etcd and this process managed lately (null
 * before it is known); `maxReads` is the operator's hard cap; `share` the part of a second left for
 * reading.
 */
export function planReads(
  candidates: Candidates,
  now: number,
  readsPerSecond: number | null,
  maxReads = Infinity,
  share = ROUND_SHARE,
): ReadPlan {
  const measured = readsPerSecond === null ? FIRST_ROUND_READS : readsPerSecond * share;
  const capacity = Math.max(
    1,
    Math.floor(Math.min(Math.max(measured, MIN_MEASURED_READS), maxReads)),
  );
  const { ids: all, readAt, dueAt, priorityUntil } = candidates;
  const priority: string[] = [];
  // indices into the columns
  const due: number[] = [];
  const unread: string[] = [];
  const rest: number[] = [];
  const soon = now + LOOKAHEAD_MS;
  let stale = 0;
  for (let i = 0; i < all.length; i++) {
    const id = all[i] ?? '';
    const read = readAt[i] ?? 0;
    const dueBy = dueAt[i] ?? 0;
    if ((priorityUntil[i] ?? 0) > now) priority.push(id);
    else if (read === 0) unread.push(id);
    else if (dueBy <= soon && dueBy - read < BOUND_MS) due.push(i);
    else {
      rest.push(i);
      if (read + BOUND_MS <= soon) stale++;
    }
  }
  due.sort((a, b) => (dueAt[a] ?? 0) - (dueAt[b] ?? 0));
  // The rest, stalest first: every one at the bound, and at least rest/STALENESS_BOUND_S a round,
  // spread over the rounds by the clock's second, so the reads do not come due together.
  const second = Math.floor(now / 1000);
  const pace =
    Math.floor(((second + 1) * rest.length) / STALENESS_BOUND_S) -
    Math.floor((second * rest.length) / STALENESS_BOUND_S);
  const background = Math.max(stale, pace);
  const ids = priority.slice(0, capacity);
  for (const i of due) if (ids.length < capacity) ids.push(all[i] ?? '');
  const urgent = ids.length;
  for (const id of unread) if (ids.length < capacity) ids.push(id);
  ids.push(...stalest(candidates, Math.min(background, capacity - ids.length), rest));
  const wanted = priority.length + due.length + unread.length + background;
  return { ids, urgent, capped: wanted > ids.length };
}

/**
 * The `take` candidates (of those at the indices `among`, or all) with the oldest readings, in one
 * pass and a count by second instead of a sort: at scale a sort a round cost more than the reads
 * it chose.
 */
export function stalest(candidates: Candidates, take: number, among?: readonly number[]): string[] {
  const { ids: all, readAt } = candidates;
  const indices = among ?? all.map((_, i) => i);
  if (take <= 0) return [];
  if (take >= indices.length) return indices.map((i) => all[i] ?? '');
  const second = (i: number) => Math.floor((readAt[i] ?? 0) / 1000);
  const perSecond = new Map<number, number>();
  for (const i of indices) perSecond.set(second(i), (perSecond.get(second(i)) ?? 0) + 1);
  // The second below which every reading is taken, and how many of that second's to take.
  let cutoff = 0;
  let fromCutoff = 0;
  let counted = 0;
  for (const s of [...perSecond.keys()].sort((a, b) => a - b)) {
    const n = perSecond.get(s) ?? 0;
    if (counted + n >= take) {
      cutoff = s;
      fromCutoff = take - counted;
      break;
    }
    counted += n;
  }
  const ids: string[] = [];
  for (const i of indices) {
    const s = second(i);
    if (s < cutoff) ids.push(all[i] ?? '');
    else if (s === cutoff && fromCutoff > 0) {
      ids.push(all[i] ?? '');
      fromCutoff--;
    }
  }
  return ids;
}

/** Reads per second, smoothed over rounds; small rounds say little about throughput: skipped. */
export function nextReadRate(
  previous: number | null,
  reads: number,
  ms: number,
  minReads = MIN_MEASURED_READS,
): number | null {
  if (reads < minReads || ms <= 0) return previous;
  const rate = (reads * 1000) / ms;
  return previous === null ? rate : previous * 0.7 + rate * 0.3;
}
