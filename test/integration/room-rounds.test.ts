import { afterEach, describe, expect, it } from 'vitest';
import { heartbeatAction, leaveRoomAction, lockAction } from '@/app/room-actions';
import { GET as getRole } from '@/app/api/rooms/[code]/role/route';
import { roomAction } from '@/app/scenario-actions';
import { currentDashboard, slot } from '@/lib/dashboard/registry';
import { roomsView } from '@/lib/rooms/room-view';
import { openRooms } from '@/lib/rooms/rooms';
import {
  MEMBER_HEADERS,
  memberRoleSchema,
  type JoinResult,
  type MemberCredential,
  type RoundKind,
} from '@/lib/shared/room';
import { etcdctl, remainingInEtcd, startEtcdctl, waitFor, type RunningEtcdctl } from './helpers';
import {
  ROOMS_FOLDER,
  ROOM_KEYS,
  etcd,
  join,
  keysIn,
  ok,
  openRoom,
  refused,
  roomTests,
  unchanged,
} from './room-helpers';

// The presenter's rounds on a real etcd: the members' places in the election's and the lock's
// lines are clientv3's layout, so etcdctl observes and joins them as an equal, and what the big
// screen and each phone show follows etcd's create-revision order.

roomTests();
const running: RunningEtcdctl[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
});

const view = async (code: string) => {
  const room = (await roomsView()).rooms.find((r) => r.code === code);
  if (!room) throw new Error(`room ${code} is not shown`);
  return room;
};
const round = async (code: string, kind: RoundKind) =>
  ok(await roomAction({ op: 'round', code, round: kind }));
/** GET /api/rooms/<code>/role, as the phone asks it: its credential in headers. */
const askRole = (m: MemberCredential) =>
  getRole(
    new Request(`http://dashboard/api/rooms/${m.code}/role`, {
      headers: {
        [MEMBER_HEADERS.lease]: m.lease,
        [MEMBER_HEADERS.name]: encodeURIComponent(m.name),
        [MEMBER_HEADERS.secret]: m.secret,
      },
    }),
    { params: Promise.resolve({ code: m.code }) },
  );
const role = async (member: JoinResult) => {
  const res = await askRole(member.credential);
  expect(res.status).toBe(200);
  return memberRoleSchema.parse(await res.json());
};
const placeOf = async (member: JoinResult) => {
  const now = await role(member);
  return 'place' in now ? now.place : undefined;
};
const first = async (code: string) => (await view(code)).line?.[0]?.name ?? null;
const lineNames = async (code: string) => (await view(code)).line?.map((e) => e.name) ?? null;
/** clientv3's key for a member's place: NAME/<lease ID in hex, no leading zeros> */
const placeKey = (name: string, m: JoinResult) => `${name}/${m.lease.replace(/^0+/, '')}`;

describe('the election round', () => {
  it('campaigns every member in join order, as `etcdctl elect -l` observes; the next leads when the leader leaves', async () => {
    const code = await openRoom();
    const [mei, bo, wei] = [
      await join(code, 'Mei'),
      await join(code, 'Bo'),
      await join(code, 'Wei'),
    ];
    await round(code, 'election');
    const name = (await view(code)).lineName ?? '';
    expect(name).toBe(`${ROOM_KEYS}${code}/election`);
    const keys = await keysIn(`${name}/`);
    expect(keys).toEqual({
      [placeKey(name, mei)]: 'Mei',
      [placeKey(name, bo)]: 'Bo',
      [placeKey(name, wei)]: 'Wei',
    });
    const observer = startEtcdctl('elect', '-l', name);
    running.push(observer);
    await waitFor(() => observer.lines.includes('Mei'), 5_000, 'etcdctl to observe Mei');
    await waitFor(async () => (await lineNames(code))?.join() === 'Mei,Bo,Wei', 5_000, 'the line');
    expect(await role(mei)).toEqual({ kind: 'election', place: 1, inLine: true, leader: 'Mei' });
    expect(await role(wei)).toEqual({ kind: 'election', place: 3, inLine: true, leader: 'Mei' });

    // The leader leaves (its lease revoked): the next in line leads at once, for etcdctl too.
    ok(await leaveRoomAction(mei.credential));
    await waitFor(() => observer.lines.includes('Bo'), 5_000, 'etcdctl to observe Bo');
    await waitFor(async () => (await first(code)) === 'Bo', 5_000, 'Bo leading on the big screen');
    const [handover] = (await view(code)).handovers;
    expect(handover).toMatchObject({ from: 'Mei', to: 'Bo' });
    // Revoked: its last sign of life was the revoke, so hardly any time went without a leader.
    expect(handover?.leaderlessMs).toBeLessThan(2_000);
    expect(await role(bo)).toMatchObject({ place: 1, leader: 'Bo' });

    // A latecomer campaigns at the back; so does a candidate from a shell.
    const li = await join(code, 'Li');
    running.push(startEtcdctl('elect', name, 'shell'));
    await waitFor(
      async () => (await lineNames(code))?.join() === 'Bo,Wei,Li,shell',
      5_000,
      'Li and the shell behind Wei',
    );
    expect((await view(code)).line?.[3]).toMatchObject({ name: 'shell', member: false });
    expect(await role(li)).toMatchObject({ place: 3 });
  });

  it('says how long no live member led when the leader stopped renewing', async () => {
    const code = await openRoom();
    const bo = await join(code, 'Bo');
    const wei = await join(code, 'Wei');
    await round(code, 'election');
    const name = (await view(code)).lineName ?? '';
    await waitFor(async () => (await first(code)) === 'Bo', 5_000, 'Bo leading');
    // Wei's page renews; Bo's is closed after one renewal.
    ok(await heartbeatAction(bo.credential));
    const lastBeat = Date.now();
    const beats = setInterval(() => void heartbeatAction(wei.credential), 3_000);
    try {
      await waitFor(async () => (await first(code)) === 'Wei', 15_000, 'Wei leading');
    } finally {
      clearInterval(beats);
    }
    expect(await keysIn(`${name}/`)).toEqual({ [placeKey(name, wei)]: 'Wei' });
    const [handover] = (await view(code)).handovers;
    expect(handover).toMatchObject({ from: 'Bo', to: 'Wei' });
    // etcd kept Bo leading for its TTL after that renewal: that long, no one alive led.
    expect(handover?.leaderlessMs).toBeGreaterThanOrEqual(9_000);
    expect(handover?.leaderlessMs).toBeLessThanOrEqual(Date.now() - lastBeat);
  });
});

