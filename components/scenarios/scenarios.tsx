'use client';

import { useState, useTransition } from 'react';
import { useTranslations } from 'next-intl';
import { ChangesProvider, changesFor } from '@/components/access/access-context';
import type { ActionResult } from '@/lib/shared/action-result';
import type { AccessView } from '@/lib/shared/contract';
import { Contest } from '@/components/scenarios/contest-scenario';
import { RoomPanel } from '@/components/rooms/room-panel';
import { Dhcp } from '@/components/scenarios/dhcp-scenario';
import { Registry } from '@/components/scenarios/registry-scenario';
import { Session } from '@/components/scenarios/session-scenario';
import { RunnerProvider } from '@/components/scenarios/scenario-step';
import { Tutorial } from '@/components/scenarios/tutorial-scenario';
import { useScenarios } from '@/components/scenarios/use-scenarios';
import { useInWords } from '@/components/ui/problem';
import { ChartSkeleton } from '@/components/ui/chart-skeleton';

/** The tutorial, DHCP, a web session, service registration, a lock and an election, one click at a time. */
export function Scenarios({ access }: { access: AccessView }) {
  const t = useTranslations();
  const words = useInWords();
  const { data, mutate } = useScenarios();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const run = (action: () => Promise<ActionResult<unknown>>) =>
    startTransition(async () => {
      const result = await action();
      setError(result.ok ? null : words(result));
      await mutate();
    });
  if (!data) return <ChartSkeleton label={t('scenarios.loading')} />;
  return (
    <ChangesProvider value={changesFor(access)}>
      <RunnerProvider value={{ run, pending }}>
        <p className={`status${error ? ' error' : ''}`} role="status">
          {pending ? t('common.working') : error}
        </p>
        <Tutorial data={data} />
        <Dhcp data={data} />
        <Session data={data} />
        <Registry data={data} />
        <Contest data={data} kind="lock" />
        <Contest data={data} kind="election" />
        <RoomPanel />
      </RunnerProvider>
    </ChangesProvider>
  );
}
