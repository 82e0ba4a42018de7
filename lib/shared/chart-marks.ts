// What the chart marks on its time axis, from the lease's history (./contract-history.ts) and its
// events: the jumps and the end as the lease model placed them, and the events that explain them
// (keep-alive switched on or off, a failed renewal, a new etcd leader). Pure, so it is tested alone;
// the words are the catalog's (messages/*.json, `chart.mark.*`).
import type { LeaseEvent, LeaseEventKind } from '@/lib/shared/contract';
import type { TtlMark, TtlPoint } from '@/lib/shared/contract-history';

export type MarkKind = TtlMark | 'renewal-failed' | 'keep-alive-on' | 'keep-alive-off' | 'leader';

export type ChartMark = {
  at: number;
  kind: MarkKind;
  /** the time is estimated from a reading, within a second */
  estimated: boolean;
  /** a keep-alive's renewal: its jump and dot say enough, it gets no line or label */
  quiet: boolean;
};

const FROM_EVENTS: Partial<Record<LeaseEventKind, MarkKind>> = {
  'renewal-failed': 'renewal-failed',
  'keep-alive-started': 'keep-alive-on',
  'keep-alive-stopped': 'keep-alive-off',
  'leader-changed': 'leader',
};

/** The chart's marks, in time order, from `from` on. */
export function chartMarks(history: TtlPoint[], events: LeaseEvent[], from: number): ChartMark[] {
  const keepAlive = keepAliveSpans(events);
  const marks: ChartMark[] = [];
  for (const p of history) {
    if (!p.mark) continue;
    const quiet = p.mark === 'renewed' && keepAlive.some(([on, off]) => p.t >= on && p.t <= off);
    marks.push({ at: p.t, kind: p.mark, estimated: p.estimated === true, quiet });
  }
  for (const e of events) {
    const kind = FROM_EVENTS[e.kind];
    if (kind && e.at >= from) marks.push({ at: e.at, kind, estimated: false, quiet: false });
  }
  return marks.sort((a, b) => a.at - b.at);
}

/** When the dashboard's keep-alive ran, as [on, off] (off: Infinity while it runs). */
function keepAliveSpans(events: LeaseEvent[]): [number, number][] {
  const spans: [number, number][] = [];
  for (const e of events) {
    if (e.kind === 'keep-alive-started') spans.push([e.at, Infinity]);
    const open = spans.at(-1);
    if (e.kind === 'keep-alive-stopped' && open && open[1] === Infinity) open[1] = e.at;
  }
  return spans;
}

export type ChartFacts = {
  grantedTTL: number;
  renewedHere: number;
  renewedElsewhere: number;
  refreshed: number;
  restored: number;
  /** how it ended, if it did */
  end: { how: 'expired' | 'revoked'; at: number } | null;
  /** seconds left at the line's last point (alive leases) */
  left: number;
};

/** What the chart shows, counted, for its text summary (screen readers). */
export function chartFacts(history: TtlPoint[]): ChartFacts | null {
  const last = history.at(-1);
  if (!last) return null;
  const count = (mark: TtlMark) => history.filter((p) => p.mark === mark).length;
  const ended = last.mark === 'expired' || last.mark === 'revoked' ? last.mark : null;
  return {
    grantedTTL: last.grantedTTL,
    renewedHere: count('renewed'),
    renewedElsewhere: count('renewed-elsewhere'),
    refreshed: count('refreshed'),
    restored: count('restored'),
    end: ended ? { how: ended, at: last.t } : null,
    left: Math.floor(last.ttl),
  };
}
