import { describe, expect, it } from 'vitest';
import { heartbeatAction, joinRoomAction, leaveRoomAction } from '@/app/room-actions';
import { roomAction } from '@/app/scenario-actions';
import { grantLeaseAction } from '@/app/actions';
import { endIdleRoomsNow, joinRoom, openRooms } from '@/lib/rooms/rooms';
import { roomsView } from '@/lib/rooms/room-view';
import { SHARED_CLIENT } from '@/lib/access/client-address';
import { GET as getAudit } from '@/app/api/audit/route';
import { auditResponseSchema } from '@/lib/shared/contract-audit';
import type { ActionResult, FormState } from '@/lib/shared/action-result';
import type { JoinResult, MemberCredential } from '@/lib/shared/room';
import { etcdctl, grantWithEtcdctl, remainingInEtcd, waitFor } from './helpers';
import {
  ROOMS_FOLDER,
  ROOM_KEYS,
  join,
  keysIn,
  made,
  mode,
  ok,
  openRoom,
  refused,
  roomTests,
  unchanged,
} from './room-helpers';

// Audience rooms on a real etcd, through the actions a presenter and a phone call: what etcd holds
// after each join, heartbeat and leave, and that every refusal leaves etcd as it was.

roomTests();

describe('a room', () => {
  it('opens with a record in etcd, and a phone that joins holds a lease with its key', async () => {
    const code = await openRoom();
    expect(Object.keys(await keysIn(ROOMS_FOLDER))).toEqual([`${ROOMS_FOLDER}${code}`]);

    const mei = await join(code, '  Mei  ');
    const key = `${ROOM_KEYS}${code}/members/Mei`;
    expect(mei).toMatchObject({ key, grantedTTL: 10, credential: { code, name: 'Mei' } });
    expect(await keysIn(ROOM_KEYS)).toEqual({ [key]: 'Mei' });
    const ttl = await etcdctl('lease', 'timetolive', '--keys', mei.lease);
    expect(ttl).toMatch(`granted with TTL(10s)`);
    expect(ttl).toMatch(`attached keys([${key}])`);

    // A second Mei is numbered; the big screen shows both from the sampler's readings.
    const mei2 = await join(code, 'Mei');
    expect(mei2.key).toBe(`${ROOM_KEYS}${code}/members/Mei 2`);
    const view = await waitFor(
      async () => {
        const room = (await roomsView()).rooms.find((r) => r.code === code);
        return room?.members.length === 2 ? room : null;
      },
      5_000,
      'both members on the big screen',
    );
    expect(view.members.map((m) => [m.name, m.lease])).toEqual([
      ['Mei', mei.lease],
      ['Mei 2', mei2.lease],
    ]);
    // The room's signing key stays in etcd: the big screen's answer never carries it.
    const record = JSON.parse(Object.values(await keysIn(ROOMS_FOLDER))[0] ?? '{}') as {
      key: string;
    };
    expect(record.key.length).toBeGreaterThan(20);
    expect(JSON.stringify(await roomsView())).not.toContain(record.key);
  });

  it("is renewed by its member's heartbeat only", async () => {
    const code = await openRoom();
    const mei = await join(code, 'Mei');
    const bo = await join(code, 'Bo');
    await waitFor(async () => (await remainingInEtcd(mei.lease)) <= 8, 5_000, 'Mei ages');
    expect(ok(await heartbeatAction(mei.credential))).toMatchObject({ lease: mei.lease });
    expect(await remainingInEtcd(mei.lease)).toBeGreaterThanOrEqual(9);

    // Mei's secret does not renew Bo's lease, nor does a made-up one.
    await waitFor(async () => (await remainingInEtcd(bo.lease)) <= 8, 5_000, 'Bo ages');
    const forged: MemberCredential[] = [
      { ...mei.credential, lease: bo.lease },
      { ...mei.credential, lease: bo.lease, name: 'Bo' },
      { ...bo.credential, secret: 'x'.repeat(43) },
    ];
    for (const credential of forged)
      refused(await heartbeatAction(credential), 'permission_denied', /cannot prove/);
    expect(await remainingInEtcd(bo.lease)).toBeLessThanOrEqual(8);
  });

  it('lets a member leave: its lease is revoked and etcd deletes its key', async () => {
    const code = await openRoom();
    const mei = await join(code, 'Mei');
    const bo = await join(code, 'Bo');
    expect(ok(await leaveRoomAction(mei.credential))).toEqual({ left: true });
    const view = (await roomsView()).rooms.find((r) => r.code === code);
    expect(view?.gone).toMatchObject([{ name: 'Mei', lease: mei.lease, how: 'revoked' }]);
    expect(await remainingInEtcd(mei.lease)).toBe(-1);
    expect(Object.keys(await keysIn(ROOM_KEYS))).toEqual([bo.key]);
    // The lease is gone: a heartbeat says so.
    refused(await heartbeatAction(mei.credential), 'lease_revoked', /revoked/);
  });

  it("lets a member's lease expire when its heartbeats stop", async () => {
    const code = await openRoom();
    const mei = await join(code, 'Mei');
    await waitFor(async () => (await remainingInEtcd(mei.lease)) === -1, 15_000, 'Mei expires');
    expect(await keysIn(ROOM_KEYS)).toEqual({});
    // The big screen names what happened, from the sampler's own sighting of the expiry.
    const gone = await waitFor(
      async () => (await roomsView()).rooms.find((r) => r.code === code)?.gone[0],
      10_000,
      "Mei's expiry on the big screen",
    );
    expect(gone).toMatchObject({ name: 'Mei', lease: mei.lease, how: 'expired' });
  });

  it('ends: every member lease revoked, its keys and its record gone', async () => {
    const code = await openRoom();
    const members = [await join(code, 'Mei'), await join(code, 'Bo')];
    expect(ok(await roomAction({ op: 'end', code }))).toEqual({ code, revoked: 2 });
    for (const m of members) expect(await remainingInEtcd(m.lease)).toBe(-1);
    expect(await keysIn(ROOM_KEYS)).toEqual({});
    expect(await keysIn(ROOMS_FOLDER)).toEqual({});
    refused(await heartbeatAction(members[0]?.credential), 'invalid_input', /no room/);
    refused(await joinRoomAction({ code, name: 'Late' }), 'invalid_input', /no room/);
  });

  it('ends by itself once idle for DASHBOARD_ROOM_IDLE_MINUTES', async () => {
    mode({ DASHBOARD_ROOM_IDLE_MINUTES: '1' });
    const code = await openRoom();
    const mei = await join(code, 'Mei');
    await endIdleRoomsNow(Date.now() + 30_000);
    expect((await openRooms()).map((r) => r.record.code)).toEqual([code]);
    await endIdleRoomsNow(Date.now() + 61_000);
    expect(await openRooms()).toEqual([]);
    expect(await remainingInEtcd(mei.lease)).toBe(-1);
    expect(await keysIn(ROOMS_FOLDER)).toEqual({});
  });
});

