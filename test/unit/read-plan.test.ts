import { describe, expect, it } from 'vitest';
import {
  FIRST_ROUND_READS,
  MIN_MEASURED_READS,
  MIN_ROUND_SHARE,
  ROUND_SHARE,
  nextReadRate,
  planReads,
  columns,
  stalest,
  type Candidate,
} from '@/lib/sampler/read-plan';
import {
  AFTER_RENEWAL_MS,
  NEAR_EXPIRY_ROUND_S,
  STALENESS_BOUND_S,
  readDueAt,
} from '@/lib/sampler/read-policy';

// The read policy and the plan without etcd: what a round reads, and what that costs over time.

const NOW = 1_000_000_000;
const BOUND_MS = STALENESS_BOUND_S * 1000;

/** A simulated lease: etcd's truth (its deadline, and a renewer if any) and our last reading. */
type SimLease = {
  id: string;
  grantedTTL: number;
  /** epoch ms it runs out, by etcd */
  deadline: number;
  /** renews when this share of the granted TTL has passed; null: nobody renews it */
  renewAt: number | null;
  readAt: number;
  readTtl: number;
  priorityUntil: number;
};

const simLease = (i: number, over: Partial<SimLease> = {}): SimLease => ({
  id: i.toString(16).padStart(16, '0'),
  grantedTTL: 600,
  deadline: NOW + 600_000,
  renewAt: null,
  readAt: 0,
  readTtl: 0,
  priorityUntil: 0,
  ...over,
});

const candidateOf = (l: SimLease): Candidate => ({
  id: l.id,
  readAt: l.readAt,
  dueAt:
    l.readAt === 0 ? 0 : readDueAt({ readAt: l.readAt, grantedTTL: l.grantedTTL, ttl: l.readTtl }),
  priorityUntil: l.priorityUntil,
});

/**
 * Runs `seconds` rounds a second apart over the leases: renewers renew, the plan picks, picked
 * leases are read. Returns reads per second (after the first cycle), the oldest reading seen at a
 * read after the first cycle, the reads per lease, and how many readings showed a renewal.
 */
function simulate(
  leases: SimLease[],
  seconds: number,
  rate: number | null = 100_000,
  cap?: number,
) {
  let reads = 0;
  let oldest = 0;
  let rises = 0;
  const perLease = new Map<string, number>();
  for (let r = 0; r < seconds; r++) {
    const now = NOW + r * 1000;
    for (const l of leases)
      if (l.renewAt !== null && now >= l.deadline - (1 - l.renewAt) * l.grantedTTL * 1000)
        l.deadline = now + l.grantedTTL * 1000;
    const plan = planReads(columns(leases.map(candidateOf)), now, rate, cap);
    const picked = new Set(plan.ids);
    for (const l of leases) {
      if (!picked.has(l.id)) continue;
      if (r >= STALENESS_BOUND_S && l.readAt > 0) oldest = Math.max(oldest, now - l.readAt);
      const ttl = Math.floor((l.deadline - now) / 1000);
      if (l.readAt > 0 && ttl > l.readTtl - (now - l.readAt) / 1000 + 1) rises++;
      l.readAt = now;
      l.readTtl = ttl;
      perLease.set(l.id, (perLease.get(l.id) ?? 0) + 1);
    }
    if (r >= STALENESS_BOUND_S) reads += plan.ids.length;
  }
  return { perSecond: reads / Math.max(1, seconds - STALENESS_BOUND_S), oldest, perLease, rises };
}

describe('read policy', () => {
  it('reads again just after the next renewal point, near expiry, and within the bound', () => {
    // 10 s lease just read at full: due after 1/3 has passed (a renewal at TTL/3 has happened).
    expect(readDueAt({ readAt: NOW, grantedTTL: 10, ttl: 10 })).toBeCloseTo(
      NOW + 10_000 / 3 + AFTER_RENEWAL_MS,
    );
    // Read at 40 s of 100 (60% passed): the next point is 3/4, at 25 s left.
    expect(readDueAt({ readAt: NOW, grantedTTL: 100, ttl: 40 })).toBeCloseTo(
      NOW + 15_000 + AFTER_RENEWAL_MS,
    );
    // Past every point: within NEAR_EXPIRY_ROUND_S of its end, every round.
    expect(readDueAt({ readAt: NOW, grantedTTL: 60, ttl: 4 })).toBeLessThanOrEqual(NOW);
    expect(readDueAt({ readAt: NOW, grantedTTL: 60, ttl: 12 })).toBe(
      NOW + (12 - NEAR_EXPIRY_ROUND_S) * 1000,
    );
    // An hour's lease: the bound.
    expect(readDueAt({ readAt: NOW, grantedTTL: 3600, ttl: 3600 })).toBe(NOW + BOUND_MS);
    // Refreshed by a new leader to more than it was granted: still a sane time.
    expect(readDueAt({ readAt: NOW, grantedTTL: 10, ttl: 11 })).toBeGreaterThan(NOW);
  });
});

