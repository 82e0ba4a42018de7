import { afterEach, expect, it } from 'vitest';
import { etcdctl, leaseIdsInEtcd, remainingInEtcd } from '../../e2e/etcd-side';
import { dashboards } from './dashboards';
import { leasesOfEachTest } from './leases';
import { callRoomAction as call, joinRoomAt, startRoomAt } from './room-calls';

// An audience room over HTTP, as a script (or someone in the audience with curl) would call it,
// against the production build: a phone's actions renew and revoke its own lease and nothing else,
// a guarded dashboard opens rooms only for a signed-in presenter, and bad input changes nothing.

const { main, guarded } = dashboards();
const leases = leasesOfEachTest();

let openCodes: string[] = [];
afterEach(async () => {
  for (const code of openCodes) await call(main.baseURL, 'roomAction', { op: 'end', code });
  openCodes = [];
});

async function openRoom(): Promise<string> {
  const code = await startRoomAt(main.baseURL);
  openCodes.push(code);
  return code;
}

async function join(code: string, name: string) {
  const credential = await joinRoomAt(main.baseURL, code, name);
  leases.track(credential.lease);
  return credential;
}

async function etcdNow() {
  return {
    leases: (await leaseIdsInEtcd()).sort(),
    keys: await etcdctl('get', '--prefix', '--keys-only', '/lease-dashboard/scenarios/room/'),
  };
}

it("a phone's secret renews and revokes its own lease, and no one else's", async () => {
  const code = await openRoom();
  const mei = await join(code, 'Mei');
  const bo = await join(code, 'Bo');
  expect(await call(main.baseURL, 'heartbeatAction', mei)).toMatchObject({ ok: true });

  const before = await etcdNow();
  for (const [name, input] of [
    ['heartbeatAction', { ...mei, lease: bo.lease }],
    ['leaveRoomAction', { ...mei, lease: bo.lease }],
    ['leaveRoomAction', { ...bo, name: 'Mei' }],
  ] as const)
    expect(await call(main.baseURL, name, input)).toMatchObject({
      ok: false,
      code: 'permission_denied',
    });
  expect(await etcdNow()).toEqual(before);

  expect(await call(main.baseURL, 'leaveRoomAction', mei)).toMatchObject({ ok: true });
  expect(await remainingInEtcd(mei.lease)).toBe(-1);
  expect(await remainingInEtcd(bo.lease)).toBeGreaterThan(0);
});

it('refuses input a phone would not send, changing nothing', async () => {
  const code = await openRoom();
  const mei = await join(code, 'Mei');
  const before = await etcdNow();
  const bad: [string, unknown][] = [
    ['joinRoomAction', { code, name: 'Bo', lease: mei.lease }],
    ['joinRoomAction', { code: 'not a code', name: 'Bo' }],
    ['joinRoomAction', { code, name: 'x'.repeat(500) }],
    ['heartbeatAction', { ...mei, lease: 'not hex' }],
    ['heartbeatAction', { ...mei, extra: true }],
    ['leaveRoomAction', 'Mei'],
  ];
  for (const [name, input] of bad)
    expect(await call(main.baseURL, name, input)).toMatchObject({
      ok: false,
      code: 'invalid_input',
    });
  expect(await etcdNow()).toEqual(before);
});

it('opens rooms on a guarded dashboard only for a signed-in presenter', async () => {
  const before = await etcdNow();
  expect(await call(guarded.baseURL, 'roomAction', { op: 'start' })).toMatchObject({
    ok: false,
    code: 'sign_in_required',
  });
  // With no room there, a code joins nothing.
  expect(
    await call(guarded.baseURL, 'joinRoomAction', { code: 'ABCDEF', name: 'Mei' }),
  ).toMatchObject({ ok: false, code: 'invalid_input' });
  expect(await etcdNow()).toEqual(before);
});

it("answers a phone's role only for its own credential, from headers, and says which field is wrong", async () => {
  const code = await openRoom();
  const mei = await join(code, 'Mei');
  const bo = await join(code, 'Bo');
  const ask = (member: typeof mei, name = encodeURIComponent(member.name)) =>
    fetch(`${main.baseURL}/api/rooms/${member.code}/role`, {
      headers: {
        'x-room-lease': member.lease,
        'x-room-name': name,
        'x-room-secret': member.secret,
      },
    });
  const own = await ask(mei);
  expect(own.status).toBe(200);
  expect(await own.json()).toEqual({ kind: 'lease' });

  const forged = await ask({ ...mei, lease: bo.lease });
  expect(forged.status).toBe(403);
  expect(await forged.json()).toMatchObject({ code: 'permission_denied' });
  const badLease = await ask({ ...mei, lease: 'not-a-lease' });
  expect(badLease.status).toBe(400);
  expect(await badLease.json()).toMatchObject({ code: 'invalid_input', field: 'lease' });
  const badName = await ask(mei, '%E0%A4%A');
  expect(badName.status).toBe(403);
  const noRoom = await ask({ ...mei, code: 'ZZZZZZ' });
  expect(noRoom.status).toBe(400);
  expect(await noRoom.json()).toMatchObject({ code: 'invalid_input', field: 'code' });
});
