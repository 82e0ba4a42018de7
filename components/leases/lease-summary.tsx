'use client';

import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslations } from 'next-intl';
import { bucketLabel } from '@/lib/shared/countdown';
import { EXPIRING_SOON_S } from '@/lib/shared/lease-query';
import type { Translate } from '@/lib/shared/i18n';
import type { LeaseSummary as Summary, SamplerStats } from '@/lib/shared/contract';

const n = (x: number) => x.toLocaleString('en-US');

/**
 * What an operator wants first from a big cluster: how many leases are alive, how many are about to
 * expire and how many just went, how the remaining TTLs spread, and how fresh the readings are.
 */
export function LeaseSummary({ summary, sampler }: { summary: Summary; sampler: SamplerStats }) {
  const t = useTranslations('summary');
  const tr = useTranslations();
  // The API's labels are English; the viewer reads each bucket's in their own language.
  const histogram = summary.histogram.map((b) => ({ ...b, label: bucketLabel(b, tr) }));
  return (
    <div className="lease-summary">
      <dl className="counts" aria-label={t('label')}>
        <div>
          <dt>{t('alive')}</dt>
          <dd data-testid="count-alive">{n(summary.alive)}</dd>
        </div>
        <div className={summary.expiringSoon ? 'warn' : undefined}>
          <dt>{t('expiring', { s: EXPIRING_SOON_S })}</dt>
          <dd data-testid="count-expiring">{n(summary.expiringSoon)}</dd>
        </div>
        <div>
          <dt>{t('expired')}</dt>
          <dd data-testid="count-expired">{n(summary.expiredLastMinute)}</dd>
        </div>
        <div>
          <dt>{t('revoked')}</dt>
          <dd data-testid="count-revoked">{n(summary.revokedLastMinute)}</dd>
        </div>
      </dl>
      <figure className="histogram">
        <figcaption className="small muted">{t('histogram')}</figcaption>
        <ResponsiveContainer width="100%" height={120}>
          <BarChart data={histogram} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <XAxis dataKey="label" stroke="var(--muted)" fontSize={11} interval={0} />
            <YAxis allowDecimals={false} width={44} stroke="var(--muted)" fontSize={11} />
            <Tooltip formatter={(v) => [t('tooltip', { count: String(v) })]} />
            <Bar dataKey="count" fill="var(--remaining)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
        <table className="visually-hidden" aria-label={t('histogram')}>
          <tbody>
            {histogram.map((b) => (
              <tr key={b.label}>
                <th scope="row">{b.label}</th>
                <td>{b.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figure>
      <p className="small muted" data-testid="sampler-pace">
        {samplerPace(sampler, tr)}
      </p>
      {sampler.watchPrefixes && (
        <p className="small" data-testid="watch-scope">
          {t.rich('watchScope', {
            code: (c) => <code>{c}</code>,
            prefixes: () =>
              sampler.watchPrefixes?.map((p, i) => (
                <span key={p}>
                  {i > 0 && ', '}
                  <code>{p}</code>
                </span>
              )),
          })}
        </p>
      )}
    </div>
  );
}

/** How the sampler reads the leases, in words, and how old the oldest reading is. */
export function samplerPace(sampler: SamplerStats, t: Translate): string {
  const round = sampler.lastRound;
  if (!round) return t('summary.pace.waiting');
  const last = t('summary.pace.lastRound', {
    reads: round.reads,
    leases: round.leases,
    seconds: (round.ms / 1000).toFixed(2),
    oldest: (round.maxStalenessMs / 1000).toFixed(1),
    unread: round.unread,
  });
  const bound = sampler.stalenessBoundS;
  return sampler.mode === 'as-needed'
    ? t('summary.pace.asNeeded', { bound, last })
    : t('summary.pace.behind', { bound, last });
}
