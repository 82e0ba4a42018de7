'use client';

import type { TtlPoint } from '@/lib/shared/contract-history';
import { chartFacts, type ChartMark, type MarkKind } from '@/lib/shared/chart-marks';
import { plural } from '@/lib/shared/words';

// The chart's words and the parts around its drawing: the summary for screen readers, the tooltip
// and the legend of its marks.

const MARK_WORDS: Record<MarkKind, string> = {
  renewed: 'renewed',
  'renewed-elsewhere': 'renewed by another client',
  refreshed: 'refreshed by new leader',
  expired: 'expired',
  revoked: 'revoked',
  'renewal-failed': 'renewal failed',
  'keep-alive-on': 'keep-alive on',
  'keep-alive-off': 'keep-alive off',
  leader: 'new etcd leader',
};

export function useChartWords() {
  return {
    title: 'Granted and remaining TTL over time',
    granted: 'Granted TTL',
    remaining: 'Remaining TTL',
    /** a mark's label: an estimated time is marked with ≈ */
    mark: (m: Pick<ChartMark, 'kind' | 'estimated'>) =>
      `${m.estimated ? '≈ ' : ''}${MARK_WORDS[m.kind]}`,
  };
}

const clock = (t: number) =>
  new Date(t).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });

/** What the chart shows, in a sentence or two, for screen readers. */
export function ChartSummary({ history }: { history: TtlPoint[] }) {
  const facts = chartFacts(history);
  if (!facts) return <p className="visually-hidden">No readings yet.</p>;
  const parts = [`Granted TTL ${facts.grantedTTL} s.`];
  const renewals = [
    facts.renewedHere && `${plural(facts.renewedHere, 'renewal')} by the dashboard`,
    facts.renewedElsewhere &&
      `${plural(facts.renewedElsewhere, 'renewal')} by another client (times estimated, within a second)`,
    facts.refreshed &&
      `${facts.refreshed} ${facts.refreshed === 1 ? 'refresh' : 'refreshes'} by a new etcd leader`,
  ].filter(Boolean);
  parts.push(renewals.length ? `Shown: ${renewals.join(', ')}.` : 'No renewal shown.');
  parts.push(
    facts.end
      ? `${facts.end.how === 'expired' ? 'Expired' : 'Revoked'} at ${clock(facts.end.at)}.`
      : `${facts.left} s left.`,
  );
  return (
    <figcaption className="visually-hidden" data-testid="chart-summary">
      {parts.join(' ')}
    </figcaption>
  );
}

/** The point under the pointer, and the marks near it (those with no room for a label too). */
export function ChartTooltip(props: {
  marks: ChartMark[];
  span: number;
  active?: boolean;
  payload?: readonly { payload?: TtlPoint }[];
}) {
  const { active, payload, marks, span } = props;
  const words = useChartWords();
  const point = payload?.[0]?.payload;
  if (!active || !point) return null;
  const near = marks.filter((m) => Math.abs(m.at - point.t) <= Math.max(500, span / 100));
  return (
    <div className="chart-tooltip">
      <strong>{clock(point.t)}</strong>
      <div>Remaining TTL {point.ttl.toFixed(1)} s</div>
      <div>Granted TTL {point.grantedTTL} s</div>
      {near.map((m) => (
        <div key={`${m.kind}-${m.at}`}>
          {clock(m.at)} {words.mark(m)}
          {m.estimated ? ' (time estimated from a reading, within a second)' : ''}
        </div>
      ))}
    </div>
  );
}

export function MarkLegend() {
  return (
    <ul className="mark-legend" aria-label="Marks on the time axis">
      <li className="mark-renewed">
        renewal: a jump (dot: by the dashboard; hollow, ≈: by another client, time estimated)
      </li>
      <li className="mark-keep-alive">keep-alive on / off</li>
      <li className="mark-gone">expired or revoked</li>
      <li className="mark-leader">new leader: etcd refreshed the TTL, nobody renewed it</li>
    </ul>
  );
}
