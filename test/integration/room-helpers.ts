import { afterAll, afterEach, expect } from 'vitest';
import { joinRoomAction } from '@/app/room-actions';
import { roomAction } from '@/app/scenario-actions';
import { resetConfig } from '@/lib/dashboard/registry';
import { endRoom, openRooms } from '@/lib/rooms/rooms';
import { getKeepAlive, getSampler } from '@/lib/server';
import type { ActionResult } from '@/lib/shared/action-result';
import { etcdctl, independentClient, leaseIdsInEtcd } from './helpers';

// What the audience rooms' tests share: a client of their own to read etcd, the room settings each
// test may change, and checks on what etcd holds after an action.

export const etcd = independentClient();
export const ROOMS_FOLDER = '/lease-dashboard/rooms/';
export const ROOM_KEYS = '/lease-dashboard/scenarios/room/';
const VARIABLES = [
  'DASHBOARD_READ_ONLY',
  'DASHBOARD_TOKEN',
  'DASHBOARD_ROOM_MAX_MEMBERS',
  'DASHBOARD_ROOM_MAX_ROOMS',
  'DASHBOARD_ROOM_JOINS_PER_MINUTE',
  'DASHBOARD_ROOM_HEARTBEATS_PER_MINUTE',
  'DASHBOARD_ROOM_IDLE_MINUTES',
];
/** Leases a test granted itself (etcdctl), revoked at the end. */
export const made: string[] = [];

/** Outside a request every join is one client's ('local'): its allowance is raised unless tested. */
export function mode(env: Record<string, string>) {
  for (const k of VARIABLES) delete process.env[k];
  Object.assign(process.env, { DASHBOARD_ROOM_JOINS_PER_MINUTE: '10000' }, env);
  resetConfig();
}

/** Each test starts with the default settings and no room open. */
export function roomTests() {
  mode({});
  afterEach(async () => {
    mode({});
    for (const room of await openRooms()) await endRoom(room.record.code);
  });
  afterAll(async () => {
    getKeepAlive().close();
    getSampler().stop();
    await Promise.all(made.map((id) => etcdctl('lease', 'revoke', id).catch(() => undefined)));
    etcd.close();
  });
}

export function ok<T>(result: ActionResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.code}: ${result.text}`);
  return result.data;
}

export async function openRoom(): Promise<string> {
  return ok(await roomAction({ op: 'start' })).code;
}

export const join = async (code: string, name: string) => ok(await joinRoomAction({ code, name }));
export const keysIn = (prefix: string) => etcd.getAll().prefix(prefix).strings();

/** What etcd holds that a room could have changed: its leases, the room keys and the records. */
async function etcdNow() {
  return {
    leases: [...(await leaseIdsInEtcd(etcd))].sort(),
    keys: await keysIn(ROOM_KEYS),
    records: Object.keys(await keysIn(ROOMS_FOLDER)),
  };
}

export async function unchanged<T>(act: () => Promise<T>): Promise<T> {
  const before = await etcdNow();
  const result = await act();
  expect(await etcdNow()).toEqual(before);
  return result;
}

export function refused(result: ActionResult<unknown>, code: string, text: RegExp) {
  expect(result).toMatchObject({ ok: false, code });
  if (!result.ok) expect(result.text).toMatch(text);
}
