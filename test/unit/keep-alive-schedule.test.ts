import { describe, expect, it } from 'vitest';
import { renewalDelayMs } from '@/lib/shared/keep-alive-schedule';

describe('keep-alive schedules', () => {
  it('renews a 10 s lease every 3.3 s, at 5 s or at 7.5 s', () => {
    expect(renewalDelayMs('third', 10)).toBe(3333);
    expect(renewalDelayMs('half', 10)).toBe(5000);
    expect(renewalDelayMs('three-quarters', 10)).toBe(7500);
  });
});
