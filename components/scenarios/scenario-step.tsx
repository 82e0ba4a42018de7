'use client';

import { createContext, useContext, type ReactNode } from 'react';
import { useChanges } from '@/components/access/access-context';
import type { Stamped } from '@/components/leases/use-leases';
import type { ActionResult } from '@/lib/shared/action-result';
import type { ScenariosResponse } from '@/lib/shared/contract-actions';

/** What each scenario section gets: the state of every scenario, as last polled. */
export type Props = { data: Stamped<ScenariosResponse> };

type Runner = {
  run: (action: () => Promise<ActionResult<unknown>>) => void;
  pending: boolean;
};

const RunnerContext = createContext<Runner>({ run: () => undefined, pending: false });

export const RunnerProvider = RunnerContext.Provider;

/**
 * A button that runs one scenario step. It is disabled while a step runs, when the dashboard may
 * not change etcd (read-only, not signed in), and when `unavailable` (the step makes no sense now).
 */
export function StepButton({
  action,
  unavailable = false,
  className,
  children,
}: {
  action: () => Promise<ActionResult<unknown>>;
  unavailable?: boolean;
  className?: string;
  children: ReactNode;
}) {
  const { run, pending } = useContext(RunnerContext);
  const changes = useChanges();
  return (
    <button
      type="button"
      className={className}
      disabled={pending || unavailable || !changes.allowed}
      title={changes.why ?? undefined}
      onClick={() => run(action)}
    >
      {children}
    </button>
  );
}
