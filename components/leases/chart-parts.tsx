'use client';

import type { TtlPoint } from '@/lib/shared/contract-history';
import { chartFacts, type ChartMark } from '@/lib/shared/chart-marks';
import { useLocale, useTranslations } from 'next-intl';

// The chart's words and the parts around its drawing: the summary for screen readers, the tooltip
// and the legend of its marks.

/** The chart's words, in the viewer's language (messages/*.json, `chart`). */
export function useChartWords() {
  const t = useTranslations('chart');
  const locale = useLocale();
  return {
    title: t('title'),
    granted: t('granted'),
    remaining: t('remaining'),
    locale,
    /** an axis tick, in seconds */
    seconds: (s: number) => t('seconds', { s }),
    /** a mark's label: an estimated time is marked with ≈ */
    mark: (m: Pick<ChartMark, 'kind' | 'estimated'>) => {
      const label = t(`mark.${m.kind}`);
      return m.estimated ? t('estimatedMark', { label }) : label;
    },
    clock: (at: number) =>
      new Date(at).toLocaleTimeString(locale, {
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hour12: false,
      }),
  };
}

/** What the chart shows, in a sentence or two, for screen readers. */
export function ChartSummary({ history }: { history: TtlPoint[] }) {
  const t = useTranslations('chart.summary');
  const { clock, locale } = useChartWords();
  const list = new Intl.ListFormat(locale, { type: 'unit' });
  const facts = chartFacts(history);
  if (!facts) return <figcaption className="visually-hidden">{t('none')}</figcaption>;
  const renewals = [
    facts.renewedHere && t('here', { count: facts.renewedHere }),
    facts.renewedElsewhere && t('elsewhere', { count: facts.renewedElsewhere }),
    facts.refreshed && t('refreshed', { count: facts.refreshed }),
    facts.restored && t('restored', { count: facts.restored }),
  ].filter((x): x is string => Boolean(x));
  const parts = [
    t('granted', { granted: facts.grantedTTL }),
    renewals.length ? t('shown', { list: list.format(renewals) }) : t('noRenewal'),
    facts.end ? t(facts.end.how, { time: clock(facts.end.at) }) : t('left', { left: facts.left }),
  ];
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
  const t = useTranslations('chart');
  const point = payload?.[0]?.payload;
  if (!active || !point) return null;
  const near = marks.filter((m) => Math.abs(m.at - point.t) <= Math.max(500, span / 100));
  return (
    <div className="chart-tooltip">
      <strong>{words.clock(point.t)}</strong>
      <div>{t('tooltipRemaining', { ttl: point.ttl.toFixed(1) })}</div>
      <div>{t('tooltipGranted', { granted: point.grantedTTL })}</div>
      {near.map((m) => (
        <div key={`${m.kind}-${m.at}`}>
          {words.clock(m.at)} {words.mark(m)}
          {m.estimated ? t('estimatedNote') : ''}
        </div>
      ))}
    </div>
  );
}

export function MarkLegend() {
  const t = useTranslations('chart.legend');
  return (
    <ul className="mark-legend" aria-label={t('label')}>
      <li className="mark-renewed">{t('renewed')}</li>
      <li className="mark-keep-alive">{t('keepAlive')}</li>
      <li className="mark-gone">{t('gone')}</li>
      <li className="mark-leader">{t('leader')}</li>
    </ul>
  );
}
