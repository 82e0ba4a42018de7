import { describe, expect, it } from 'vitest';
import { chartFacts, chartMarks } from '@/lib/shared/chart-marks';
import type { LeaseEvent } from '@/lib/shared/contract';
import type { TtlPoint } from '@/lib/shared/contract-history';

const event = (at: number, kind: LeaseEvent['kind']): LeaseEvent => ({
  seq: at,
  at,
  kind,
  lease: '1',
  key: null,
  text: kind,
});
const p = (t: number, ttl: number, extra: Partial<TtlPoint> = {}): TtlPoint => ({
  t,
  grantedTTL: 6,
  ttl,
  ...extra,
});

describe('the chart marks', () => {
  const history = [
    p(0, 6),
    p(1000, 5),
    p(1000, 6, { mark: 'renewed' }),
    p(4000, 3),
    p(4000, 6, { mark: 'renewed' }),
    p(8000, 2),
    p(8000, 6, { mark: 'renewed-elsewhere', estimated: true }),
    p(14_000, 0, { mark: 'expired' }),
  ];
  const events = [event(500, 'lease-granted'), event(3500, 'keep-alive-started')];
  events.push(event(6000, 'keep-alive-stopped'));

  it('labels a renewal unless the keep-alive made it, and takes the explaining events', () => {
    const marks = chartMarks(history, events, 0);
    expect(marks.map((m) => [m.at, m.kind, m.quiet])).toEqual([
      [1000, 'renewed', false],
      [3500, 'keep-alive-on', false],
      [4000, 'renewed', true],
      [6000, 'keep-alive-off', false],
      [8000, 'renewed-elsewhere', false],
      [14_000, 'expired', false],
    ]);
    expect(marks.find((m) => m.kind === 'renewed-elsewhere')?.estimated).toBe(true);
  });

  it('counts what the summary says', () => {
    expect(chartFacts(history)).toEqual({
      grantedTTL: 6,
      renewedHere: 2,
      renewedElsewhere: 1,
      refreshed: 0,
      restored: 0,
      end: { how: 'expired', at: 14_000 },
      left: 0,
    });
    expect(chartFacts([])).toBeNull();
  });
});
