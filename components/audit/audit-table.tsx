'use client';

import type { ReactNode } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { AUDIT_ACTIONS, type AuditAction, type AuditEntry } from '@/lib/shared/contract-audit';
import { KEEP_ALIVE_SCHEDULES } from '@/lib/shared/keep-alive-schedule';
import type { KeepAliveSchedule } from '@/lib/shared/contract';
import { useClusterPath } from '@/components/cluster/cluster-base';

const isAction = (a: string): a is AuditAction => (AUDIT_ACTIONS as readonly string[]).includes(a);
const isSchedule = (s: string): s is KeepAliveSchedule =>
  (KEEP_ALIVE_SCHEDULES as readonly string[]).includes(s);

/** The entries of one page, newest first: when, who, from where, what, and how it went. */
export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  const t = useTranslations('audit.table');
  return (
    <div className="table-scroll" role="region" tabIndex={0} aria-label={t('scrollable')}>
      <table className="cluster audit" aria-label={t('label')}>
        <thead>
          <tr>
            <th scope="col">{t('when')}</th>
            <th scope="col">{t('who')}</th>
            <th scope="col">{t('from')}</th>
            <th scope="col">{t('action')}</th>
            <th scope="col">{t('what')}</th>
            <th scope="col">{t('result')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <AuditRow key={e.seq} entry={e} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AuditRow({ entry }: { entry: AuditEntry }) {
  const t = useTranslations('audit');
  const locale = useLocale();
  const ok = entry.result === 'ok';
  return (
    <tr className={ok ? undefined : 'audit-failed'}>
      <td>
        <time dateTime={entry.at}>{new Date(entry.at).toLocaleString(locale)}</time>
      </td>
      <td>{entry.who}</td>
      <td>{entry.from}</td>
      <td>{isAction(entry.action) ? t(`actions.${entry.action}`) : entry.action}</td>
      <td>
        <AuditWhat entry={entry} />
      </td>
      <td className={ok ? 'health-ok' : 'health-down'}>{ok ? t('result.ok') : entry.result}</td>
    </tr>
  );
}

/** What the entry names, each part on its own: the lease, keys, prefix, counts, scenario step. */
function AuditWhat({ entry }: { entry: AuditEntry }) {
  const t = useTranslations('audit.what');
  const ts = useTranslations('schedules');
  const path = useClusterPath();
  const parts: ReactNode[] = [];
  if (entry.lease)
    parts.push(
      <a key="lease" href={path(`/leases/${entry.lease}`)}>
        <code>{entry.lease}</code>
      </a>,
    );
  if (entry.key !== undefined) parts.push(<code key="key">{entry.key}</code>);
  if (entry.prefix !== undefined)
    parts.push(
      <span key="prefix">
        {t('prefix')} <code>{entry.prefix}</code>
      </span>,
    );
  if (entry.kind !== undefined)
    parts.push(<span key="kind">{t('kind', { kind: entry.kind })}</span>);
  if (entry.keys !== undefined)
    parts.push(<span key="keys">{t('keys', { count: entry.keys })}</span>);
  const c = entry.counts;
  if (c?.leases !== undefined)
    parts.push(<span key="leases">{t('leases', { count: c.leases })}</span>);
  if (c?.keysOutside)
    parts.push(<span key="outside">{t('keysOutside', { count: c.keysOutside })}</span>);
  if (c?.revoked !== undefined)
    parts.push(<span key="revoked">{t('revoked', { count: c.revoked })}</span>);
  if (c?.alreadyGone)
    parts.push(<span key="gone">{t('alreadyGone', { count: c.alreadyGone })}</span>);
  if (c?.failed) parts.push(<span key="failed">{t('failed', { count: c.failed })}</span>);
  if (entry.schedule !== undefined)
    parts.push(
      <span key="schedule">
        {isSchedule(entry.schedule) ? ts(entry.schedule) : entry.schedule}
      </span>,
    );
  if (entry.scenario !== undefined)
    parts.push(
      <span key="scenario">
        {t('scenario', { scenario: entry.scenario, step: entry.step ?? '' })}
      </span>,
    );
  return <span className="audit-what">{parts}</span>;
}
