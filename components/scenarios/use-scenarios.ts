'use client';

import useSWR from 'swr';
import { scenariosResponseSchema } from '@/lib/shared/contract-actions';
import { POLL_INTERVAL_MS, fetchJson, type Stamped } from '@/components/leases/use-leases';
import type { ScenariosResponse } from '@/lib/shared/contract-actions';

export function useScenarios() {
  return useSWR<Stamped<ScenariosResponse>>(
    '/api/scenarios',
    (url: string) => fetchJson(url, scenariosResponseSchema),
    {
      refreshInterval: POLL_INTERVAL_MS,
      dedupingInterval: 200,
      keepPreviousData: true,
    },
  );
}
