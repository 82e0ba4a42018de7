import 'server-only';
import { InputError, type RequestContext } from '@/lib/access/guard';
import { LeaseNotFoundError } from '@/lib/etcd/errors';
import { getChanges, getSampler } from '@/lib/server';
import { serially } from '@/lib/scenarios/serially';
import { TUTORIAL_STEPS, type TutorialStep } from '@/lib/shared/tutorial-steps';
import type { StepAnswer, TutorialState } from '@/lib/shared/contract-actions';
import { say } from '@/lib/shared/english';
import { currentDashboard, getConfig, slot } from '@/lib/dashboard/registry';

// The tutorial the dashboard grew from, run one real call per step: grant 10 s, put
// /service/self = 127.0.0.1 with the lease, sleep 5 s, TimeToLive, KeepAliveOnce, TimeToLive.
// Each step records etcd's own answer. One run per server, shared by every viewer (a presenter
// drives it; the room watches). Its key lives under the scenarios' own prefix.

const TUTORIAL = slot('scenarios.tutorial', (dashboard): TutorialState => ({
  leaseId: null,
  key: `${dashboard.getConfig().scenarioPrefix}scenarios/tutorial/service/self`,
  answers: [],
}));

/** Where scenario keys live: under DASHBOARD_KEY_PREFIX if set, else the dashboard's own prefix. */
export function scenarioPrefix(name: string): string {
  return `${getConfig().scenarioPrefix}scenarios/${name}/`;
}

export function tutorialState(): TutorialState {
  return currentDashboard().get(TUTORIAL);
}

/** Runs the next step; a step out of order, or on a lease that is gone, is refused. */
export function runTutorialStep(
  step: TutorialStep,
  caller: RequestContext,
): Promise<TutorialState> {
  return serially('tutorial', async () => {
    const state = tutorialState();
    const expected = TUTORIAL_STEPS[state.answers.length];
    if (step !== expected)
      throw new InputError(
        'step',
        expected ? say('errors.tutorialOrder', { expected }) : say('errors.tutorialDone'),
      );
    state.answers.push({ step, at: Date.now(), answer: await answerOf(step, state, caller) });
    return state;
  });
}

/** One step, as one real call; etcd's answer in the tutorial's words. */
async function answerOf(
  step: TutorialStep,
  state: TutorialState,
  caller: RequestContext,
): Promise<StepAnswer['answer']> {
  const id = state.leaseId ?? '';
  switch (step) {
    case 'grant': {
      const lease = await getChanges().grant(caller, 10);
      state.leaseId = lease.id;
      return { ID: lease.id, TTL: lease.grantedTTL };
    }
    case 'put':
      return { revision: (await getChanges().put(id, state.key, '127.0.0.1')).revision };
    case 'sleep':
      await new Promise((r) => setTimeout(r, 5000));
      return { slept: '5s' };
    case 'keep-alive-once':
      return { ID: id, TTL: (await getChanges().renewOnce(id)).ttl };
    default: {
      const lease = await getSampler().refresh(id);
      if (lease?.status !== 'alive')
        throw new LeaseNotFoundError(id, say('errors.tutorialLeaseGone', { id }));
      return { ID: id, TTL: lease.ttl, grantedTTL: lease.grantedTTL, keys: lease.keys };
    }
  }
}

/** Revokes the tutorial's lease and deletes its keys, so it can run again from the start. */
export function resetTutorial(): Promise<TutorialState> {
  return serially('tutorial', async () => {
    const state = tutorialState();
    if (state.leaseId) await getChanges().revokeIfAlive(state.leaseId);
    await getChanges().clearPrefix(scenarioPrefix('tutorial'));
    state.leaseId = null;
    state.answers = [];
    return state;
  });
}
