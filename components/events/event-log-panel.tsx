'use client';

import { useId, useState } from 'react';
import { useTranslations } from 'next-intl';
import type { LeaseEvent } from '@/lib/shared/contract';
import { render } from '@/lib/shared/i18n';

const time = (t: number) =>
  new Date(t).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    fractionalSecondDigits: 1,
    hour12: false,
  });

type Props = {
  events: LeaseEvent[];
  connected: boolean;
  /** lease IDs to offer in the filter (the ones on the page) */
  leaseIds: string[];
};

/** Every lease and key event, newest first, as the server pushes them; filterable to one lease. */
export function EventLogPanel({ events, connected, leaseIds }: Props) {
  const t = useTranslations('events');
  const say = useTranslations();
  const [only, setOnly] = useState('');
  const filterId = useId();
  const ids = [...new Set([...leaseIds, ...events.flatMap((e) => (e.lease ? [e.lease] : []))])];
  const shown = only ? events.filter((e) => e.lease === only || e.lease === null) : events;

  return (
    <section className="panel" aria-labelledby="events-heading">
      <div className="panel-head">
        <h2 id="events-heading">{t('heading')}</h2>
        <p className="muted small">
          {connected ? t('live') : t('reconnecting')}
          <span className={`live-dot${connected ? ' on' : ''}`} aria-hidden="true" />
        </p>
      </div>
      <div className="field inline">
        <label htmlFor={filterId}>{t('showFor')}</label>
        <select id={filterId} value={only} onChange={(e) => setOnly(e.target.value)}>
          <option value="">{t('allLeases')}</option>
          {ids.map((id) => (
            <option key={id} value={id}>
              {t('lease', { id })}
            </option>
          ))}
        </select>
      </div>
      {/* The log wraps the list: a list with role="log" would no longer hold list items. */}
      <div role="log" aria-label={t('logLabel')} aria-live="polite">
        {/* It scrolls: focusable, so keyboard users can scroll it too. */}
        <ol className="event-log" tabIndex={0}>
          {shown.length === 0 && <li className="muted">{t('empty')}</li>}
          {shown.map((e) => (
            <li key={e.seq} className={`event event-${e.kind}`}>
              <time dateTime={new Date(e.at).toISOString()}>{time(e.at)}</time>{' '}
              <span className={`badge kind-${e.kind}`}>{t(`kinds.${e.kind}`)}</span>{' '}
              <span className="event-text">{render(say, e.message, e.text)}</span>
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}
