'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { FindingSeverity } from '@/lib/shared/contract-findings';
import type { LeaseFinding } from '@/components/findings/by-lease';
import { useClusterPath } from '@/components/cluster/cluster-base';

/** A finding's severity in words, coloured by it (the word carries it too, not the colour alone). */
export function SeverityBadge({ severity }: { severity: FindingSeverity }) {
  const t = useTranslations('findings.severity');
  return <span className={`badge severity severity-${severity}`}>{t(severity)}</span>;
}

/**
 * The findings a lease is part of, each a link to it on the findings page: tags on the lease's row,
 * or a line in its detail. Nothing at all when no finding names the lease.
 */
export function FindingTags({
  findings,
  line = false,
}: {
  findings: readonly LeaseFinding[];
  line?: boolean;
}) {
  const t = useTranslations('findings');
  const path = useClusterPath();
  if (findings.length === 0) return null;
  const tags = (
    <ul className="finding-tags" aria-label={t('lease.label')}>
      {findings.map((f) => (
        <li key={f.kind}>
          {/* Not prefetched: every tagged row would ask for the same page again. */}
          <Link
            className={`finding-tag severity-${f.severity}`}
            href={path(`/findings#${f.kind}`)}
            prefetch={false}
          >
            {t(`kind.${f.kind}`)}
            <span className="visually-hidden"> ({t(`severity.${f.severity}`)})</span>
          </Link>
        </li>
      ))}
    </ul>
  );
  if (!line) return tags;
  return (
    <div className="finding-line" data-testid="lease-findings">
      <span className="muted small">{t('lease.line')}</span> {tags}
    </div>
  );
}
