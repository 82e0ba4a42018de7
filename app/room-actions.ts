'use server';

import { runAction } from '@/lib/mutations/run-action';
import { requestContext } from '@/lib/access/guard';
import { heartbeat, joinRoom, leaveRoom } from '@/lib/rooms/rooms';
import { scenarioStep } from '@/lib/audit/actions';
import type { ActionResult } from '@/lib/shared/action-result';
import {
  joinInputSchema,
  memberCredentialSchema,
  type JoinResult,
  type MemberLease,
} from '@/lib/shared/room';

// What a phone in an audience room may do, and all it may do: join with the room's code, then
// renew or revoke the one lease it was given, proved by its secret. No sign-in is asked: every
// other change still goes through runMutation, which asks for it.

export async function joinRoomAction(input: unknown): Promise<ActionResult<JoinResult>> {
  return runAction(
    joinInputSchema,
    input,
    async ({ code, name }) => joinRoom(code, name, (await requestContext()).client),
    scenarioStep('room', () => 'join'),
  );
}

export async function heartbeatAction(input: unknown): Promise<ActionResult<MemberLease>> {
  return runAction(memberCredentialSchema, input, (member) => heartbeat(member), {
    ...scenarioStep('room', () => 'heartbeat'),
    onlyRefused: true,
  });
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
