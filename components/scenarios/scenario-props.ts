import type { ActionResult } from '@/lib/action-types';
import type { Stamped } from '@/components/leases/use-leases';
import type { ScenariosResponse } from './use-scenarios';

/** What each scenario section gets: the shared state, and one way to run a step. */
export type Props = {
  data: Stamped<ScenariosResponse>;
  run: (action: () => Promise<ActionResult<unknown>>) => void;
  pending: boolean;
};
