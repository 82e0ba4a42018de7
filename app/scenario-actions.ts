'use server';

import { z } from 'zod';
import { runMutation } from '@/lib/mutations/run-action';
import type { RequestContext } from '@/lib/access/guard';
import { scenarioStep } from '@/lib/audit/actions';
import type { ActionResult } from '@/lib/shared/action-result';
import { crashInstance, registerInstance, resetRegistry } from '@/lib/scenarios/registry';
import { resetSession, sessionActivity, startSession } from '@/lib/scenarios/web-session';
import { resetTutorial, runTutorialStep } from '@/lib/scenarios/tutorial';
import { contestStep } from '@/lib/scenarios/contest';
import {
  contestInputSchema,
  dhcpInputSchema,
  registryInputSchema,
  sessionInputSchema,
  tutorialStepSchema,
} from '@/lib/shared/schemas';
import { resetDhcp, setDhcpFailing, startDhcp } from '@/lib/scenarios/dhcp';
import { endRoom, startRoom } from '@/lib/rooms/rooms';
import { startRound, switchSchedule } from '@/lib/rooms/room-rounds';
import { presenterInputSchema } from '@/lib/shared/room';
import type {
  ContestState,
  DhcpState,
  RegistryState,
  SessionState,
  TutorialState,
} from '@/lib/shared/contract-actions';

/**
 * The scenarios write under the dashboard's own scenario prefix and clean up after everyone, so
 * they are the dashboard's changes, made as its etcd user; the audit trail names who started them.
 */
const asDashboard = (caller: RequestContext): RequestContext => ({ ...caller, as: null });

// The guided scenarios' steps. Each is a change to etcd like any other: access-checked, validated,
// and made through lib/mutations/etcd-changes.ts, so the key prefix and the grant limit hold. Each
// is an entry of the audit trail: its scenario and its step.

const byOp = (input: { op: string }) => input.op;

export async function tutorialStepAction(input: unknown): Promise<ActionResult<TutorialState>> {
  return runMutation(
    tutorialStepSchema,
    input,
    ({ step }, caller) => runTutorialStep(step, asDashboard(caller)),
    scenarioStep('tutorial', ({ step }: { step: string }) => step),
  );
}

export async function tutorialResetAction(): Promise<ActionResult<TutorialState>> {
  return runMutation(
    z.strictObject({}),
    {},
    () => resetTutorial(),
    scenarioStep('tutorial', () => 'reset'),
  );
}

export async function sessionAction(input: unknown): Promise<ActionResult<SessionState>> {
  return runMutation(
    sessionInputSchema,
    input,
    ({ op }, caller) =>
      op === 'start'
        ? startSession(asDashboard(caller))
        : op === 'activity'
          ? sessionActivity()
          : resetSession(),
    scenarioStep('session', byOp),
  );
}

export async function registryAction(input: unknown): Promise<ActionResult<RegistryState>> {
  return runMutation(
    registryInputSchema,
    input,
    async ({ op, instance }, caller) =>
      op === 'register'
        ? registerInstance(asDashboard(caller))
        : op === 'crash'
          ? crashInstance(instance ?? '')
          : resetRegistry(),
    scenarioStep('registry', byOp),
  );
}

export async function lockAction(input: unknown): Promise<ActionResult<ContestState>> {
  return runMutation(
    contestInputSchema,
    input,
    ({ op, member }, caller) => contestStep('lock', op, member, asDashboard(caller)),
    scenarioStep('lock', byOp),
  );
}

export async function electionAction(input: unknown): Promise<ActionResult<ContestState>> {
  return runMutation(
    contestInputSchema,
    input,
    ({ op, member }, caller) => contestStep('election', op, member, asDashboard(caller)),
    scenarioStep('election', byOp),
  );
}

export async function dhcpAction(input: unknown): Promise<ActionResult<DhcpState>> {
  return runMutation(
    dhcpInputSchema,
    input,
    async ({ op }, caller) =>
      op === 'start'
        ? startDhcp(asDashboard(caller))
        : op === 'reset'
          ? resetDhcp()
          : setDhcpFailing(op === 'fail'),
    scenarioStep('dhcp', byOp),
  );
}

/**
 * The presenter opens or ends an audience room, starts a round in it, or switches its renewal
 * schedule (signed in, where the dashboard asks for it).
 */
export async function roomAction(
  input: unknown,
): Promise<ActionResult<{ code: string; revoked: number | null }>> {
  return runMutation(
    presenterInputSchema,
    input,
    async (asked) => {
      if (asked.op === 'start') return { code: (await startRoom()).code, revoked: null };
      if (asked.op === 'end') return { code: asked.code, revoked: await endRoom(asked.code) };
      if (asked.op === 'round') await startRound(asked.code, asked.round);
      else await switchSchedule(asked.code, asked.schedule);
      return { code: asked.code, revoked: null };
    },
    scenarioStep('room', (asked: { op: string; round?: string; schedule?: string }) =>
      asked.op === 'round'
        ? `round ${asked.round}`
        : asked.op === 'schedule'
          ? `schedule ${asked.schedule}`
          : asked.op,
    ),
  );
}
