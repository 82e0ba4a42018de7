'use client';

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
import type { LeaseEvent, LeaseEventKind } from '@/lib/shared/contract';
import type { TtlPoint } from '@/lib/shared/contract-history';

/** How each kind of event is marked on the time axis; kinds not listed are not marked. */
type Mark = { stroke: string; dash?: string; label?: string; end?: boolean };
const MARKS: Partial<Record<LeaseEventKind, Mark>> = {
  'lease-renewed': { stroke: 'var(--ok)', label: 'renewed' },
  'lease-kept-alive': { stroke: 'var(--ok)', dash: '2 3' },
  'renewal-failed': { stroke: 'var(--danger)', dash: '2 3', label: 'renewal failed' },
  'keep-alive-started': { stroke: 'var(--granted)', label: 'keep-alive on' },
  'keep-alive-stopped': { stroke: 'var(--granted)', dash: '6 3', label: 'keep-alive off' },
  'lease-expired': { stroke: 'var(--danger)', label: 'expired', end: true },
  'lease-revoked': { stroke: 'var(--danger)', label: 'revoked', end: true },
  'lease-refreshed': { stroke: 'var(--warn)', label: 'refreshed by new leader' },
  'leader-changed': { stroke: 'var(--warn)', dash: '6 3' },
};

const clock = (t: number) =>
  new Date(t).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });

/**
 * Granted TTL against remaining TTL over time. A renewal shows as a sawtooth (remaining jumps back up
 * to granted), an expiry as remaining falling to zero. Renewals, keep-alive switching, expiry and
 * leader changes are marked on the time axis, so a jump is never left unexplained.
 */
export function LeaseChart({ history, events }: { history: TtlPoint[]; events: LeaseEvent[] }) {
  const from = (history[0]?.t ?? 0) - 1000;
  const marks = events.filter((e) => MARKS[e.kind] && e.at >= from);
  return (
    <div className="chart" data-testid="lease-chart" data-marks={marks.length}>
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={history} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={clock}
            minTickGap={48}
            interval="preserveStartEnd"
            stroke="var(--muted)"
          />
          <YAxis
            allowDecimals={false}
            unit=" s"
            width={56}
            stroke="var(--muted)"
            domain={[0, 'auto']}
          />
          <Tooltip labelFormatter={(t) => clock(Number(t))} formatter={(v) => [`${String(v)} s`]} />
          <Legend />
          <Line
            name="Granted TTL"
            dataKey="grantedTTL"
            type="stepAfter"
            stroke="var(--granted)"
            strokeWidth={2}
            strokeDasharray="6 3"
            dot={false}
            isAnimationActive={false}
          />
          <Line
            name="Remaining TTL"
            dataKey="ttl"
            type="linear"
            stroke="var(--remaining)"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
          {marks.map((e) => {
            const mark = MARKS[e.kind];
            return (
              mark && (
                <ReferenceLine
                  key={e.seq}
                  x={e.at}
                  stroke={mark.stroke}
                  strokeDasharray={mark.dash}
                  ifOverflow="extendDomain"
                  label={
                    mark.label
                      ? {
                          value: mark.label,
                          position: mark.end ? 'insideTopRight' : 'insideTopLeft',
                          fontSize: 11,
                          fill: mark.stroke,
                        }
                      : undefined
                  }
                />
              )
            );
          })}
        </LineChart>
      </ResponsiveContainer>
      <ul className="mark-legend" aria-label="Marks on the time axis">
        <li className="mark-renewed">renewal (dotted: by the keep-alive)</li>
        <li className="mark-keep-alive">keep-alive on / off</li>
        <li className="mark-gone">expired or revoked</li>
        <li className="mark-leader">new leader: etcd refreshed the TTL, nobody renewed it</li>
      </ul>
    </div>
  );
}
