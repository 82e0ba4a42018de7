import 'server-only';
import { AccessError, InputError, assertWritable } from '@/lib/access/guard';
import { getChanges, getMonitor, getSampler } from '@/lib/server';
import { MAX_CONTENDERS } from '@/lib/sampler/contention';
import { serially } from '@/lib/scenarios/serially';
import { say } from '@/lib/shared/english';
import type {
  LineEntry,
  MemberCredential,
  MemberRole,
  Round,
  RoundKind,
  Schedule,
} from '@/lib/shared/room';
import { newRound, roundOf } from '@/lib/rooms/room-records';
import { isLine, lineKey, lineName, membersPrefix } from '@/lib/rooms/room-keys';
import {
  allowances,
  findRoom,
  placeMembers,
  saveRecord,
  takeHeartbeat,
  verified,
  type OpenRoom,
} from '@/lib/rooms/rooms';

// The presenter's rounds in an open room (lib/shared/room.ts): the election's and the lock's lines
// are clientv3's layout on the members' own leases, so etcdctl joins them as an equal and sees
// what the big screen sees. The round is kept in the room's record; what happens in it, in the
// room's activity (./round-activity.ts).

/**
 * The presenter starts a round: members leave every line and take their places in the new one in
 * the order they joined (./rooms.ts, placeMembers).
 */
export function startRound(code: string, kind: RoundKind): Promise<Round> {
  return serially('rooms', async () => {
    assertWritable();
    const room = await findRoom(code);
    return serially(`room-${room.record.code}`, () =>
      placeMembers(room, newRound(kind, Date.now())),
    );
  });
}

/** The presenter switches how the phones renew in the schedule round. */
export function switchSchedule(code: string, schedule: Schedule, now = Date.now()): Promise<Round> {
  return serially('rooms', async () => {
    assertWritable();
    const room = await findRoom(code);
    const round = roundOf(room.record);
    if (round.kind !== 'schedule')
      throw new InputError('schedule', say('errors.roomNotScheduleRound', { code }));
    const next: Round = { ...round, schedule, scheduleSince: now };
    await saveRecord(room, { ...room.record, round: next });
    room.lastActivityAt = now;
    return next;
  });
}

/**
 * In the lock round, a member releases the lock or leaves the queue (its key goes), or queues again
 * at the back. After the joins and round changes already queued, so it acts in the round it checked.
 */
export async function lockStep(
  member: MemberCredential,
  op: 'release' | 'queue',
  now = Date.now(),
): Promise<MemberRole> {
  assertWritable();
  const room = await verified(member);
  takeHeartbeat(member, now);
  return serially(`room-${room.record.code}`, async () => {
    if (roundOf(room.record).kind !== 'lock')
      throw new InputError('op', say('errors.roomNotLockRound', { code: member.code }));
    const key = lineKey(member.code, 'lock', member.lease);
    if (op === 'release') {
      await getChanges().withdraw(key);
      room.activity.releasedLock(member.lease, Date.now());
    } else {
      await getChanges().contend(member.lease, key, '');
      room.activity.queued(member.lease);
    }
    room.lastActivityAt = Date.now();
    getMonitor().contention.readSoon(`${lineName(member.code, 'lock')}/`);
    return roleOf(room, member.lease, op);
  });
}

/** A member's role once its heartbeat has verified it: the answer to each heartbeat carries it. */
export async function roleAfterHeartbeat(member: MemberCredential): Promise<MemberRole> {
  return roleOf(await findRoom(member.code), member.lease);
}

/**
 * The phone's role in the round, from the dashboard's last readings: no etcd request. Asked
 * between heartbeats only by a phone near the front of a line, where a hand-over is its news.
 */
export async function memberStatus(
  member: MemberCredential,
  now = Date.now(),
): Promise<MemberRole> {
  const room = await verified(member);
  const taken = allowances().statuses.take(`${member.code}/${member.lease}`, now);
  if (!taken.ok)
    throw new AccessError(
      'rate_limited',
      say('errors.tooManyRoomReads', { id: member.lease, retry: taken.retryAfterS }),
    );
  return roleOf(room, member.lease);
}

/**
 * The round's line as etcd was last read (create-revision order: the first leads or holds), with
 * each place named; null outside the election and lock rounds, or before a reading made in this
 * round. Each reading also tells the room's activity who leads now.
 */
export function roundLine(room: OpenRoom): { line: LineEntry[]; more: boolean } | null {
  const round = roundOf(room.record);
  // While members take their places, what is read of the line is neither round's.
  if (!isLine(round.kind) || room.record.unplaced) return null;
  const reading = getMonitor().contention.reading(`${lineName(room.record.code, round.kind)}/`);
  if (!reading || reading.readAt < round.since) return null;
  const prefix = membersPrefix(room.record.code);
  const sampler = getSampler();
  const line = reading.contenders.map((c): LineEntry => {
    // A member whose lease has just gone still has its place until the line is read again.
    const view = c.lease ? sampler.lease(c.lease) : null;
    const keys =
      view?.status === 'alive' ? view.keys : view && 'deletedKeys' in view ? view.deletedKeys : [];
    const key = keys.find((k) => k.startsWith(prefix));
    return key
      ? { name: key.slice(prefix.length), lease: c.lease, member: true }
      : { name: c.value, lease: c.lease, member: false };
  });
  room.activity.observe(line, reading.readAt, (lease) => lastAlive(room, lease));
  return { line, more: reading.contenders.length >= MAX_CONTENDERS };
}

/**
 * The member's role as the last readings show it; `justNow`: what the member itself has just done,
 * which the next reading will show (the phone hears of it at once).
 */
function roleOf(room: OpenRoom, lease: string, justNow?: 'release' | 'queue'): MemberRole {
  const round = roundOf(room.record);
  if (round.kind === 'lease') return { kind: 'lease' };
  if (round.kind === 'schedule')
    return { kind: 'schedule', schedule: round.schedule, scheduleSince: round.scheduleSince };
  const read = roundLine(room);
  const line = (read?.line ?? []).filter((e) => justNow !== 'release' || e.lease !== lease);
  const at = line.findIndex((e) => e.lease === lease);
  const view = getSampler().lease(lease);
  const key = lineKey(room.record.code, round.kind, lease);
  const inLine =
    justNow === 'queue' ||
    at >= 0 ||
    (justNow !== 'release' && view?.status === 'alive' && view.keys.includes(key));
  const first = line[0]?.name ?? null;
  const place = at >= 0 ? at + 1 : null;
  return round.kind === 'election'
    ? { kind: 'election', place, inLine, leader: first }
    : { kind: 'lock', place, inLine, holder: first };
}

/** When the one who led last showed it was alive: its revoke, or its last renewal. */
function lastAlive(room: OpenRoom, lease: string): number | null {
  const view = getSampler().lease(lease);
  if (view?.status === 'revoked') return view.goneAt;
  const renewed = room.activity.lastRenewal(lease);
  if (renewed !== null) return renewed;
  // Not renewed through this replica (an outside client, or before a failover): etcd expired it
  // a granted TTL after its last renewal.
  if (view?.status === 'expired') return view.goneAt - view.grantedTTL * 1000;
  return null;
}