describe("a room's entries in the audit trail", () => {
  it('name each join, leave and refused heartbeat, but no heartbeat that renewed', async () => {
    const since = new Date().toISOString();
    const code = await openRoom();
    const mei = await join(code, 'Mei');
    for (let i = 0; i < 3; i++) ok(await heartbeatAction(mei.credential));
    refused(
      await heartbeatAction({ ...mei.credential, secret: 'forged' }),
      'permission_denied',
      /cannot prove/,
    );
    ok(await leaveRoomAction(mei.credential));
    const res = await getAudit(new Request('http://test/api/audit?action=scenario&limit=50'));
    const { entries } = auditResponseSchema.parse(await res.json());
    const steps = entries
      .filter((e) => e.scenario === 'room' && e.at >= since)
      .map((e) => `${e.step} ${e.result}`)
      .reverse();
    expect(steps).toEqual(['start ok', 'join ok', 'heartbeat permission_denied', 'leave ok']);
  });
});

describe('bounds and refusals, each leaving etcd as it was', () => {
  it('refuses a join past DASHBOARD_ROOM_MAX_MEMBERS', async () => {
    mode({ DASHBOARD_ROOM_MAX_MEMBERS: '2' });
    const code = await openRoom();
    await join(code, 'A');
    await join(code, 'B');
    const result = await unchanged(() => joinRoomAction({ code, name: 'C' }));
    refused(result, 'rate_limited', new RegExp(`Room ${code} is full: at most 2 members`));
  });

  it('refuses a room past DASHBOARD_ROOM_MAX_ROOMS', async () => {
    mode({ DASHBOARD_ROOM_MAX_ROOMS: '1' });
    await openRoom();
    const result = await unchanged(() => roomAction({ op: 'start' }));
    refused(result, 'rate_limited', /At most 1 room may be open/);
  });

  it('refuses 1,000 joins from one address past its allowance; another address still joins', async () => {
    mode({ DASHBOARD_ROOM_JOINS_PER_MINUTE: '3' });
    const code = await openRoom();
    for (const name of ['A', 'B', 'C']) await joinRoom(code, name, '203.0.113.7');
    const answers = await unchanged(async () => {
      const all: string[] = [];
      for (let i = 0; i < 1000; i++)
        all.push(
          await joinRoom(code, `x${i}`, '203.0.113.7').then(
            () => 'joined',
            (err: Error) => err.message,
          ),
        );
      return new Set(all);
    });
    expect([...answers]).toHaveLength(1);
    expect([...answers][0]).toMatch(/^Too many joins from this address: try again in \d+ s$/);
    expect((await joinRoom(code, 'D', '198.51.100.1')).credential.name).toBe('D');
  });

  it('counts phones it cannot tell apart per room, up to the member bound', async () => {
    mode({ DASHBOARD_ROOM_JOINS_PER_MINUTE: '2', DASHBOARD_ROOM_MAX_MEMBERS: '3' });
    const first = await openRoom();
    const second = await openRoom();
    for (const name of ['A', 'B', 'C']) await joinRoom(first, name, SHARED_CLIENT);
    await joinRoom(second, 'A', SHARED_CLIENT);
    const refusal = await unchanged(() =>
      joinRoom(first, 'D', SHARED_CLIENT).then(
        () => 'joined',
        (err: Error) => err.message,
      ),
    );
    expect(refusal).toMatch(/^Too many joins from this address/);
  });

  it("refuses a member's heartbeats past DASHBOARD_ROOM_HEARTBEATS_PER_MINUTE, renewing nothing", async () => {
    mode({ DASHBOARD_ROOM_HEARTBEATS_PER_MINUTE: '2' });
    const code = await openRoom();
    const mei = await join(code, 'Mei');
    ok(await heartbeatAction(mei.credential));
    ok(await heartbeatAction(mei.credential));
    await waitFor(async () => (await remainingInEtcd(mei.lease)) <= 8, 5_000, 'Mei ages');
    refused(await heartbeatAction(mei.credential), 'rate_limited', /Too many renewals of lease/);
    expect(await remainingInEtcd(mei.lease)).toBeLessThanOrEqual(8);
  });

  it('refuses a name with nothing printable, and an unknown room', async () => {
    const code = await openRoom();
    refused(
      await unchanged(() => joinRoomAction({ code, name: ' \u0000/ ' })),
      'invalid_input',
      /Type a name/,
    );
    const other = code === 'ABCDEF' ? 'ABCDEG' : 'ABCDEF';
    refused(
      await unchanged(() => joinRoomAction({ code: other, name: 'Mei' })),
      'invalid_input',
      new RegExp(`There is no room ${other}`),
    );
  });

  it("refuses a member's credential for anyone else's lease: no revoke, no renewal", async () => {
    const code = await openRoom();
    const mei = await join(code, 'Mei');
    const stranger = await grantWithEtcdctl(60);
    made.push(stranger);
    const other: MemberCredential = { ...mei.credential, lease: stranger };
    refused(await unchanged(() => leaveRoomAction(other)), 'permission_denied', /cannot prove/);
    refused(await unchanged(() => heartbeatAction(other)), 'permission_denied', /cannot prove/);
    expect(await remainingInEtcd(stranger)).toBeGreaterThan(50);
  });

  it('refuses rooms and joins in read-only mode', async () => {
    const code = await openRoom();
    const mei = await join(code, 'Mei');
    mode({ DASHBOARD_READ_ONLY: 'true' });
    const acts: (() => Promise<ActionResult<unknown>>)[] = [
      () => roomAction({ op: 'start' }),
      () => roomAction({ op: 'end', code }),
      () => joinRoomAction({ code, name: 'Bo' }),
      () => leaveRoomAction(mei.credential),
    ];
    for (const act of acts) refused(await unchanged(act), 'read_only', /read-only/);
    // The big screen still shows the room, idle or not: read-only ends nothing.
    mode({ DASHBOARD_READ_ONLY: 'true', DASHBOARD_ROOM_IDLE_MINUTES: '1' });
    await unchanged(() => endIdleRoomsNow(Date.now() + 61_000));
    expect((await openRooms()).map((r) => r.record.code)).toEqual([code]);
  });

  it('with DASHBOARD_TOKEN, opens rooms for a signed-in presenter only; a phone needs only the code', async () => {
    const code = await openRoom();
    mode({ DASHBOARD_TOKEN: 'a-token-of-at-least-16-chars' });
    refused(await unchanged(() => roomAction({ op: 'start' })), 'sign_in_required', /[Ss]ign in/);
    refused(
      await unchanged(() => roomAction({ op: 'end', code })),
      'sign_in_required',
      /[Ss]ign in/,
    );
    const mei: JoinResult = await join(code, 'Mei');
    expect(ok(await heartbeatAction(mei.credential)).lease).toBe(mei.lease);
    // The join grants nothing else: the dashboard's own grant still asks for the sign-in.
    const idle = { result: null, values: {} } as FormState<never>;
    const form = new FormData();
    form.set('ttl', '10');
    const grant = await unchanged(() => grantLeaseAction(idle, form));
    expect(grant.result).toMatchObject({ ok: false, code: 'sign_in_required' });
  });
});
