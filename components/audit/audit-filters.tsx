'use client';

import { useState, type FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import { AUDIT_ACTIONS, type AuditAction } from '@/lib/shared/contract-audit';
import {
  AUDIT_RESULT_FILTERS,
  type AuditQuery,
  type AuditResultFilter,
} from '@/lib/shared/audit-query';
import { parseLeaseId } from '@/lib/shared/lease-id';

/** The filters as the form holds them: text as typed, '' for any. */
export type AuditFilters = { user: string; lease: string; action: string; result: string };

export const NO_FILTERS: AuditFilters = { user: '', lease: '', action: '', result: '' };

/** Whether the lease ID typed is one (or none is typed). */
const leaseValid = (f: AuditFilters) => f.lease.trim() === '' || parseLeaseId(f.lease) !== null;

/** The filters as the query takes them (the form applies only a lease ID that is one). */
export function filtersQuery(
  f: AuditFilters,
): Pick<AuditQuery, 'user' | 'lease' | 'action' | 'result'> {
  return {
    user: f.user.trim() === '' ? null : f.user.trim(),
    lease: parseLeaseId(f.lease)?.hex ?? null,
    action: (AUDIT_ACTIONS as readonly string[]).includes(f.action)
      ? (f.action as AuditAction)
      : null,
    result: (AUDIT_RESULT_FILTERS as readonly string[]).includes(f.result)
      ? (f.result as AuditResultFilter)
      : null,
  };
}

/** Who, which lease, which action, how it went: applied together with the button. */
export function AuditFilterForm({
  initial,
  onApply,
}: {
  initial: AuditFilters;
  onApply: (filters: AuditFilters) => void;
}) {
  const t = useTranslations('audit');
  const [draft, setDraft] = useState(initial);
  const [leaseInvalid, setLeaseInvalid] = useState(false);
  const edit = (change: Partial<AuditFilters>) => setDraft((d) => ({ ...d, ...change }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const invalid = !leaseValid(draft);
    setLeaseInvalid(invalid);
    if (!invalid) onApply(draft);
  };
  const clear = () => {
    setDraft(NO_FILTERS);
    setLeaseInvalid(false);
    onApply(NO_FILTERS);
  };
  return (
    <form
      role="search"
      aria-label={t('filters.label')}
      className="lease-filters audit-filters"
      noValidate
      onSubmit={submit}
    >
      <div className="field">
        <label htmlFor="audit-user">{t('filters.user')}</label>
        <input
          id="audit-user"
          type="search"
          value={draft.user}
          placeholder="alice"
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => edit({ user: e.target.value })}
        />
      </div>
      <div className={`field${leaseInvalid ? ' field-invalid' : ''}`}>
        <label htmlFor="audit-lease">{t('filters.lease')}</label>
        <input
          id="audit-lease"
          type="search"
          value={draft.lease}
          placeholder="694d9a1b2c3d4e5f"
          spellCheck={false}
          autoComplete="off"
          aria-invalid={leaseInvalid ? true : undefined}
          aria-describedby={leaseInvalid ? 'audit-lease-error' : undefined}
          onChange={(e) => edit({ lease: e.target.value })}
        />
        {leaseInvalid && (
          <small id="audit-lease-error" className="field-error" role="alert">
            {t('filters.leaseInvalid')}
          </small>
        )}
      </div>
      <div className="field">
        <label htmlFor="audit-action">{t('filters.action')}</label>
        <select
          id="audit-action"
          value={draft.action}
          onChange={(e) => edit({ action: e.target.value })}
        >
          <option value="">{t('filters.any')}</option>
          {AUDIT_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {t(`actions.${a}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-result">{t('filters.result')}</label>
        <select
          id="audit-result"
          value={draft.result}
          onChange={(e) => edit({ result: e.target.value })}
        >
          <option value="">{t('filters.any')}</option>
          <option value="ok">{t('filters.ok')}</option>
          <option value="failed">{t('filters.failed')}</option>
          {AUDIT_RESULT_FILTERS.filter((r) => r !== 'ok' && r !== 'failed').map((code) => (
            <option key={code} value={code}>
              {code}
            </option>
          ))}
        </select>
      </div>
      <div className="audit-filter-buttons">
        <button type="submit">{t('filters.apply')}</button>{' '}
        <button type="button" className="secondary" onClick={clear}>
          {t('filters.clear')}
        </button>
      </div>
    </form>
  );
}
