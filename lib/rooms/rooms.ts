import 'server-only';
import { randomBytes } from 'node:crypto';
import { AccessError, InputError, assertWritable } from '@/lib/access/guard';
import { RateLimit } from '@/lib/access/rate-limit';
import { SHARED_CLIENT } from '@/lib/access/client-address';
import { keysUnder } from '@/lib/etcd/own-keys';
import { getChanges } from '@/lib/server';
import { serially } from '@/lib/scenarios/serially';
import { currentDashboard, getConfig, slot } from '@/lib/dashboard/registry';
import { replicaState } from '@/lib/replicas/replica-state';
import { DashboardError } from '@/lib/shared/errors';
import { say } from '@/lib/shared/english';
import {
  cleanMemberName,
  roomCodeFrom,
  uniqueMemberName,
  type JoinResult,
  type MemberCredential,
  type MemberLease,
  type Round,
} from '@/lib/shared/room';
import { isMemberSecret, memberSecret, newRoomKey } from '@/lib/rooms/member-secret';
import {
  MAX_ROOM_RECORD_BYTES,
  parseRoomRecords,
  roomsFolder,
  newRound,
  roundOf,
  type RoomRecord,
} from '@/lib/rooms/room-records';
import { isLine, lineKey, lineValue, membersPrefix } from '@/lib/rooms/room-keys';
import { leaveLines, readMembers, takePlaces } from '@/lib/rooms/room-members';
import { RoundActivity } from '@/lib/rooms/round-activity';

// An audience room: each phone that joins holds one lease with one key,
// <scenario prefix>scenarios/room/<code>/members/<name>, renewed only when the phone's open page
// asks, so a closed tab lets it expire. The presenter opens and ends rooms (signed in where the
// dashboard asks it); a phone needs only the code, and its secret (./member-secret.ts) lets it
// renew or revoke its own lease, and take or leave its place in the round's line, and nothing else.
// Every change goes through lib/mutations/.

export type OpenRoom = { record: RoomRecord; lastActivityAt: number; activity: RoundActivity };

type RoomsState = {
  rooms: Map<string, OpenRoom>;
  /** when the rooms were last read from etcd (a new leader, or a code this replica did not know) */
  readAt: number;
  /** the replica's last change of role when they were read: one that leads again reads them again */
  readInRole: number;
  /** ends idle rooms every IDLE_CHECK_MS while this process may change etcd */
  idleTimer: NodeJS.Timeout;
  /** counts this replica's own changes to the records: a read they overtook is not applied */
  writes: number;
};

/** How often idle rooms are looked for: a room ends within this much of its idle time. */
const IDLE_CHECK_MS = 15_000;

// Made in the dashboard's own context (a request or a task for it), which its timer keeps.
const ROOMS = slot(
  'rooms',
  (): RoomsState => {
    const idleTimer = setInterval(() => void endIdleRoomsNow(), IDLE_CHECK_MS);
    idleTimer.unref();
    return { rooms: new Map(), readAt: 0, readInRole: 0, idleTimer, writes: 0 };
  },
  (s) => clearInterval(s.idleTimer),
);

/** The allowances, made again when the configuration's numbers change (tests change them). */
const ALLOWANCES = slot('rooms.allowances', (dashboard) => {
  const { joinsPerMinute, heartbeatsPerMinute, maxMembers } = dashboard.getConfig().rooms;
  return {
    numbers: `${joinsPerMinute}/${heartbeatsPerMinute}/${maxMembers}`,
    joins: new RateLimit(joinsPerMinute),
    // Phones the dashboard cannot tell apart (no trusted proxy) are one client, counted per room:
    // one room's audience must be able to fill it within a minute.
    sharedJoins: new RateLimit(Math.max(joinsPerMinute, maxMembers)),
    heartbeats: new RateLimit(heartbeatsPerMinute),
    // The phone asks its role between heartbeats (no etcd request): twice as often at most.
    statuses: new RateLimit(heartbeatsPerMinute * 2),
  };
});

