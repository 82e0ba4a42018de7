'use server';

import { runAction } from '@/lib/mutations/run-action';
import { requestContext } from '@/lib/access/guard';
import { heartbeat, joinRoom, leaveRoom } from '@/lib/rooms/rooms';
import { lockStep, roleAfterHeartbeat } from '@/lib/rooms/room-rounds';
import { scenarioStep } from '@/lib/audit/actions';
import type { ActionResult } from '@/lib/shared/action-result';
import {
  joinInputSchema,
  lockInputSchema,
  memberCredentialSchema,
  type JoinResult,
  type Heartbeat,
  type MemberRole,
} from '@/lib/shared/room';

// What a phone in an audience room may do, and all it may do: join with the room's code, then
// renew or revoke the one lease it was given, and take or leave its place in the lock's queue, each
// proved by its secret (its role between heartbeats is a GET: app/api/rooms/[code]/role). No
// sign-in is asked: every other change still goes through runMutation, which asks for it.

export async function joinRoomAction(input: unknown): Promise<ActionResult<JoinResult>> {
  return runAction(
    joinInputSchema,
    input,
    async ({ code, name }) => joinRoom(code, name, (await requestContext()).client),
    scenarioStep('room', () => 'join'),
  );
}

export async function heartbeatAction(input: unknown): Promise<ActionResult<Heartbeat>> {
  return runAction(
    memberCredentialSchema,
    input,
    async (member) => ({
      ...(await heartbeat(member)),
      // The renewal stands whatever the role's reading says: the phone keeps the role it knew.
      role: await roleAfterHeartbeat(member).catch(() => null),
    }),
    {
      ...scenarioStep('room', () => 'heartbeat'),
      onlyRefused: true,
    },
  );
}

export async function leaveRoomAction(input: unknown): Promise<ActionResult<{ left: true }>> {
  return runAction(
    memberCredentialSchema,
    input,
    async (member) => {
      await leaveRoom(member);
      return { left: true } as const;
    },
    scenarioStep('room', () => 'leave'),
  );
}

export async function lockAction(input: unknown): Promise<ActionResult<MemberRole>> {
  return runAction(
    lockInputSchema,
    input,
    ({ member, op }) => lockStep(member, op),
    scenarioStep('room', ({ op }: { op: string }) => `lock ${op}`),
  );
}
