import { describe, expect, it } from 'vitest';
import { renewalDelayMs } from '@/lib/shared/keep-alive-schedule';
import { ttlRose } from '@/lib/sampler/lease-state';

describe('keep-alive schedules', () => {
  it('renews a 10 s lease every 3.3 s, at 5 s or at 7.5 s', () => {
    expect(renewalDelayMs('third', 10)).toBe(3333);
    expect(renewalDelayMs('half', 10)).toBe(5000);
    expect(renewalDelayMs('three-quarters', 10)).toBe(7500);
  });
});

describe('a rise in remaining TTL', () => {
  it('is a renewal when the reading is well above the countdown', () => {
    // The tutorial: 4 s left, KeepAliveOnce, read a second later: 9 s.
    expect(ttlRose({ ttl: 4, readAt: 0 }, { ttl: 9, readAt: 1000 })).toBe(true);
  });

  it('is not one when floor rounding alone explains the readings', () => {
    // 4.9 s left reads 4; 0.2 s later 4.7 s left still reads 4.
    expect(ttlRose({ ttl: 4, readAt: 0 }, { ttl: 4, readAt: 200 })).toBe(false);
    expect(ttlRose({ ttl: 4, readAt: 0 }, { ttl: 3, readAt: 1000 })).toBe(false);
  });
});