/** Unknown codes read the records from etcd again at most this often, so guessing costs etcd little. */
const REREAD_MS = 2_000;

const state = (): RoomsState => currentDashboard().get(ROOMS);

/** Read before this replica's role last changed: another may have led, and ended rooms, meanwhile. */
const readInOtherRole = () => state().readInRole !== (replicaState()?.since ?? 0);

/** The records are to be read again: another replica may have led since, or they are old. */
const readIsStale = (now: number) => readInOtherRole() || now - state().readAt >= REREAD_MS;

export function allowances() {
  const dashboard = currentDashboard();
  const { joinsPerMinute, heartbeatsPerMinute, maxMembers } = getConfig().rooms;
  if (
    dashboard.get(ALLOWANCES).numbers !== `${joinsPerMinute}/${heartbeatsPerMinute}/${maxMembers}`
  )
    dashboard.forget(ALLOWANCES);
  return dashboard.get(ALLOWANCES);
}

/** The rooms open now, as this dashboard knows them (etcd's records, read again when stale). */
export async function openRooms(now = Date.now()): Promise<OpenRoom[]> {
  // If etcd cannot be read now, the big screen shows the rooms this replica knows.
  if (readIsStale(now))
    await serially('rooms', () => readRooms(now)).catch((err: unknown) =>
      console.error('rooms: reading the rooms failed:', err),
    );
  return [...state().rooms.values()];
}

/**
 * Ends the rooms idle for DASHBOARD_ROOM_IDLE_MINUTES, as if the presenter had (the timer's task;
 * tests call it with a later `now`). Only where this process may change etcd: a follower's leader
 * does it. If etcd cannot be read or written now, the next check tries again.
 */
export async function endIdleRoomsNow(now = Date.now()): Promise<void> {
  const replica = replicaState();
  if (replica && !replica.mayAct()) return;
  await serially('rooms', () => endIdleRooms(now)).catch((err: unknown) =>
    console.error('rooms: ending idle rooms failed:', err),
  );
}

/** The presenter opens a room: a code, a signing key, and a record in etcd. */
export function startRoom(now = Date.now()): Promise<RoomRecord> {
  return serially('rooms', async () => {
    assertWritable();
    await endIdleRooms(now);
    const { rooms } = state();
    const { maxRooms, ttl } = getConfig().rooms;
    if (rooms.size >= maxRooms)
      throw new AccessError('rate_limited', say('errors.tooManyRooms', { max: maxRooms }));
    let code = roomCodeFrom(randomBytes(8));
    while (rooms.has(code)) code = roomCodeFrom(randomBytes(8));
    const round = newRound('lease', now);
    const record: RoomRecord = { code, key: newRoomKey(), createdAt: now, ttl, round };
    await getChanges().recordRoom(record);
    state().writes++;
    rooms.set(code, { record, lastActivityAt: now, activity: new RoundActivity() });
    return record;
  });
}

/** The presenter ends a room: every member's lease is revoked (etcd deletes their keys). */
export function endRoom(code: string): Promise<number> {
  return serially('rooms', async () => {
    assertWritable();
    const room = await findRoom(code);
    return closeRoom(room.record);
  });
}