describe('the lock round', () => {
  it('queues members, then `etcdctl lock`; releases and departures move the queue', async () => {
    const code = await openRoom();
    const mei = await join(code, 'Mei');
    const bo = await join(code, 'Bo');
    await round(code, 'lock');
    const name = (await view(code)).lineName ?? '';
    expect(Object.keys(await keysIn(`${name}/`)).sort()).toEqual(
      [placeKey(name, mei), placeKey(name, bo)].sort(),
    );
    const shell = startEtcdctl('lock', name);
    running.push(shell);
    await waitFor(async () => (await view(code)).line?.length === 3, 5_000, 'the shell queued');
    expect(shell.lines).toEqual([]);
    expect(await role(mei)).toEqual({ kind: 'lock', place: 1, inLine: true, holder: 'Mei' });
    expect(await role(bo)).toMatchObject({ place: 2, holder: 'Mei' });

    // Mei releases (clientv3's Unlock: her key goes, her lease stays) and queues again at the back.
    expect(ok(await lockAction({ member: mei.credential, op: 'release' }))).toMatchObject({
      inLine: false,
    });
    await waitFor(async () => (await placeOf(bo)) === 1, 5_000, 'Bo holding');
    expect(await keysIn(`${name}/${mei.lease.replace(/^0+/, '')}`)).toEqual({});
    ok(await lockAction({ member: mei.credential, op: 'queue' }));
    await waitFor(async () => (await placeOf(mei)) === 3, 5_000, 'Mei third');
    expect((await view(code)).handovers[0]).toMatchObject({ from: 'Mei', to: 'Bo' });

    // Bo leaves: the shell's etcdctl acquires the lock and says so, and the big screen agrees.
    ok(await leaveRoomAction(bo.credential));
    await waitFor(() => shell.lines[0]?.startsWith(`${name}/`), 5_000, 'etcdctl to hold the lock');
    await waitFor(
      async () => (await view(code)).line?.[0]?.member === false,
      5_000,
      'the shell holding',
    );
    expect(await role(mei)).toMatchObject({ place: 2 });
    // The shell ends its session (its lease revoked): Mei holds.
    await shell.stop();
    await waitFor(async () => (await first(code)) === 'Mei', 5_000, 'Mei holding');
  });

  it("refuses lock steps outside the lock round, and anyone else's credential, changing nothing", async () => {
    const code = await openRoom();
    const mei = await join(code, 'Mei');
    const bo = await join(code, 'Bo');
    refused(
      await unchanged(() => lockAction({ member: mei.credential, op: 'release' })),
      'invalid_input',
      /not in the lock round/,
    );
    await round(code, 'lock');
    const forged: MemberCredential = { ...mei.credential, lease: bo.lease };
    for (const op of ['release', 'queue'] as const)
      refused(
        await unchanged(() => lockAction({ member: forged, op })),
        'permission_denied',
        /cannot prove/,
      );
    const asked = await unchanged(() => askRole(forged));
    expect(asked.status).toBe(403);
    expect(await asked.json()).toMatchObject({ code: 'permission_denied' });
  });
});

