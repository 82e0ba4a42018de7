import { describe, expect, it } from 'vitest';
import { TtlHistory } from '@/lib/history';

describe('TTL history', () => {
  it('keeps points oldest first', () => {
    const h = new TtlHistory(10);
    h.push({ t: 1, grantedTTL: 10, ttl: 9 });
    h.push({ t: 2, grantedTTL: 10, ttl: 8 });
    expect(h.toArray().map((p) => p.t)).toEqual([1, 2]);
  });

  it('is bounded: the oldest points go first', () => {
    const h = new TtlHistory(3);
    for (let t = 1; t <= 10; t++) h.push({ t, grantedTTL: 10, ttl: 10 - t });
    expect(h.size).toBe(3);
    expect(h.toArray().map((p) => p.t)).toEqual([8, 9, 10]);
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
