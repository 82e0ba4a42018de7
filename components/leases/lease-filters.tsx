'use client';

import { useTranslations } from 'next-intl';
import { LEASE_SORTS } from '@/lib/shared/lease-query';
import { HOLDING_KINDS, kindLabel } from '@/lib/shared/holdings';
import type { LeaseFilterDraft } from '@/components/leases/use-lease-query';
import type { LeaseSort } from '@/lib/shared/contract';
import { FilterField, FilterSelect } from '@/components/ui/filter-fields';

type Props = {
  draft: LeaseFilterDraft;
  onEdit: (change: Partial<LeaseFilterDraft>) => void;
  error: { field: string; error: string } | null;
};

/** Find leases by part of their ID or a key prefix, and choose their order. */
export function LeaseFilters({ draft, onEdit, error }: Props) {
  const t = useTranslations('filters');
  const tr = useTranslations();
  // The only ways these two fields can be wrong, said in the viewer's language.
  const idError = error?.field === 'id' ? t('errors.id') : undefined;
  const keyError = error?.field === 'key' ? t('errors.key') : undefined;
  return (
    <form
      role="search"
      aria-label={t('label')}
      className="lease-filters"
      noValidate
      onSubmit={(e) => e.preventDefault()}
    >
      <FilterField
        label={t('idContains')}
        id="filter-id"
        value={draft.id}
        error={idError}
        placeholder="694d9a"
        onChange={(id) => onEdit({ id })}
      />
      <FilterField
        label={t('keyPrefix')}
        id="filter-key"
        value={draft.key}
        error={keyError}
        placeholder="/service/"
        onChange={(key) => onEdit({ key })}
      />
      <FilterSelect
        label={t('holds')}
        id="filter-kind"
        value={draft.kind}
        onChange={(kind) => onEdit({ kind })}
      >
        <option value="">{t('anything')}</option>
        {HOLDING_KINDS.map((k) => (
          <option key={k} value={k}>
            {kindLabel(k, tr)}
          </option>
        ))}
      </FilterSelect>
      <FilterSelect
        label={t('sort')}
        id="filter-sort"
        value={draft.sort}
        onChange={(sort) => onEdit({ sort: sort as LeaseSort })}
      >
        {LEASE_SORTS.map((s) => (
          <option key={s} value={s}>
            {tr(`sorts.${s}`)}
          </option>
        ))}
      </FilterSelect>
    </form>
  );
}

/** "Showing 51-100 of 9,812", with buttons for the pages before and after. */
export function LeasePager(props: {
  offset: number;
  limit: number;
  shown: number;
  matched: number;
  onOffset: (offset: number) => void;
}) {
  const { offset, limit, shown, matched, onOffset } = props;
  const t = useTranslations('pager');
  return (
    <nav className="pager" aria-label={t('label')}>
      <button
        type="button"
        className="secondary"
        disabled={offset === 0}
        onClick={() => onOffset(Math.max(0, offset - limit))}
      >
        {t('previous')}
      </button>
      <span className="muted small" aria-live="polite">
        {matched === 0
          ? t('none')
          : t('showing', { from: offset + 1, to: offset + shown, matched })}
      </span>
      <button
        type="button"
        className="secondary"
        disabled={offset + limit >= matched}
        onClick={() => onOffset(offset + limit)}
      >
        {t('next')}
      </button>
    </nav>
  );
}
