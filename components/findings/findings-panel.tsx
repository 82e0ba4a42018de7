'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { SeverityBadge } from '@/components/findings/finding-tags';
import { useFindings } from '@/components/findings/use-findings';
import { useClusterPath } from '@/components/cluster/cluster-base';

/**
 * The home page's findings: each kind found, its count and severity, linking to its part of the
 * findings page. Nothing at all while all is well (or before the first answer): an empty box would
 * only take room from the leases.
 */
export function FindingsPanel() {
  const t = useTranslations('findings');
  const path = useClusterPath();
  const { data } = useFindings();
  if (!data || data.findings.length === 0) return null;
  return (
    <section className="panel findings-panel" aria-labelledby="findings-panel-heading">
      <div className="panel-head">
        <h2 id="findings-panel-heading">{t('panel.heading')}</h2>
        <Link className="small" href={path('/findings')}>
          {t('panel.all')}
        </Link>
      </div>
      <ul className="findings-list" aria-label={t('panel.listLabel')}>
        {data.findings.map((f) => (
          <li key={f.kind}>
            <Link href={path(`/findings#${f.kind}`)}>{t(`kind.${f.kind}`)}</Link>{' '}
            <strong className="num">{f.count.toLocaleString('en-US')}</strong>{' '}
            <SeverityBadge severity={f.severity} />
          </li>
        ))}
      </ul>
    </section>
  );
}
