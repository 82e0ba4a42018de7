'use client';

import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { leaseCommands } from '@/lib/shared/etcdctl';
import { formatDuration } from '@/lib/shared/countdown';
import { grantedOf, keysOf, readAtOf } from '@/lib/shared/lease-view';
import { CommandList } from '@/components/leases/command-list';
import { LeaseChart } from '@/components/leases/lease-chart';
import { fetchProblem, useLeaseDetail } from '@/components/leases/use-leases';
import { ProblemLine } from '@/components/ui/problem';
import { KeyList } from '@/components/leases/lease-row';
import { holdingLabel } from '@/lib/shared/holdings';
import { ChartSkeleton } from '@/components/ui/chart-skeleton';
import { FindingTags } from '@/components/findings/finding-tags';
import { useLeaseFindings } from '@/components/findings/use-findings';
import { useClusterPath } from '@/components/cluster/cluster-base';

const code = (chunks: ReactNode) => <code>{chunks}</code>;
const strong = (chunks: ReactNode) => <strong>{chunks}</strong>;

/** The selected lease: its chart and what the two TTLs mean. */
export function LeaseDetail({ id }: { id: string | null }) {
  const t = useTranslations('detail');
  const path = useClusterPath();
  const tr = useTranslations();
  const { data, error, isLoading } = useLeaseDetail(id);
  const findingsOf = useLeaseFindings();

  return (
    <section className="panel detail" aria-labelledby="detail-heading">
      <h2 id="detail-heading">
        {id ? (
          <>
            {t.rich('heading', { id, code })}{' '}
            <a className="small" href={path(`/leases/${id}`)}>
              {t('presenterView')}
            </a>
          </>
        ) : (
          t('headingNone')
        )}
      </h2>
      {!id && <p className="muted">{t('none')}</p>}
      {id && isLoading && <ChartSkeleton label={t('loading')} />}
      {id && error && <ProblemLine problem={fetchProblem(error)} />}
      {data && (
        <>
          {data.lease.holding && <p className="holding">{holdingLabel(data.lease.holding, tr)}</p>}
          <FindingTags findings={findingsOf(data.lease.id)} line />
          <KeyList lease={data.lease} label={t('keysLabel')} />
          <LeaseChart history={data.history} events={data.events} />
          <p className="legend-text">
            {t.rich('legend', { granted: grantedOf(data.lease) ?? '?', code, strong })}
          </p>
          <p className="muted small">
            {t('reading', {
              read: formatDuration(
                Math.max(0, data.now - (readAtOf(data.lease) ?? data.now)) / 1000,
                tr,
              ),
              span: formatDuration(
                data.history.length > 1
                  ? ((data.history.at(-1)?.t ?? 0) - (data.history[0]?.t ?? 0)) / 1000
                  : 0,
                tr,
              ),
            })}
          </p>
          <CommandList
            commands={leaseCommands(data.lease.id, {
              key: keysOf(data.lease)[0] ?? '/service/self',
              value: '127.0.0.1',
            })}
            title={t('commands')}
          />
        </>
      )}
    </section>
  );
}
