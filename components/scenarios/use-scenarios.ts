'use client';

import useSWR from 'swr';
import { scenariosResponseSchema } from '@/lib/shared/contract-actions';
import { POLL_INTERVAL_MS, fetchJson, type Stamped } from '@/components/leases/use-leases';
import type { ScenariosResponse } from '@/lib/shared/contract-actions';
import { useClusterPath } from '@/components/cluster/cluster-base';

export function useScenarios() {
  const path = useClusterPath();
  return useSWR<Stamped<ScenariosResponse>>(
    path('/api/scenarios'),
    (url: string) => fetchJson(url, scenariosResponseSchema),
    {
      refreshInterval: POLL_INTERVAL_MS,
      dedupingInterval: 200,
      keepPreviousData: true,
    },
  );
}
