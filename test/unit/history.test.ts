import { describe, expect, it } from 'vitest';
import { TtlHistory } from '@/lib/sampler/ttl-history';

/** A lease counting down from `from` seconds, read once a second from t0. */
const countdown = (h: TtlHistory, t0: number, from: number, reads: number, grantedTTL = from) => {
  for (let i = 0; i < reads; i++)
    h.push({ t: t0 + i * 1000, grantedTTL, ttl: Math.max(0, from - i) });
};

describe('TTL history', () => {
  it('keeps points oldest first', () => {
    const h = new TtlHistory(10);
    h.push({ t: 1, grantedTTL: 10, ttl: 9 });
    h.push({ t: 2, grantedTTL: 10, ttl: 8 });
    expect(h.toArray().map((p) => p.t)).toEqual([1, 2]);
  });

  it('keeps a steady countdown as its two ends', () => {
    const h = new TtlHistory(10);
    countdown(h, 0, 60, 40);
    expect(h.toArray()).toEqual([
      { t: 0, grantedTTL: 60, ttl: 60 },
      { t: 39_000, grantedTTL: 60, ttl: 21 },
    ]);
  });

  it('keeps the corners of a sawtooth: the reading before each renewal and the one after', () => {
    const h = new TtlHistory(50);
    countdown(h, 0, 10, 6); // 10 .. 5
    countdown(h, 6000, 10, 6); // renewed: 10 .. 5 again
    expect(h.toArray().map((p) => p.ttl)).toEqual([10, 5, 10, 5]);
    const jumps = h
      .toArray()
      .slice(1)
      .filter((p, i) => p.ttl > (h.toArray()[i]?.ttl ?? Infinity));
    expect(jumps).toHaveLength(1);
  });

  it('keeps a one-second tooth: a short lease renewed often', () => {
    const h = new TtlHistory(50);
    for (let i = 0; i < 6; i++) h.push({ t: i * 1000, grantedTTL: 3, ttl: i % 2 ? 2 : 3 });
    expect(h.toArray().map((p) => p.ttl)).toEqual([3, 2, 3, 2, 3, 2]);
  });

  it('keeps a change of granted TTL even on the line', () => {
    const h = new TtlHistory(10);
    h.push({ t: 0, grantedTTL: 10, ttl: 10 });
    h.push({ t: 1000, grantedTTL: 10, ttl: 9 });
    h.push({ t: 2000, grantedTTL: 20, ttl: 8 });
    expect(h.size).toBe(3);
  });

  it('is bounded by capacity: the oldest points go first', () => {
    const h = new TtlHistory(3);
    // Every reading a renewal, so none lies on a line.
    for (let t = 1; t <= 10; t++) h.push({ t: t * 1000, grantedTTL: 10, ttl: t % 2 ? 10 : 2 });
    expect(h.size).toBe(3);
    expect(h.toArray().map((p) => p.t)).toEqual([8000, 9000, 10_000]);
  });

  it('is bounded in time, but keeps the last two points of a quiet lease', () => {
    const h = new TtlHistory(100, 10_000);
    for (let t = 0; t <= 30; t++) h.push({ t: t * 1000, grantedTTL: 10, ttl: t % 2 ? 10 : 2 });
    expect(h.toArray().every((p) => p.t >= 20_000)).toBe(true);
    const quiet = new TtlHistory(100, 10_000);
    countdown(quiet, 0, 100, 60);
    expect(quiet.size).toBe(2);
  });

  it('ignores a reading older than the last one (readings can finish out of order)', () => {
    const h = new TtlHistory(10);
    h.push({ t: 5, grantedTTL: 10, ttl: 5 });
    h.push({ t: 4, grantedTTL: 10, ttl: 6 });
    expect(h.toArray()).toEqual([{ t: 5, grantedTTL: 10, ttl: 5 }]);
  });

  it('hands out a copy, not its own array', () => {
    const h = new TtlHistory(10);
    h.push({ t: 1, grantedTTL: 10, ttl: 9 });
    h.toArray().pop();
    expect(h.size).toBe(1);
  });
});
