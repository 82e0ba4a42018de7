import { expect, it } from 'vitest';
import type { Etcd3 } from 'etcd3';
import type { MemberCredential } from '@/lib/shared/room';
import { inWorkspace, remaining, revoke, type Dashboard } from '../../e2e/replica-helpers';
import {
  callRoomAction,
  endRoomAt,
  joinPage,
  joinRoomAt,
  memberAction,
  startRoomAt,
} from '../system/room-calls';
import { logsOf } from './logs';

// An audience room behind two replicas (issue 31, item 4: members may be sent to any replica): a
// phone's join, heartbeat and leave work through either, the room outlives its leader's SIGKILL
// from its record in etcd, a replica that leads again trusts etcd, not its memory, about which
// rooms are open, and the next leader finishes a round the last one stopped starting. What etcd holds is read with the test's own client.

/** Long enough that a member joined before a failover still holds its lease after it. */
const TTL = 20;
const RECORDS = '/lease-dashboard/rooms/';
const ROOM_KEYS = (code: string) => `/lease-dashboard/scenarios/room/${code}/`;

/** The room's members as etcd holds them: each name under the members folder, and its lease. */
async function membersInEtcd(client: Etcd3, code: string): Promise<Record<string, string>> {
  const prefix = `${ROOM_KEYS(code)}members/`;
  const { kvs } = await client.getAll().prefix(prefix).exec();
  return Object.fromEntries(
    kvs.map((kv) => [
      kv.key.toString().slice(prefix.length),
      BigInt(kv.lease).toString(16).padStart(16, '0'),
    ]),
  );
}

/** A heartbeat through `dashboard` renews the member's lease: etcd's remaining TTL goes back up. */
async function renewsThrough(dashboard: Dashboard, client: Etcd3, member: MemberCredential) {
  // Some time gone first, so that a renewal shows in etcd as a rise.
  await expect.poll(() => remaining(client, member.lease)).toBeLessThan(TTL - 1);
  const before = await remaining(client, member.lease);
  const beat = await memberAction(dashboard.url, 'heartbeatAction', member);
  expect(beat, `${member.name}'s heartbeat through ${dashboard.name}`).toMatchObject({ ok: true });
  expect(await remaining(client, member.lease)).toBeGreaterThan(before);
}

const roomTtl = { DASHBOARD_ROOM_TTL: String(TTL) };

it('phones join, renew and leave a room through either replica', async ({ task }) => {
  await inWorkspace(logsOf(task.name), async (ws) => {
    const { client, a, b } = await ws.replicas(roomTtl);
    // Opened through the follower, which passes it to the leader.
    const code = await startRoomAt(b.url);
    ws.later(() => endRoomAt(a.url, code));
    expect(await client.get(`${RECORDS}${code}`).exists()).toBe(true);

    const mei = await joinRoomAt(b.url, code, 'Mei');
    const bo = await joinRoomAt(a.url, code, 'Bo');
    ws.later(() => Promise.all([revoke(client, mei.lease), revoke(client, bo.lease)]));
    expect(await membersInEtcd(client, code)).toEqual({ Mei: mei.lease, Bo: bo.lease });

    await renewsThrough(b, client, mei);
    await renewsThrough(a, client, mei);
    await renewsThrough(b, client, bo);

    const left = await memberAction(b.url, 'leaveRoomAction', mei);
    expect(left, "Mei's leave through the follower").toMatchObject({ ok: true });
    expect(await remaining(client, mei.lease)).toBe(-1);
    expect(await membersInEtcd(client, code)).toEqual({ Bo: bo.lease });
    expect(await remaining(client, bo.lease)).toBeGreaterThan(0);
  });
});

it("a room outlives its leader's SIGKILL: the next leader renews earlier members, takes new ones and ends it", async ({
  task,
}) => {
  await inWorkspace(logsOf(task.name), async (ws) => {
    const { client, a, b } = await ws.replicas(roomTtl);
    const code = await startRoomAt(a.url);
    const mei = await joinRoomAt(a.url, code, 'Mei');
    const bo = await joinRoomAt(b.url, code, 'Bo');
    const made = [mei.lease, bo.lease];
    ws.later(() => Promise.all(made.map((id) => revoke(client, id))));

    await a.kill('SIGKILL');
    await b.waitForRole('leader', 15_000);
    // b never served the room itself: the secrets verify against the record it reads from etcd.
    await renewsThrough(b, client, mei);
    await renewsThrough(b, client, bo);
    const kai = await joinRoomAt(b.url, code, 'Kai');
    made.push(kai.lease);
    expect(await membersInEtcd(client, code)).toEqual({
      Mei: mei.lease,
      Bo: bo.lease,
      Kai: kai.lease,
    });

    const ended = await endRoomAt(b.url, code);
    expect(ended).toMatchObject({ ok: true, data: { code, revoked: 3 } });
    for (const id of made) expect(await remaining(client, id), id).toBe(-1);
    expect(await client.getAll().prefix(ROOM_KEYS(code)).keys()).toEqual([]);
    expect(await client.get(`${RECORDS}${code}`).exists()).toBe(false);
  });
});

