'use client';

import { useId, useState } from 'react';
import type { LeaseEvent, LeaseEventKind } from '@/lib/shared/contract';

const KIND_LABEL: Record<LeaseEventKind, string> = {
  'lease-granted': 'granted',
  'lease-renewed': 'renewed',
  'lease-kept-alive': 'kept alive',
  'renewal-failed': 'renewal failed',
  'lease-refreshed': 'refreshed',
  'lease-expired': 'expired',
  'lease-revoked': 'revoked',
  'keep-alive-started': 'keep-alive on',
  'keep-alive-stopped': 'keep-alive off',
  'key-put': 'key put',
  'key-deleted': 'key deleted',
  'leader-changed': 'leader',
  'endpoint-down': 'endpoint down',
  'endpoint-up': 'endpoint up',
};

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
  const [only, setOnly] = useState('');
  const filterId = useId();
  const ids = [...new Set([...leaseIds, ...events.flatMap((e) => (e.lease ? [e.lease] : []))])];
  const shown = only ? events.filter((e) => e.lease === only || e.lease === null) : events;

  return (
    <section className="panel" aria-labelledby="events-heading">
      <div className="panel-head">
        <h2 id="events-heading">Events</h2>
        <p className="muted small">
          {connected ? 'live' : 'reconnecting...'}
          <span className={`live-dot${connected ? ' on' : ''}`} aria-hidden="true" />
        </p>
      </div>
      <div className="field inline">
        <label htmlFor={filterId}>Show events for</label>
        <select id={filterId} value={only} onChange={(e) => setOnly(e.target.value)}>
          <option value="">All leases</option>
          {ids.map((id) => (
            <option key={id} value={id}>
              Lease {id}
            </option>
          ))}
        </select>
      </div>
      {/* The log wraps the list: a list with role="log" would no longer hold list items. */}
      <div role="log" aria-label="Lease events" aria-live="polite">
        {/* It scrolls: focusable, so keyboard users can scroll it too. */}
        <ol className="event-log" tabIndex={0}>
          {shown.length === 0 && (
            <li className="muted">
              No events yet. Grant a lease, put a key with one, or let one expire.
            </li>
          )}
          {shown.map((e) => (
            <li key={e.seq} className={`event event-${e.kind}`}>
              <time dateTime={new Date(e.at).toISOString()}>{time(e.at)}</time>{' '}
              <span className={`badge kind-${e.kind}`}>{KIND_LABEL[e.kind]}</span>{' '}
              <span className="event-text">{e.text}</span>
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}
