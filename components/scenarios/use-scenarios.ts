'use client';

import useSWR from 'swr';
import type { DhcpState } from '@/lib/scenarios/dhcp';
import type { RegistryState } from '@/lib/scenarios/registry';
import type { SessionState } from '@/lib/scenarios/web-session';
import type { TutorialState } from '@/lib/scenarios/tutorial';
import { POLL_INTERVAL_MS, fetchJson, type Stamped } from '@/components/leases/use-leases';

export type ScenariosResponse = {
  now: number;
  tutorial: TutorialState;
  dhcp: DhcpState;
  session: SessionState;
  registry: RegistryState & { live: { key: string; lease: string }[] };
};

export function useScenarios() {
  return useSWR<Stamped<ScenariosResponse>>('/api/scenarios', fetchJson<ScenariosResponse>, {
    refreshInterval: POLL_INTERVAL_MS,
    dedupingInterval: 200,
    keepPreviousData: true,
  });
}
