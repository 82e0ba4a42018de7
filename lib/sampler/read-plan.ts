// Which leases a sampling round reads. While every lease can be read in 0.7 s, a round reads
// them all. Past that (a few thousand leases on a small machine) a round reads:
// - every lease that needs it now: never read, close to expiry, shown on someone's screen, or with
//   a recent event (a key put or deleted, a renewal);
// - and the rest stalest first: as many as 0.7 s of reading allows, and never fewer than
//   one in CYCLE_ROUNDS, so each lease is re-read at least every CYCLE_ROUNDS rounds however slow
//   etcd gets (unless the operator capped the reads: then the cap wins, and readings get older).
// Pure functions, so the choice can be tested without an etcd.

/** Share of a round that reading every lease may take before the rounds start to adapt. */
export const FULL_ROUND_SHARE = 0.7;
/** Every lease is re-read at least once in this many rounds. */
export const CYCLE_ROUNDS = 5;
/** Leases with less than this left are read every round. */
export const NEAR_EXPIRY_ROUND_S = 5;

export type Candidate = {
  id: string;
  /** epoch ms of the last reading; 0 for a lease listed but never read */
  readAt: number;
  /** epoch ms the lease expires by its last reading */
  expiresAt: number;
  /** epoch ms until which the lease is read every round (on screen, recent event) */
  priorityUntil: number;
};

export type ReadPlan = {
  ids: string[];
  /** true when the round reads every lease */
  full: boolean;
  /** how many were read because they needed it now */
  urgent: number;
};

/**
 * Chooses this round's reads. `readsPerSecond` is what etcd and this process managed lately; null
 * before the first round, which reads everything. `maxReads` is a hard cap from the operator
 * (DASHBOARD_MAX_READS_PER_SECOND): under it a cycle can take more than CYCLE_ROUNDS rounds.
 */
export function planReads(
  candidates: Candidate[],
  now: number,
  readsPerSecond: number | null,
  maxReads = Infinity,
): ReadPlan {
  const capacity = Math.min(
    readsPerSecond === null ? Infinity : readsPerSecond * FULL_ROUND_SHARE,
    maxReads,
  );
  if (candidates.length <= capacity)
    return { ids: candidates.map((c) => c.id), full: true, urgent: 0 };
  const urgent: string[] = [];
  const rest: Candidate[] = [];
  for (const c of candidates) {
    if (isUrgent(c, now)) urgent.push(c.id);
    else rest.push(c);
  }
  const take = Math.min(
    rest.length,
    Math.max(Math.ceil(rest.length / CYCLE_ROUNDS), Math.floor(capacity) - urgent.length),
  );
  rest.sort((a, b) => a.readAt - b.readAt);
  const stalest = rest.slice(0, take).map((c) => c.id);
  const ids = [...urgent, ...stalest].slice(0, maxReads);
  return { ids, full: false, urgent: Math.min(urgent.length, ids.length) };
}

export function isUrgent(c: Candidate, now: number): boolean {
  return c.readAt === 0 || c.priorityUntil > now || c.expiresAt - now <= NEAR_EXPIRY_ROUND_S * 1000;
}

/** Reads per second, smoothed over rounds; small rounds say little about throughput: skipped. */
export function nextReadRate(
  previous: number | null,
  reads: number,
  ms: number,
  minReads = 50,
): number | null {
  if (reads < minReads || ms <= 0) return previous;
  const rate = (reads * 1000) / ms;
  return previous === null ? rate : previous * 0.7 + rate * 0.3;
}
