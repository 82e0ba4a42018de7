import type { MemberCredential } from '@/lib/shared/room';
import { actionId, callAction } from '../../e2e/actions';
import { overFetch } from './http';

// A presenter's and a phone's room actions over HTTP, as a script (or someone in the audience with
// curl) would call them: the system tests drive one dashboard with them, the replica tests two.

export type RoomResult = {
  ok: boolean;
  code?: string;
  text?: string;
  data?: unknown;
  fieldErrors?: object;
};

// Where a browser posts them from. Posted to a page without the action, Next.js passes it on to
// the page that has it, which a follower's request passed to the leader does not survive.
export const PRESENTER_PAGE = '/scenarios';
export const joinPage = (code: string) => `/join/${encodeURIComponent(code)}`;

/** One of the room actions (roomAction, joinRoomAction, heartbeatAction, leaveRoomAction) at `base`. */
export const callRoomAction = (
  base: string,
  name: string,
  input: unknown,
  page = '/',
): Promise<RoomResult> =>
  callAction(overFetch, base, actionId(name), [input], page).then((a) => a.result as RoomResult);

function data<T>(result: RoomResult | null, what: string): T {
  if (!result?.ok) throw new Error(`${what} was refused: ${JSON.stringify(result)}`);
  return result.data as T;
}

/** The presenter opens a room through `base`: its code. */
export async function startRoomAt(base: string): Promise<string> {
  const opened = await callRoomAction(base, 'roomAction', { op: 'start' }, PRESENTER_PAGE);
  return data<{ code: string }>(opened, `opening a room through ${base}`).code;
}

/** The presenter ends room `code` through `base`. */
export async function endRoomAt(base: string, code: string): Promise<RoomResult> {
  return callRoomAction(base, 'roomAction', { op: 'end', code }, PRESENTER_PAGE);
}

/** A phone joins room `code` as `name` through `base`: the credential its page keeps. */
export async function joinRoomAt(
  base: string,
  code: string,
  name: string,
): Promise<MemberCredential> {
  const joined = await callRoomAction(base, 'joinRoomAction', { code, name }, joinPage(code));
  return data<{ credential: MemberCredential }>(joined, `${name} joining ${code} through ${base}`)
    .credential;
}

/** A phone's heartbeat or leave, through `base`, from its join page. */
export const memberAction = (
  base: string,
  name: 'heartbeatAction' | 'leaveRoomAction',
  member: MemberCredential,
): Promise<RoomResult> => callRoomAction(base, name, member, joinPage(member.code));
