'use client';

import useSWR from 'swr';
import { clusterResponseSchema } from '@/lib/shared/contract-cluster';
import { POLL_INTERVAL_MS, fetchJson, type Stamped } from '@/components/leases/use-leases';
import type { ClusterResponse } from '@/lib/shared/contract-cluster';
import { useClusterPath } from '@/components/cluster/cluster-base';

/** The cluster's members and each endpoint's status, polled like the leases. */
export function useCluster() {
  const path = useClusterPath();
  return useSWR<Stamped<ClusterResponse>>(
    path('/api/cluster'),
    (url: string) => fetchJson(url, clusterResponseSchema),
    {
      refreshInterval: POLL_INTERVAL_MS,
      dedupingInterval: 200,
      keepPreviousData: true,
    },
  );
}
