'use client';

import { memo, useEffect, useRef, useState } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { LeaseEvent } from '@/lib/shared/contract';
import type { TtlPoint } from '@/lib/shared/contract-history';
import { chartMarks, type ChartMark, type MarkKind } from '@/lib/shared/chart-marks';
import { placeLabels, tickLabel, timeTicks } from '@/lib/shared/chart-scale';
import {
  ChartSummary,
  ChartTooltip,
  MarkLegend,
  useChartWords,
} from '@/components/leases/chart-parts';

/** How each kind of mark is drawn. */
const STYLE: Record<MarkKind, { stroke: string; dash?: string }> = {
  renewed: { stroke: 'var(--ok)' },
  'renewed-elsewhere': { stroke: 'var(--ok)', dash: '2 3' },
  refreshed: { stroke: 'var(--warn)' },
  restored: { stroke: 'var(--granted)', dash: '1 3' },
  expired: { stroke: 'var(--danger)' },
  revoked: { stroke: 'var(--danger)' },
  'renewal-failed': { stroke: 'var(--danger)', dash: '2 3' },
  'keep-alive-on': { stroke: 'var(--granted)' },
  'keep-alive-off': { stroke: 'var(--granted)', dash: '6 3' },
  leader: { stroke: 'var(--warn)', dash: '6 3' },
};

/** Sizes for a panel, and for the presenter view read from the back of a room. */
const SIZES = {
  normal: { height: 260, font: 12, charPx: 6.6, tickPx: 90 },
  large: { height: 440, font: 20, charPx: 11, tickPx: 150 },
};

/**
 * The chart, drawn again only when its history, events or size change: the pages around it render
 * five times a second for their countdowns, and recharts redrawing each time cost the browser (and
 * on two cores, the server beside it) twice the script time.
 */
export const LeaseChart = memo(Chart);

/**
 * Granted TTL against remaining TTL over time, drawn exactly as the lease model gives it
 * (lib/sampler/lease-model.ts): a fall of one second a second, a renewal a vertical jump, an expiry a
 * fall to zero that stops. Jumps and the events that explain them are marked; labels are stacked so
 * none overlap, and one with no room is in the tooltip.
 */
function Chart({
  history,
  events,
  size = 'normal',
}: {
  history: TtlPoint[];
  events: LeaseEvent[];
  size?: keyof typeof SIZES;
}) {
  const words = useChartWords();
  const s = SIZES[size];
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const first = history[0]?.t ?? 0;
  const marks = chartMarks(history, events, first - 1000);
  const from = Math.min(first, marks[0]?.at ?? first);
  const to = Math.max(history.at(-1)?.t ?? first, marks.at(-1)?.at ?? first, from + 1000);
  const plotWidth = Math.max(100, width - 72);
  const { ticks, step } = timeTicks(from, to, Math.floor(plotWidth / s.tickPx));
  const labelled = placeLabels(
    marks.filter((m) => !m.quiet).map((m) => ({ ...m, label: words.mark(m) })),
    [from, to],
    plotWidth,
    s.charPx,
  );
  const jumps = history.filter((p, i) => i > 0 && p.t === history[i - 1]?.t && p.ttl > 0).length;
  return (
    <figure
      className={`chart chart-${size}`}
      data-testid="lease-chart"
      data-marks={marks.length}
      data-jumps={jumps}
      ref={box}
      aria-label={words.title}
    >
      <ChartSummary history={history} />
      <ResponsiveContainer width="100%" height={s.height}>
        <LineChart data={history} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
          <XAxis
            dataKey="t"
            type="number"
            domain={[from, to]}
            allowDataOverflow
            ticks={ticks}
            interval={0}
            tickFormatter={(t: number) => tickLabel(t, step, words.locale)}
            stroke="var(--muted)"
            fontSize={s.font}
          />
          <YAxis
            allowDecimals={false}
            tickFormatter={(s: number) => words.seconds(s)}
            width={s.font * 4.5}
            stroke="var(--muted)"
            domain={[0, 'auto']}
            fontSize={s.font}
          />
          <Tooltip
            content={<ChartTooltip marks={marks} span={to - from} />}
            isAnimationActive={false}
          />
          <Legend wrapperStyle={{ fontSize: s.font }} />
          <Line
            name={words.granted}
            dataKey="grantedTTL"
            type="stepAfter"
            stroke="var(--granted)"
            strokeWidth={2}
            strokeDasharray="6 3"
            dot={false}
            isAnimationActive={false}
          />
          <Line
            name={words.remaining}
            dataKey="ttl"
            type="linear"
            stroke="var(--remaining)"
            strokeWidth={size === 'large' ? 3 : 2}
            dot={<JumpDot r={size === 'large' ? 6 : 4} />}
            activeDot={{ r: size === 'large' ? 6 : 4 }}
            isAnimationActive={false}
          />
          {labelled.map((m) => (
            <ReferenceLine
              key={`${m.kind}-${m.at}`}
              x={m.at}
              stroke={STYLE[m.kind].stroke}
              strokeDasharray={STYLE[m.kind].dash}
              label={
                m.lane === null ? undefined : (
                  <MarkLabel m={m} lane={m.lane} font={s.font} left={m.leftOfLine} />
                )
              }
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
      <MarkLegend />
    </figure>
  );
}

/** A mark's label, in its lane, beside its line. */
function MarkLabel(props: {
  m: ChartMark & { label: string };
  lane: number;
  font: number;
  left: boolean;
  viewBox?: { x?: number; y?: number };
}) {
  const { m, lane, font, left, viewBox } = props;
  const x = (viewBox?.x ?? 0) + (left ? -4 : 4);
  const y = (viewBox?.y ?? 0) + font + lane * (font + 4);
  return (
    <text
      x={x}
      y={y}
      fontSize={font}
      fill={STYLE[m.kind].stroke}
      textAnchor={left ? 'end' : 'start'}
      className="mark-label"
    >
      {m.label}
    </text>
  );
}

/** A dot at the top of each jump: filled for an exact renewal, hollow for an estimated one. */
function JumpDot(props: { cx?: number; cy?: number; payload?: TtlPoint; r: number }) {
  const { cx, cy, payload, r } = props;
  const mark = payload?.mark;
  if (cx === undefined || cy === undefined || !mark || mark === 'expired' || mark === 'revoked')
    return <g />;
  const stroke = STYLE[mark].stroke;
  const hollow = payload.estimated === true;
  return (
    <circle
      cx={cx}
      cy={cy}
      r={r}
      stroke={stroke}
      strokeWidth={2}
      fill={hollow ? 'var(--panel)' : stroke}
      className={`jump-dot jump-${mark}`}
    />
  );
}

/** The element's width, followed as it changes. */
function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(600);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.round(entry.contentRect.width));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
