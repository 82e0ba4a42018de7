'use client';

import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { TtlPoint } from '@/lib/history';

const clock = (t: number) =>
  new Date(t).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });

/**
 * Granted TTL against remaining TTL over time. A renewal shows as a sawtooth (remaining jumps back up
 * to granted), an expiry as remaining falling to zero.
 */
export function LeaseChart({ history }: { history: TtlPoint[] }) {
  return (
    <div className="chart" data-testid="lease-chart">
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={history} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={clock}
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
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
