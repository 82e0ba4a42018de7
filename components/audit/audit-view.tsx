'use client';

import { useState, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import type { AuditResponse } from '@/lib/shared/contract-audit';
import { AUDIT_PAGE_SIZE, auditSearch, type AuditQuery } from '@/lib/shared/audit-query';
import { fetchProblem } from '@/components/leases/use-leases';
import { ProblemLine } from '@/components/ui/problem';
import { ChartSkeleton } from '@/components/ui/chart-skeleton';
import { useAudit } from '@/components/audit/use-audit';
import { AuditTable } from '@/components/audit/audit-table';
import { AuditFilterForm, filtersQuery, type AuditFilters } from '@/components/audit/audit-filters';

const code = (chunks: ReactNode) => <code>{chunks}</code>;

/**
 * The audit page's live part: the filters, one page of entries and the pages around it. Older
 * pages are reached by the last entry's number, newer ones by going back the way one came, so
 * a page stays the same while new entries arrive.
 */
export function AuditView({ initial }: { initial: AuditFilters }) {
  const t = useTranslations('audit');
  const [filters, setFilters] = useState(initial);
  /** the `before` cursor of each older page visited, the current one last */
  const [cursors, setCursors] = useState<number[]>([]);
  const query: AuditQuery = {
    ...filtersQuery(filters),
    before: cursors.at(-1) ?? null,
    limit: AUDIT_PAGE_SIZE,
  };
  const { data, error } = useAudit(query);
  const apply = (next: AuditFilters) => {
    setFilters(next);
    setCursors([]);
    // The address says the filters, so the page can be shared or reloaded as it is.
    const search = auditSearch({ ...query, ...filtersQuery(next), before: null }).toString();
    window.history.replaceState(
      null,
      '',
      `${window.location.pathname}${search ? `?${search}` : ''}`,
    );
  };
  return (
    <>
      <AuditFilterForm initial={initial} onApply={apply} />
      {data && <Kept data={data} />}
      {error && <ProblemLine problem={fetchProblem(error)} />}
      {!data && !error && <ChartSkeleton label={t('loading')} />}
      {data && (
        <>
          <AuditPager
            data={data}
            onNewer={() => setCursors((c) => c.slice(0, -1))}
            onOlder={(before) => setCursors((c) => [...c, before])}
            first={cursors.length === 0}
          />
          {data.entries.length > 0 && <AuditTable entries={data.entries} />}
        </>
      )}
    </>
  );
}

/** Where the trail is kept, and its bounds. */
function Kept({ data }: { data: AuditResponse }) {
  const t = useTranslations('audit');
  if (data.kept === 'memory')
    return (
      <p className="notice" role="note">
        {t('keptMemory')}
      </p>
    );
  return (
    <p className="muted small">
      {t.rich('keptEtcd', {
        prefix: data.prefix ?? '',
        maxEntries: data.maxEntries,
        maxKiB: Math.floor(data.maxBytes / 1024),
        code,
      })}
    </p>
  );
}

function AuditPager({
  data,
  first,
  onNewer,
  onOlder,
}: {
  data: AuditResponse;
  first: boolean;
  onNewer: () => void;
  onOlder: (before: number) => void;
}) {
  const t = useTranslations('audit.pager');
  const from = data.newer + 1;
  const to = data.newer + data.entries.length;
  return (
    <nav className="pager" aria-label={t('label')}>
      <button type="button" className="secondary" disabled={first} onClick={onNewer}>
        {t('newer')}
      </button>
      <span className="muted small" aria-live="polite">
        {data.total === 0 ? t('none') : t('showing', { from, to, total: data.total })}
      </span>
      <button
        type="button"
        className="secondary"
        disabled={data.older === null}
        onClick={() => data.older !== null && onOlder(data.older)}
      >
        {t('older')}
      </button>
    </nav>
  );
}