describe('moving between rounds', () => {
  it("takes members out of the last round's line, and leaves a shell's place alone", async () => {
    const code = await openRoom();
    const mei = await join(code, 'Mei');
    await round(code, 'election');
    const election = (await view(code)).lineName ?? '';
    running.push(startEtcdctl('elect', election, 'shell'));
    await waitFor(
      async () => (await view(code)).line?.length === 2,
      5_000,
      'the shell campaigning',
    );
    await round(code, 'lock');
    const lock = (await view(code)).lineName ?? '';
    expect(Object.values(await keysIn(`${election}/`))).toEqual(['shell']);
    expect(Object.keys(await keysIn(`${lock}/`))).toEqual([placeKey(lock, mei)]);
    await round(code, 'lease');
    expect(await keysIn(`${lock}/`)).toEqual({});
    expect(await role(mei)).toEqual({ kind: 'lease' });
  });
});

describe('a round a dashboard stopped starting', () => {
  it('is finished by the next dashboard to read the rooms: every member takes its place, in join order', async () => {
    const code = await openRoom();
    const [mei, bo, li] = [await join(code, 'Mei'), await join(code, 'Bo'), await join(code, 'Li')];
    // What a dashboard leaves that stopped halfway through starting the election: the round in
    // the record, its members not all placed (Mei only).
    const recordKey = `${ROOMS_FOLDER}${code}`;
    const record = JSON.parse((await etcd.get(recordKey).string()) ?? '{}') as object;
    const since = Date.now();
    const election = { kind: 'election', since, schedule: 'third', scheduleSince: since };
    await etcd.put(recordKey).value(JSON.stringify({ ...record, round: election, unplaced: true }));
    const name = `${ROOM_KEYS}${code}/election`;
    await etcdctl('put', `--lease=${mei.lease}`, placeKey(name, mei), 'Mei');

    // The next dashboard: nothing of the rooms in memory, only what etcd holds.
    currentDashboard().forget(slot('rooms', () => null));
    expect((await openRooms()).map((r) => r.record.code)).toContain(code);
    await waitFor(
      async () => (await lineNames(code))?.join() === 'Mei,Bo,Li',
      10_000,
      'Bo and Li placed behind Mei',
    );
    expect(await keysIn(`${name}/`)).toEqual({
      [placeKey(name, mei)]: 'Mei',
      [placeKey(name, bo)]: 'Bo',
      [placeKey(name, li)]: 'Li',
    });
    expect(JSON.parse((await etcd.get(recordKey).string()) ?? '{}')).toMatchObject({
      round: { kind: 'election' },
      unplaced: false,
    });
    expect(await role(li)).toMatchObject({ kind: 'election', place: 3, leader: 'Mei' });
  });
});

describe('a lock step racing a round change', () => {
  it('leaves no place in the lock behind, whichever comes first', async () => {
    const code = await openRoom();
    const mei = await join(code, 'Mei');
    await round(code, 'lock');
    ok(await lockAction({ member: mei.credential, op: 'release' }));
    const lock = (await view(code)).lineName ?? '';
    const [queued] = await Promise.all([
      lockAction({ member: mei.credential, op: 'queue' }),
      roomAction({ op: 'round', code, round: 'election' }),
    ]);
    if (!queued.ok) expect(queued.text).toMatch(/not in the lock round/);
    expect(await keysIn(`${lock}/`)).toEqual({});
    expect(Object.values(await keysIn(`${ROOM_KEYS}${code}/election/`))).toEqual(['Mei']);
  });
});

describe('the renewal schedule round', () => {
  it("measures each member's silences per schedule; the phones learn when to miss a beat", async () => {
    const code = await openRoom();
    const mei = await join(code, 'Mei');
    refused(
      await unchanged(() => roomAction({ op: 'schedule', code, schedule: 'missOne' })),
      'invalid_input',
      /not in the renewal schedule round/,
    );
    await round(code, 'schedule');
    expect(await role(mei)).toMatchObject({ kind: 'schedule', schedule: 'third' });
    const firstBeat = Date.now();
    ok(await heartbeatAction(mei.credential));
    const tile = async () => (await view(code)).members.find((m) => m.name === 'Mei');
    const third = await waitFor(async () => (await tile())?.silences.third, 5_000, 'a silence');
    expect(third).toBeGreaterThan(0);
    expect((await tile())?.silences.missOne).toBeNull();

    ok(await roomAction({ op: 'schedule', code, schedule: 'missOne' }));
    const missing = await role(mei);
    expect(missing).toMatchObject({ kind: 'schedule', schedule: 'missOne' });
    // The next renewal's silence counts for the new schedule: at least the time etcd saw pass.
    await waitFor(async () => (await remainingInEtcd(mei.lease)) <= 8, 5_000, 'Mei ages');
    ok(await heartbeatAction(mei.credential));
    expect((await tile())?.silences.missOne).toBeGreaterThanOrEqual(1_000);
    expect((await tile())?.silences.missOne).toBeLessThanOrEqual(Date.now() - firstBeat);
  });
});