/** A phone joins: one lease with the member's key on it, and the secret that proves it is theirs. */
export async function joinRoom(
  code: string,
  rawName: string,
  client: string,
  now = Date.now(),
): Promise<JoinResult> {
  assertWritable();
  const { maxMembers } = getConfig().rooms;
  const { joins, sharedJoins } = allowances();
  const taken = client === SHARED_CLIENT ? sharedJoins.take(code, now) : joins.take(client, now);
  if (!taken.ok)
    throw new AccessError('rate_limited', say('errors.tooManyJoins', { retry: taken.retryAfterS }));
  const name = cleanMemberName(rawName);
  if (!name) throw new InputError('name', say('errors.roomNameEmpty'));
  const room = await findRoom(code);
  return serially(`room-${room.record.code}`, async () => {
    // Ended while this join waited its turn.
    if (state().rooms.get(room.record.code) !== room)
      throw new InputError('code', say('errors.roomNotFound', { code }));
    const members = await readMembers(room.record.code, maxMembers + 1);
    if (members.length >= maxMembers)
      throw new AccessError(
        'rate_limited',
        say('errors.roomFull', { code: room.record.code, max: maxMembers }),
      );
    const unique = uniqueMemberName(name, new Set(members.map((m) => m.name)));
    const key = `${membersPrefix(room.record.code)}${unique}`;
    const changes = getChanges();
    const lease = await changes.grant(
      { client, as: null },
      room.record.ttl,
      { key, value: unique },
      { counted: false },
    );
    const { kind } = roundOf(room.record);
    if (isLine(kind))
      try {
        // A latecomer campaigns or queues at once, behind everyone already in the line.
        await changes.contend(
          lease.id,
          lineKey(room.record.code, kind, lease.id),
          lineValue(kind, unique),
        );
      } catch (err) {
        await changes.revokeIfAlive(lease.id).catch(() => undefined);
        throw err;
      }
    room.lastActivityAt = now;
    room.activity.joined(lease.id, Date.now());
    const secret = memberSecret(room.record.key, room.record.code, unique, lease.id);
    return {
      lease: lease.id,
      grantedTTL: lease.grantedTTL,
      ttl: lease.grantedTTL,
      at: now,
      key,
      credential: { code: room.record.code, lease: lease.id, name: unique, secret },
    };
  });
}

/** The phone's page renews its own lease once; a secret that is not the room's for it is refused. */
export async function heartbeat(member: MemberCredential, now = Date.now()): Promise<MemberLease> {
  assertWritable();
  const room = await verified(member);
  takeHeartbeat(member, now);
  const ttl = await getChanges().renew(member.lease);
  room.lastActivityAt = now;
  room.activity.renewed(member.lease, Date.now(), roundOf(room.record).schedule);
  return { lease: member.lease, grantedTTL: room.record.ttl, ttl, at: Date.now() };
}

/** The phone leaves: its lease is revoked, and etcd deletes its key. */
export async function leaveRoom(member: MemberCredential, now = Date.now()): Promise<void> {
  assertWritable();
  const room = await verified(member);
  await getChanges().revokeIfAlive(member.lease);
  room.lastActivityAt = now;
  room.activity.left(member.lease);
}

export function takeHeartbeat(member: MemberCredential, now: number): void {
  const taken = allowances().heartbeats.take(`${member.code}/${member.lease}`, now);
  if (!taken.ok)
    throw new AccessError(
      'rate_limited',
      say('errors.tooManyHeartbeats', { id: member.lease, retry: taken.retryAfterS }),
    );
}

export async function verified(member: MemberCredential): Promise<OpenRoom> {
  const room = await findRoom(member.code);
  if (!isMemberSecret(room.record.key, member))
    throw new DashboardError(
      'permission_denied',
      say('errors.notRoomMember', { code: member.code, id: member.lease }),
    );
  return room;
}

/** A room by its code: known here, or read from etcd (another replica led when it was opened). */
export async function findRoom(code: string, now = Date.now()): Promise<OpenRoom> {
  const known = readInOtherRole() ? undefined : state().rooms.get(code);
  if (known) return known;
  if (readIsStale(now)) await readRooms(now);
  const read = state().rooms.get(code);
  if (!read) throw new InputError('code', say('errors.roomNotFound', { code }));
  return read;
}

/** This replica changed a room's record in etcd: here as there, and no read from before undoes it. */
export async function saveRecord(room: OpenRoom, record: RoomRecord): Promise<void> {
  await getChanges().recordRoom(record);
  state().writes++;
  room.record = record;
}

