import { STALENESS_BOUND_S } from '@/lib/sampler/read-policy';

// Which leases a sampling round reads (rounds start once a second). In this order, while the
// round's capacity lasts:
// 1. the leases on someone's screen, or with an event in the last second or so: every round;
// 2. the leases whose reading may have gone wrong (./read-policy.ts: past a renewal point, near
//    expiry), the most overdue first;
// 3. the leases listed but never read, so a hundred thousand of them are read a few thousand a
//    round while the page already lists them as "not read yet";
// 4. the rest, stalest first: every one whose reading reached STALENESS_BOUND_S, and at least a
//    1/STALENESS_BOUND_S share of them a round, so their reads spread evenly over time instead of
//    coming due together.
// The capacity is what etcd and this process managed lately (0.7 s of reading a round), or the
// operator's cap (DASHBOARD_MAX_READS_PER_SECOND): under it, readings get older than the bound, the
// round says it was capped, and the page shows how old each reading is.
// Pure functions, so the choice is tested without an etcd.

/**
 * Share of a round that reading may take. The round's LeaseLeases comes out of it (half a second at
 * 100,000 leases), so that rounds still start once a second and leases on screen are read each one.
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
  candidates: Candidate[],
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
  const priority: string[] = [];
  const due: Candidate[] = [];
  const unread: string[] = [];
  const rest: Candidate[] = [];
  const soon = now + LOOKAHEAD_MS;
  let stale = 0;
  for (const c of candidates) {
    if (c.priorityUntil > now) priority.push(c.id);
    else if (c.readAt === 0) unread.push(c.id);
    else if (c.dueAt <= soon && c.dueAt - c.readAt < BOUND_MS) due.push(c);
    else {
      rest.push(c);
      if (c.readAt + BOUND_MS <= soon) stale++;
    }
  }
  due.sort((a, b) => a.dueAt - b.dueAt);
  // The rest, stalest first: every one at the bound, and at least rest/STALENESS_BOUND_S a round,
  // spread over the rounds by the clock's second (one lease of ten is read every third round, not
  // all ten every round), so the reads do not come due together.
  const second = Math.floor(now / 1000);
  const pace =
    Math.floor(((second + 1) * rest.length) / STALENESS_BOUND_S) -
    Math.floor((second * rest.length) / STALENESS_BOUND_S);
  const background = Math.max(stale, pace);
  const ids = priority.slice(0, capacity);
  for (const c of due) if (ids.length < capacity) ids.push(c.id);
  const urgent = ids.length;
  for (const id of unread) if (ids.length < capacity) ids.push(id);
  ids.push(...stalest(rest, Math.min(background, capacity - ids.length)));
  const wanted = priority.length + due.length + unread.length + background;
  return { ids, urgent, capped: wanted > ids.length };
}

/**
 * The `take` candidates with the oldest readings, in one pass and a count by second instead of a
 * sort: at 100,000 leases a sort a round cost more than the reads it chose.
 */
export function stalest(candidates: Candidate[], take: number): string[] {
  if (take <= 0) return [];
  if (take >= candidates.length) return candidates.map((c) => c.id);
  const perSecond = new Map<number, number>();
  for (const c of candidates) {
    const s = Math.floor(c.readAt / 1000);
    perSecond.set(s, (perSecond.get(s) ?? 0) + 1);
  }
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
  for (const c of candidates) {
    const s = Math.floor(c.readAt / 1000);
    if (s < cutoff) ids.push(c.id);
    else if (s === cutoff && fromCutoff > 0) {
      ids.push(c.id);
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
