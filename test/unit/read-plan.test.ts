import { describe, expect, it } from 'vitest';
import {
  CYCLE_ROUNDS,
  FULL_ROUND_SHARE,
  nextReadRate,
  planReads,
  type Candidate,
} from '@/lib/sampler/read-plan';

const NOW = 1_000_000;
const lease = (i: number, over: Partial<Candidate> = {}): Candidate => ({
  id: i.toString(16).padStart(16, '0'),
  readAt: NOW - 1000 - i, // the higher i, the older the reading
  expiresAt: NOW + 600_000,
  priorityUntil: 0,
  ...over,
});
const many = (n: number) => Array.from({ length: n }, (_, i) => lease(n - i));

/** Simulates rounds: each planned lease is read at the round's time. */
function simulate(leases: Candidate[], rounds: number, rate: number, maxReads?: number) {
  let now = NOW;
  let maxAge = 0;
  for (let r = 0; r < rounds; r++) {
    const plan = planReads(leases, now, rate, maxReads);
    const read = new Set(plan.ids);
    for (const l of leases) {
      if (read.has(l.id)) l.readAt = now;
      // The first cycle still carries the ages the leases started with.
      if (r >= CYCLE_ROUNDS) maxAge = Math.max(maxAge, now - l.readAt);
    }
    now += 1000;
  }
  return maxAge;
}

describe('read plan', () => {
  it('reads every lease while they fit in 0.7 s of a round, and before the rate is known', () => {
    expect(planReads(many(1000), NOW, 3000)).toMatchObject({ full: true });
    expect(planReads(many(1000), NOW, 3000).ids).toHaveLength(1000);
    expect(planReads(many(20_000), NOW, null)).toMatchObject({ full: true });
  });

  it('past that, reads the stalest leases first', () => {
    const leases = many(3000);
    const plan = planReads(leases, NOW, 2000);
    const capacity = Math.floor(2000 * FULL_ROUND_SHARE);
    expect(plan.full).toBe(false);
    expect(plan.ids).toHaveLength(capacity);
    const stalest = [...leases].sort((a, b) => a.readAt - b.readAt).slice(0, capacity);
    expect(new Set(plan.ids)).toEqual(new Set(stalest.map((l) => l.id)));
  });

  it('always reads leases never read, near expiry, on screen or with a recent event', () => {
    const leases = many(5000);
    leases[4000] = lease(90_001, { readAt: 0 });
    leases[4001] = lease(90_002, { expiresAt: NOW + 3000, readAt: NOW });
    leases[4002] = lease(90_003, { priorityUntil: NOW + 2000, readAt: NOW });
    const plan = planReads(leases, NOW, 1000);
    expect(plan.urgent).toBe(3);
    for (const i of [4000, 4001, 4002]) expect(plan.ids).toContain(leases[i]?.id);
  });

  it(`re-reads each of 10,000 leases at least every ${CYCLE_ROUNDS} rounds, however slow etcd is`, () => {
    const leases = many(10_000);
    // 100 reads a second would allow a 100 s cycle: the floor of one in CYCLE_ROUNDS wins.
    expect(simulate(leases, 30, 100)).toBeLessThanOrEqual(CYCLE_ROUNDS * 1000);
  });

  it("keeps under an operator's cap, however many leases, and the cycle stretches instead", () => {
    const leases = many(10_000);
    for (let r = 0; r < 3; r++) {
      const plan = planReads(leases, NOW + r * 1000, 5000, 500);
      expect(plan.ids).toHaveLength(500);
    }
    expect(planReads(many(400), NOW, 5000, 500)).toMatchObject({ full: true });
    // 10,000 leases at 500 a round: 20 rounds to read them all.
    expect(simulate(many(10_000), 45, 5000, 500)).toBeGreaterThan(CYCLE_ROUNDS * 1000);
  });

  it('uses the spare capacity for fresher readings', () => {
    const leases = many(3000);
    expect(simulate(leases, 20, 4000)).toBeLessThanOrEqual(2000);
  });

  it('smooths the read rate and ignores tiny rounds', () => {
    expect(nextReadRate(null, 10, 5)).toBeNull();
    expect(nextReadRate(null, 1000, 500)).toBe(2000);
    expect(nextReadRate(2000, 1000, 250)).toBeCloseTo(2000 * 0.7 + 4000 * 0.3);
  });
});