async function readRooms(now: number): Promise<void> {
  const s = state();
  const role = replicaState()?.since ?? 0;
  const writes = s.writes;
  const { ownPrefix, rooms } = getConfig();
  const { values } = await keysUnder(roomsFolder(ownPrefix), {
    wanted: () => true,
    maxValueBytes: MAX_ROOM_RECORD_BYTES,
    maxKeys: rooms.maxRooms * 2,
  });
  // A room opened, ended or changed here while etcd answered may be missing from the answer or old
  // in it: the next read sees it as it is.
  if (s.writes !== writes) return;
  const records = parseRoomRecords(ownPrefix, values);
  const codes = new Set(records.map((r) => r.code));
  const otherLed = s.readInRole !== role;
  for (const code of s.rooms.keys()) if (!codes.has(code)) s.rooms.delete(code);
  for (const record of records) {
    const known = s.rooms.get(record.code);
    // A room first seen here, or seen before another replica led, counts as active now: when it
    // was last used is not kept in etcd. Its record (the round) is etcd's.
    if (!known)
      s.rooms.set(record.code, { record, lastActivityAt: now, activity: new RoundActivity() });
    else
      Object.assign(
        known,
        { record },
        otherLed ? { lastActivityAt: now, activity: new RoundActivity() } : {},
      );
  }
  s.readAt = now;
  s.readInRole = role;
  placeUnplaced();
}

/**
 * A round starts, the presenter's or one a dashboard stopped starting: members leave every line,
 * then take their places in the round's in the order they joined. The record says `unplaced` until
 * they have, for whichever dashboard reads it next. The round counts from once the old places are
 * gone, so no reading of the line from before is taken for it. Runs in the room's queue.
 */
export async function placeMembers(room: OpenRoom, round: Round): Promise<Round> {
  const { code } = room.record;
  await saveRecord(room, { ...room.record, round, unplaced: true });
  const members = await readMembers(code, getConfig().rooms.maxMembers);
  await leaveLines(code, members);
  const started = { ...round, since: Date.now() };
  if (isLine(round.kind)) await takePlaces(code, round.kind, members);
  await saveRecord(room, { ...room.record, round: started, unplaced: false });
  room.lastActivityAt = started.since;
  room.activity.restart(started.since);
  return started;
}

/**
 * Rooms whose members a dashboard stopped placing (it crashed, or lost the lead) are placed again,
 * in their queues, where this process may change etcd; a failure is tried again on the next read
 * or idle check.
 */
function placeUnplaced(): void {
  const replica = replicaState();
  if ((replica && !replica.mayAct()) || getConfig().access.readOnly) return;
  for (const room of state().rooms.values()) {
    if (!room.record.unplaced) continue;
    const { code } = room.record;
    void serially(`room-${code}`, async () => {
      // Placed, or ended, while this waited its turn.
      if (state().rooms.get(code) !== room || !room.record.unplaced) return;
      await placeMembers(room, roundOf(room.record));
    }).catch((err: unknown) => console.error(`rooms: placing room ${code}'s members failed:`, err));
  }
}

/** Runs after the joins already queued, so none grants a lease in a room that has ended. */
function closeRoom(record: RoomRecord): Promise<number> {
  return serially(`room-${record.code}`, () => revokeMembers(record));
}

async function revokeMembers(record: RoomRecord): Promise<number> {
  const changes = getChanges();
  const members = await readMembers(record.code, Infinity);
  // Their keys, the lines' included, go with their leases; an etcdctl in a line is someone's shell,
  // and keeps its place until it exits.
  for (const m of members) if (m.lease) await changes.revokeIfAlive(m.lease);
  await changes.forgetRoom(record.code);
  state().writes++;
  state().rooms.delete(record.code);
  return members.length;
}

/** Rooms nobody joined or renewed in for DASHBOARD_ROOM_IDLE_MINUTES end, as if the presenter had. */
async function endIdleRooms(now: number): Promise<void> {
  if (readIsStale(now)) await readRooms(now);
  // Read-only changes nothing, idle rooms included: they end once the dashboard may write again.
  if (getConfig().access.readOnly) return;
  placeUnplaced();
  const idleMs = getConfig().rooms.idleMinutes * 60_000;
  for (const room of [...state().rooms.values()])
    if (now - room.lastActivityAt >= idleMs) await closeRoom(room.record);
}