describe('read plan', () => {
  it('1,000 long leases with nobody watching cost about 1,000/29 reads a second', () => {
    const leases = Array.from({ length: 1000 }, (_, i) => simLease(i));
    const { perSecond, oldest } = simulate(leases, 120);
    expect(perSecond).toBeLessThanOrEqual(50);
    expect(perSecond).toBeGreaterThanOrEqual(1000 / STALENESS_BOUND_S - 1);
    // No reading older than the bound (a round a second, read at the start of one).
    expect(oldest).toBeLessThanOrEqual(BOUND_MS);
  });

  it('reads the leases on screen every round, and 10,000 leases with one viewer under 400/s', () => {
    const leases = Array.from({ length: 10_000 }, (_, i) => simLease(i));
    for (const l of leases.slice(0, 50)) l.priorityUntil = Infinity;
    const { perSecond, oldest, perLease } = simulate(leases, 90);
    expect(perSecond).toBeLessThanOrEqual(400);
    expect(oldest).toBeLessThanOrEqual(BOUND_MS);
    expect(perLease.get(leases[0]!.id)).toBe(90);
  });

  it('reads a lease kept alive at 1/3 about once per renewal, and sees the renewals', () => {
    const lease = simLease(1, { grantedTTL: 9, deadline: NOW + 9000, renewAt: 1 / 3 });
    const { perLease, rises } = simulate([lease], 90);
    // Renewed every 3 s for 90 s: 30 renewals; read about once each, not every second.
    expect(perLease.get(lease.id)).toBeLessThanOrEqual(35);
    expect(perLease.get(lease.id)).toBeGreaterThanOrEqual(15);
    expect(rises).toBeGreaterThanOrEqual(15);
  });

  it('reads a lease nobody renews at its renewal points and then every round near its end', () => {
    const lease = simLease(1, { grantedTTL: 30, deadline: NOW + 30_000 });
    const { perLease } = simulate([lease], 30);
    // 1/3, 1/2, 3/4, then the last 5 s: a handful of reads, not 30.
    expect(perLease.get(lease.id)).toBeGreaterThanOrEqual(7);
    expect(perLease.get(lease.id)).toBeLessThanOrEqual(11);
  });

  it('reads 100,000 leases never read a capacity at a time, on-screen ones first', () => {
    const leases = Array.from({ length: 100_000 }, (_, i) => simLease(i));
    leases[99_999]!.priorityUntil = Infinity;
    const first = planReads(columns(leases.map(candidateOf)), NOW, null);
    expect(first.ids).toHaveLength(FIRST_ROUND_READS);
    expect(first.ids[0]).toBe(leases[99_999]!.id);
    expect(first.capped).toBe(true);
    const later = planReads(columns(leases.map(candidateOf)), NOW, 3000);
    expect(later.ids).toHaveLength(Math.floor(3000 * ROUND_SHARE));
  });

  it("keeps under an operator's cap, and readings get older than the bound instead", () => {
    const leases = Array.from({ length: 10_000 }, (_, i) => simLease(i));
    const { perSecond, oldest } = simulate(leases, 90, 100_000, 200);
    expect(perSecond).toBeLessThanOrEqual(200);
    expect(oldest).toBeGreaterThan(BOUND_MS);
  });

  it('picks the stalest without sorting them all', () => {
    const c = (id: string, readAt: number): Candidate => ({
      id,
      readAt,
      dueAt: Infinity,
      priorityUntil: 0,
    });
    const all = columns([
      c('a', NOW),
      c('b', NOW - 5000),
      c('c', NOW - 5200),
      c('d', NOW - 100),
      c('e', NOW - 9000),
    ]);
    expect(new Set(stalest(all, 2))).toEqual(new Set(['e', 'c']));
    expect(new Set(stalest(all, 3))).toEqual(new Set(['e', 'c', 'b']));
    expect(stalest(all, 0)).toEqual([]);
    expect(stalest(all, 9)).toHaveLength(5);
    // Among some of them only (the plan's "rest").
    expect(stalest(all, 1, [0, 1, 3])).toEqual(['b']);
  });

  it('smooths the read rate and ignores tiny rounds', () => {
    expect(nextReadRate(null, 10, 5)).toBeNull();
    expect(nextReadRate(null, 1000, 500)).toBe(2000);
    expect(nextReadRate(2000, 1000, 250)).toBeCloseTo(2000 * 0.7 + 4000 * 0.3);
  });

  it('always reads enough to measure the pace again, however low the estimate fell', () => {
    // 100,000 leases listed slowly leave a tenth of the round for reads; at 100 a second that is
    // 10 reads, too few to measure, so the estimate would never rise again.
    const stale: Candidate[] = Array.from({ length: 1000 }, (_, i) => ({
      id: i.toString(16).padStart(16, '0'),
      readAt: NOW - BOUND_MS - 1000,
      dueAt: NOW - 1000,
      priorityUntil: 0,
    }));
    const plan = planReads(columns(stale), NOW, 100, Infinity, MIN_ROUND_SHARE);
    expect(plan.ids).toHaveLength(MIN_MEASURED_READS);
    expect(nextReadRate(100, plan.ids.length, 100)).toBeGreaterThan(100);
    // The operator's cap still holds.
    expect(planReads(columns(stale), NOW, 100, 20, MIN_ROUND_SHARE).ids).toHaveLength(20);
  });
});
