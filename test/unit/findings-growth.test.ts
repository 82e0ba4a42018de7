import { describe, expect, it } from 'vitest';
import { GrowthSeries, groupPrefix, slope } from '@/lib/findings/growth';

// Growth on given timestamps: a steady rise over the window, a burst, a fall, and the prefixes.

const MIN = 60_000;
const none = new Map<string, number>();

/** A series of one count per `everyMs` over `spanMs`, from `count(t)`. */
function series(spanMs: number, everyMs: number, count: (t: number) => number, window = 10 * MIN) {
  const s = new GrowthSeries(window);
  for (let t = 0; t <= spanMs; t += everyMs) s.add(t, count(t), none);
  return s;
}

describe('growth', () => {
  it('is a count rising at the threshold rate or faster over the whole window', () => {
    const rising = series(10 * MIN, 1000, (t) => 1000 + Math.floor(t / 1000));
    expect(rising.judge(10 * MIN, 60, none)).toMatchObject({ from: 1000, to: 1600 });
    expect(rising.judge(10 * MIN, 60, none)?.perMinute).toBeCloseTo(60, 0);
    expect(rising.judge(10 * MIN, 61, none)).toBeNull();
  });

  it('is not a rise seen for less than most of the window', () => {
    const short = series(5 * MIN, 1000, (t) => Math.floor(t / 100));
    expect(short.judge(5 * MIN, 60, none)).toBeNull();
  });

  it('is not a count that jumps up and down, whatever its slope', () => {
    const noisy = series(10 * MIN, 1000, (t) => Math.floor(t / 500) + (t % 2000 === 0 ? 0 : 300));
    expect(
      slope([
        { at: 0, count: 0 },
        { at: 1000, count: 10 },
      ]),
    ).toBeCloseTo(0.01);
    expect(noisy.judge(10 * MIN, 60, none)).toBeNull();
  });

  it('clears once the count levels off for the window', () => {
    const s = series(20 * MIN, 1000, (t) => Math.min(t, 10 * MIN) / 1000);
    expect(s.judge(20 * MIN, 60, none)).toBeNull();
  });

  it('names the prefixes that gained the most', () => {
    const s = new GrowthSeries(10 * MIN);
    for (let t = 0; t <= 10 * MIN; t += 1000) {
      const n = t / 1000;
      s.add(
        t,
        2 * n,
        new Map([
          ['/jobs/', n],
          ['/svc/', n / 2],
          ['/flat/', 5],
        ]),
      );
    }
    const now = new Map([
      ['/jobs/', 600],
      ['/svc/', 300],
      ['/flat/', 5],
    ]);
    expect(s.judge(10 * MIN, 60, now)?.prefixes).toEqual([
      { prefix: '/jobs/', gained: 600 },
      { prefix: '/svc/', gained: 300 },
    ]);
  });

  it('keys group by their first two segments', () => {
    expect(groupPrefix('/registry/events/default/x')).toBe('/registry/events/');
    expect(groupPrefix('jobs/a')).toBe('jobs/');
    expect(groupPrefix('/a/b')).toBe('/a/');
    expect(groupPrefix('plain')).toBeNull();
  });
});
