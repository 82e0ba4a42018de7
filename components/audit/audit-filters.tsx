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
import { FilterField, FilterSelect } from '@/components/ui/filter-fields';

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
      <FilterField
        label={t('filters.user')}
        id="audit-user"
        value={draft.user}
        error={undefined}
        placeholder="alice"
        onChange={(user) => edit({ user })}
      />
      <FilterField
        label={t('filters.lease')}
        id="audit-lease"
        value={draft.lease}
        error={leaseInvalid ? t('filters.leaseInvalid') : undefined}
        placeholder="694d9a1b2c3d4e5f"
        onChange={(lease) => edit({ lease })}
      />
      <FilterSelect
        label={t('filters.action')}
        id="audit-action"
        value={draft.action}
        onChange={(action) => edit({ action })}
      >
        <option value="">{t('filters.any')}</option>
        {AUDIT_ACTIONS.map((a) => (
          <option key={a} value={a}>
            {t(`actions.${a}`)}
          </option>
        ))}
      </FilterSelect>
      <FilterSelect
        label={t('filters.result')}
        id="audit-result"
        value={draft.result}
        onChange={(result) => edit({ result })}
      >
        <option value="">{t('filters.any')}</option>
        <option value="ok">{t('filters.ok')}</option>
        <option value="failed">{t('filters.failed')}</option>
        {AUDIT_RESULT_FILTERS.filter((r) => r !== 'ok' && r !== 'failed').map((code) => (
          <option key={code} value={code}>
            {code}
          </option>
        ))}
      </FilterSelect>
      <div className="audit-filter-buttons">
        <button type="submit">{t('filters.apply')}</button>{' '}
        <button type="button" className="secondary" onClick={clear}>
          {t('filters.clear')}
        </button>
      </div>
    </form>
  );
}
