'use client';

import useSWR from 'swr';
import { useTranslations } from 'next-intl';
import { fetchJson } from '@/components/leases/use-leases';
import { useClusterPath } from '@/components/cluster/cluster-base';
import { clustersResponseSchema, type ClustersResponse } from '@/lib/shared/contract-clusters';

const CLUSTERS_POLL_MS = 2000;
const fetchClusters = (url: string) => fetchJson(url, clustersResponseSchema);

/**
 * The clusters this dashboard serves, the one shown marked, each one that does not answer said so.
 * Plain links: another cluster is a whole other page, its own state from the first paint.
 */
export function ClusterSwitch({ initial }: { initial: ClustersResponse }) {
  const t = useTranslations('clusters');
  const home = useClusterPath()('/');
  const { data } = useSWR('/api/clusters', fetchClusters, {
    refreshInterval: CLUSTERS_POLL_MS,
    fallbackData: { ...initial, clockOffset: 0 },
  });
  const clusters = data?.clusters ?? initial.clusters;
  return (
    <nav className="cluster-switch" aria-label={t('label')}>
      <span className="muted">{t('label')}</span>
      <ul>
        {clusters.map((c, i) => {
          const current = home === '/' ? i === 0 : home === `/c/${c.name}`;
          return (
            <li key={c.name}>
              <a href={c.path} aria-current={current ? 'page' : undefined}>
                {c.name}
              </a>
              {c.ok === false && <span className="cluster-down">{t('down')}</span>}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