it('a replica that leads again takes no joins for a room the other ended while it followed', async ({
  task,
}) => {
  await inWorkspace(logsOf(task.name), async (ws) => {
    const { client, a, b } = await ws.replicas(roomTtl);
    // a opens the room and serves a join: it knows the room.
    const code = await startRoomAt(a.url);
    const mei = await joinRoomAt(a.url, code, 'Mei');
    ws.later(() => revoke(client, mei.lease));

    // a stalls: b leads; thawed, a follows b.
    a.signal('SIGSTOP');
    ws.later(() => a.signal('SIGCONT'));
    await b.waitForRole('leader', 15_000);
    a.signal('SIGCONT');
    expect((await a.waitForRole('follower', 15_000)).leader).toBe(b.url);

    const ended = await endRoomAt(b.url, code);
    expect(ended).toMatchObject({ ok: true, data: { code, revoked: 1 } });
    expect(await client.get(`${RECORDS}${code}`).exists()).toBe(false);

    // b hands over: a leads again, with the room still in its memory.
    await b.kill('SIGTERM');
    await a.waitForRole('leader', 10_000);
    const joined = await callRoomAction(
      a.url,
      'joinRoomAction',
      { code, name: 'Kai' },
      joinPage(code),
    );
    const kai = (joined.data as { credential?: MemberCredential } | undefined)?.credential;
    if (kai) ws.later(() => revoke(client, kai.lease));
    expect(joined, 'a join for the ended room').toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await client.getAll().prefix(ROOM_KEYS(code)).keys()).toEqual([]);
  });
});

it('the next leader finishes a round its predecessor stopped starting: every member placed, in join order', async ({
  task,
}) => {
  await inWorkspace(logsOf(task.name), async (ws) => {
    const { client, a, b } = await ws.replicas(roomTtl);
    const code = await startRoomAt(a.url);
    const members = [
      await joinRoomAt(a.url, code, 'Mei'),
      await joinRoomAt(b.url, code, 'Bo'),
      await joinRoomAt(a.url, code, 'Li'),
    ];
    ws.later(() => Promise.all(members.map((m) => revoke(client, m.lease))));

    // a dies halfway through starting the election: the round is in the record, unplaced, and
    // only Mei has her place (clientv3's key, on her own lease).
    const line = `${ROOM_KEYS(code)}election/`;
    const since = Date.now();
    const record = JSON.parse((await client.get(`${RECORDS}${code}`).string()) ?? '{}') as object;
    await client.put(`${RECORDS}${code}`).value(
      JSON.stringify({
        ...record,
        round: { kind: 'election', since, schedule: 'third', scheduleSince: since },
        unplaced: true,
      }),
    );
    const [mei] = members;
    if (!mei) throw new Error('no Mei');
    await client
      .put(`${line}${mei.lease.replace(/^0+/, '')}`)
      .value('Mei')
      .lease(BigInt(`0x${mei.lease}`).toString());
    await a.kill('SIGKILL');
    await b.waitForRole('leader', 15_000);

    // The big screen asks b for the rooms: b reads the record, and places the rest behind Mei.
    expect((await fetch(`${b.url}/api/rooms`)).status).toBe(200);
    const placed = async () => {
      const { kvs } = await client.getAll().prefix(line).exec();
      return [...kvs]
        .sort((x, y) => Number(BigInt(x.create_revision) - BigInt(y.create_revision)))
        .map((kv) => kv.value.toString());
    };
    await expect.poll(placed, { timeout: 10_000 }).toEqual(['Mei', 'Bo', 'Li']);
    expect(JSON.parse((await client.get(`${RECORDS}${code}`).string()) ?? '{}')).toMatchObject({
      round: { kind: 'election' },
      unplaced: false,
    });
    ws.later(() => endRoomAt(b.url, code));
  });
});
