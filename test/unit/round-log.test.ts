import { describe, expect, it } from 'vitest';
import { ROUNDS_KEPT, RoundLog } from '@/lib/sampler/round-log';

const round = (at: number, keptUp = true) => ({
  at,
  ms: 300,
  leases: 1000,
  reads: keptUp ? 40 : 400,
  unread: 0,
  capped: !keptUp,
  maxStalenessMs: keptUp ? 28_000 : 40_000,
});

describe('round log', () => {
  it('keeps the last rounds only, and says whether the last one kept up', () => {
    const log = new RoundLog();
    for (let i = 0; i < ROUNDS_KEPT * 3; i++) log.add(round(i * 1000, i % 2 === 0));
    expect(log.recent()).toHaveLength(ROUNDS_KEPT);
    expect(log.recent()[0]?.at).toBe(ROUNDS_KEPT * 2 * 1000);
    expect(log.stats(2500.4)).toMatchObject({ mode: 'behind', readsPerSecond: 2500 });
    log.add(round(1e9));
    expect(log.stats(null)).toMatchObject({ mode: 'as-needed', readsPerSecond: null });
  });

  it('counts expiries and revokes of the last minute, and forgets older ones', () => {
    const log = new RoundLog();
    for (let i = 0; i < 100_000; i++) log.departed(i, i % 4 !== 0);
    // 100,000 departures over 100 s (one in four a revoke): only the last minute's count.
    expect(log.goneLastMinute(100_000)).toEqual({ expired: 45_000, revoked: 14_999 });
    expect(log.goneLastMinute(200_000)).toEqual({ expired: 0, revoked: 0 });
  });
});
