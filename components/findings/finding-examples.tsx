'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { MAX_FINDING_EXAMPLES, type Finding } from '@/lib/shared/contract-findings';
import { render } from '@/lib/shared/i18n';
import { FIRST_EXAMPLES_PAGE, useFindingExamples } from '@/components/findings/use-findings';
import { fetchProblem } from '@/components/leases/use-leases';
import { ProblemLine } from '@/components/ui/problem';
import { useClusterPath } from '@/components/cluster/cluster-base';

/**
 * A finding's leases, a page at a time, each a link to the lease: the first page is the one the
 * finding carries, the later ones come from /api/findings?kind=&page=.
 */
export function FindingExamples({ finding, title }: { finding: Finding; title: string }) {
  const t = useTranslations('findings.page');
  const tr = useTranslations();
  const path = useClusterPath();
  const [page, setPage] = useState(FIRST_EXAMPLES_PAGE);
  const { data, error } = useFindingExamples(finding.kind, page);
  const first = page === FIRST_EXAMPLES_PAGE;
  const examples = first ? finding.examples : (data?.examples ?? null);
  const pageSize = data?.pageSize ?? MAX_FINDING_EXAMPLES;
  // A later page knows how many examples there are; the first has only the finding's count, which
  // for locks and elections counts groups, not leases.
  const total = data?.total ?? Math.max(finding.count, finding.examples.length);
  const from = (page - FIRST_EXAMPLES_PAGE) * pageSize + 1;
  const to = from - 1 + (examples?.length ?? 0);
  return (
    <>
      <h3>{t('examplesHeading')}</h3>
      {error && <ProblemLine problem={fetchProblem(error)} />}
      {!examples && !error && <p className="muted">{t('examplesLoading')}</p>}
      {examples && examples.length === 0 && <p className="muted">{t('noExamples')}</p>}
      {examples && examples.length > 0 && (
        <ul className="finding-examples" aria-label={t('examplesLabel', { title })}>
          {examples.map((e) => (
            <li key={e.lease}>
              {/* Not prefetched: each lease page is rendered per request, and a page lists many. */}
              <Link href={path(`/leases/${e.lease}`)} prefetch={false}>
                <code>{e.lease}</code>
              </Link>{' '}
              <span>{render(tr, e.detail)}</span>
            </li>
          ))}
        </ul>
      )}
      <div className="pager">
        {examples && examples.length > 0 && (
          <span className="muted small" aria-live="polite">
            {t('examplesRange', { from, to, total: Math.max(total, to) })}
          </span>
        )}
        {!first && (
          <button type="button" onClick={() => setPage(page - 1)}>
            {t('previousExamples')}
          </button>
        )}
        {examples && to < total && examples.length >= pageSize && (
          <button type="button" onClick={() => setPage(page + 1)}>
            {t('moreExamples')}
          </button>
        )}
      </div>
    </>
  );
}
