import { describe, expect, it } from 'vitest';
import { placeLabels, tickLabel, timeTicks } from '@/lib/shared/chart-scale';

describe('the time axis', () => {
  it('ticks at a regular whole step, in order, within the domain', () => {
    const from = Date.UTC(2026, 10, 27, 8, 29, 3, 400);
    const { ticks, step } = timeTicks(from, from + 14_000, 8);
    expect(step).toBe(2000);
    expect(ticks[0]).toBe(Date.UTC(2026, 10, 27, 8, 29, 4));
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]! - ticks[i - 1]!).toBe(step);
    expect(ticks.at(-1)!).toBeLessThanOrEqual(from + 14_000);
  });

  it('never repeats a label, whatever the span', () => {
    const from = Date.UTC(2026, 10, 27, 8, 29, 3, 400);
    for (const span of [900, 4000, 37_000, 300_000, 900_000, 7_200_000]) {
      const { ticks, step } = timeTicks(from, from + span, 8);
      expect(ticks.length).toBeLessThanOrEqual(9);
      const labels = ticks.map((t) => tickLabel(t, step, 'en-GB'));
      expect(new Set(labels).size).toBe(labels.length);
      expect([...labels].sort()).toEqual(labels);
    }
  });
});

describe('labelled marks', () => {
  const domain: [number, number] = [0, 10_000];
  const overlap = (a: { x0: number; x1: number }, b: { x0: number; x1: number }) =>
    a.x0 < b.x1 && b.x0 < a.x1;

  it('stacks labels that would overlap into lanes, and none in one lane overlap', () => {
    const marks = [
      { at: 5000, label: 'renewal failed' },
      { at: 5100, label: 'expired' },
      { at: 5200, label: 'keep-alive off' },
      { at: 9000, label: 'new leader' },
    ];
    const placed = placeLabels(marks, domain, 1000, 7);
    expect(placed.map((p) => p.lane)).toEqual([0, 1, 2, 0]);
    const spans = placed.map((p) => {
      const x = p.at / 10;
      const w = p.label.length * 7 + 7;
      return { lane: p.lane, ...(p.leftOfLine ? { x0: x - w, x1: x } : { x0: x, x1: x + w }) };
    });
    for (const a of spans)
      for (const b of spans) if (a !== b && a.lane === b.lane) expect(overlap(a, b)).toBe(false);
  });

  it('leaves to the tooltip what does not fit, and puts labels near the right edge left of their line', () => {
    const marks = Array.from({ length: 5 }, (_, i) => ({ at: 9900 + i, label: 'renewed' }));
    const placed = placeLabels(marks, domain, 1000, 7, 3);
    expect(placed.map((p) => p.lane)).toEqual([0, 1, 2, null, null]);
    expect(placed.every((p) => p.leftOfLine)).toBe(true);
  });
});
