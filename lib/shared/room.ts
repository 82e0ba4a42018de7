// An audience room's words and shapes, shared by the server and the phone's page: room codes, the
// member names a phone may take, and what join, heartbeat and the presenter's view answer.
import { z } from 'zod';

/** Letters and digits nobody confuses read off a big screen (no 0/O, 1/I/L). */
export const ROOM_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const ROOM_CODE_LENGTH = 6;
/** A member's name, in characters (code points), once cleaned. */
export const MAX_NAME_CHARS = 20;

const CODE = new RegExp(`^[${ROOM_CODE_ALPHABET}]{${ROOM_CODE_LENGTH}}$`);

/** A room code as typed (any case, spaces around): the code, or null when it cannot be one. */
export function parseRoomCode(input: string): string | null {
  const code = input.trim().toUpperCase();
  return CODE.test(code) ? code : null;
}

/** A new room code from `random` bytes (crypto on the server). */
export function roomCodeFrom(random: Uint8Array): string {
  let code = '';
  for (const byte of random.slice(0, ROOM_CODE_LENGTH))
    code += ROOM_CODE_ALPHABET[byte % ROOM_CODE_ALPHABET.length];
  if (code.length < ROOM_CODE_LENGTH) throw new Error('a room code needs more random bytes');
  return code;
}

/**
 * A name as a phone typed it, made fit for a key and a tile: no control or format characters, no
 * `/` (it would nest the key), spaces collapsed, cut to MAX_NAME_CHARS. Null when nothing is left.
 */
export function cleanMemberName(input: string): string | null {
  const cleaned = input
    .normalize('NFC')
    .replace(/[\p{C}/\\]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
  const chars = Array.from(cleaned).slice(0, MAX_NAME_CHARS);
  const name = chars.join('').trim();
  return name === '' ? null : name;
}

/** `name`, or with a number after it when another member has it ("Mei 2"), still within bounds. */
export function uniqueMemberName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let n = 2; ; n++) {
    const suffix = ` ${n}`;
    const base = Array.from(name)
      .slice(0, MAX_NAME_CHARS - suffix.length)
      .join('')
      .trim();
    const candidate = `${base}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

const ADJECTIVES = ['Swift', 'Calm', 'Brave', 'Quiet', 'Lucky', 'Bright', 'Clever', 'Jolly'];
const ANIMALS = ['Otter', 'Heron', 'Panda', 'Lynx', 'Fox', 'Koala', 'Robin', 'Yak'];

/** A name to offer a phone that has not typed one, from `pick` (a random number in [0, 1)). */
export function suggestMemberName(taken: ReadonlySet<string>, pick: () => number): string {
  const word = (list: string[]) => list[Math.floor(pick() * list.length)] ?? list[0] ?? '';
  return uniqueMemberName(`${word(ADJECTIVES)} ${word(ANIMALS)}`, taken);
}

export const roomCodeSchema = z
  .string({ error: 'Room code is required' })
  .max(32, 'Room code is too long')
  .transform((s, ctx) => {
    const code = parseRoomCode(s);
    if (code) return code;
    ctx.addIssue({ code: 'custom', message: 'This is not a room code' });
    return z.NEVER;
  });

/** What the phone keeps to prove it is the member: its lease, its name, and the server's signature. */
export const memberCredentialSchema = z.strictObject({
  code: roomCodeSchema,
  lease: z.string().regex(/^[0-9a-f]{16}$/, 'Lease must be 16 hex digits'),
  name: z.string().max(64, 'Name is too long'),
  secret: z.string().max(128, 'Secret is too long'),
});
export type MemberCredential = z.infer<typeof memberCredentialSchema>;

/** How a phone sends its credential when it asks its role (GET /api/rooms/<code>/role). */
export const MEMBER_HEADERS = {
  lease: 'x-room-lease',
  name: 'x-room-name',
  secret: 'x-room-secret',
} as const;

/** What a member may do in the lock round besides leaving: release the lock, or queue again. */
export const lockInputSchema = z.strictObject({
  member: memberCredentialSchema,
  op: z.enum(['release', 'queue'], { error: 'Op must be release or queue' }),
});

export const joinInputSchema = z.strictObject({
  code: roomCodeSchema,
  name: z.string({ error: 'Name is required' }).max(200, 'Name is too long'),
});

/**
 * The rounds a presenter runs: everyone holds a lease; the members campaign in an election or queue
 * for a lock on clientv3's layout (`etcdctl elect -l`, `etcdctl lock` join as equals); or the
 * phones renew on a schedule the presenter switches.
 */
export const ROUND_KINDS = ['lease', 'election', 'lock', 'schedule'] as const;
export const roundKindSchema = z.enum(ROUND_KINDS, {
  error: 'Round must be one of: lease, election, lock, schedule',
});
export type RoundKind = z.infer<typeof roundKindSchema>;

/** How the phones renew in the schedule round: every TTL/3 as clientv3 does, or missing one beat. */
export const SCHEDULES = ['third', 'missOne'] as const;
export const scheduleSchema = z.enum(SCHEDULES, { error: 'Schedule must be third or missOne' });
export type Schedule = z.infer<typeof scheduleSchema>;

export const roundSchema = z.object({
  kind: roundKindSchema,
  /** epoch ms the round started */
  since: z.number(),
  schedule: scheduleSchema,
  /** epoch ms the schedule was last switched: a phone misses one beat per switch to missOne */
  scheduleSince: z.number(),
});
export type Round = z.infer<typeof roundSchema>;

export const presenterInputSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('start') }),
  z.strictObject({ op: z.literal('end'), code: roomCodeSchema }),
  z.strictObject({ op: z.literal('round'), code: roomCodeSchema, round: roundKindSchema }),
  z.strictObject({ op: z.literal('schedule'), code: roomCodeSchema, schedule: scheduleSchema }),
]);

/** The seconds a phone waits between renewals: clientv3's TTL/3, in whole seconds. */
export const renewEvery = (ttl: number) => Math.max(1, Math.floor(ttl / 3));

/** A member's lease after a join or a heartbeat: etcd's TTL answer and when it was given. */
export const memberLeaseSchema = z.object({
  lease: z.string(),
  grantedTTL: z.number(),
  ttl: z.number(),
  at: z.number(),
});

/** A member's part in the room's round, as the phone shows it. */
export const memberRoleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('lease') }),
  z.object({
    kind: z.literal('election'),
    /** 1 leads; null when not in the line, or too far down it to be read */
    place: z.number().nullable(),
    inLine: z.boolean(),
    leader: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('lock'),
    /** 1 holds the lock; null when not queued, or too far down the queue to be read */
    place: z.number().nullable(),
    inLine: z.boolean(),
    holder: z.string().nullable(),
  }),
  z.object({ kind: z.literal('schedule'), schedule: scheduleSchema, scheduleSince: z.number() }),
]);
export type MemberRole = z.infer<typeof memberRoleSchema>;

/** A heartbeat's answer: the lease renewed, and the member's role in the round if it could be told. */
export type Heartbeat = MemberLease & { role: MemberRole | null };

export const joinResultSchema = memberLeaseSchema.extend({
  credential: memberCredentialSchema,
  key: z.string(),
});
export type JoinResult = z.infer<typeof joinResultSchema>;
export type MemberLease = z.infer<typeof memberLeaseSchema>;

/** A member as the big screen shows it: its key and lease, and etcd's last reading of the lease. */
export const roomMemberSchema = z.object({
  name: z.string(),
  key: z.string(),
  lease: z.string(),
  grantedTTL: z.number(),
  /** remaining TTL at `readAt` */
  ttl: z.number(),
  readAt: z.number(),
  /**
   * The longest time between two of its renewals (or its join and first renewal) while each
   * schedule was on, in ms: what the schedule round's tiles judge. Null: not measured yet.
   */
  silences: z.object({ third: z.number().nullable(), missOne: z.number().nullable() }),
});
export type RoomMember = z.infer<typeof roomMemberSchema>;

/** A member whose lease the dashboard saw go, named for the big screen. */
export const goneMemberSchema = z.object({
  name: z.string(),
  lease: z.string(),
  how: z.enum(['expired', 'revoked']),
  goneAt: z.number(),
});
export type GoneMember = z.infer<typeof goneMemberSchema>;

/** One place in the election's or the lock's line, in create-revision order. */
export const lineEntrySchema = z.object({
  /** the member's name, or the value an outside candidate proposed */
  name: z.string(),
  lease: z.string(),
  /** false for a client that is not a member of the room (`etcdctl elect`, `etcdctl lock`) */
  member: z.boolean(),
});
export type LineEntry = z.infer<typeof lineEntrySchema>;

/** A change of the election's leader (or the lock's holder) the dashboard saw. */
export const handoverSchema = z.object({
  from: z.string(),
  to: z.string().nullable(),
  at: z.number(),
  /**
   * ms from the last sign of life of the one who led (its last renewal, or its revoke) until the
   * next took over: how long no live process led. Null when that is not known (an outside client).
   */
  leaderlessMs: z.number().nullable(),
});
export type Handover = z.infer<typeof handoverSchema>;

export const roomViewSchema = z.object({
  code: z.string(),
  /** the phone's page, from the dashboard's root */
  joinPath: z.string(),
  ttl: z.number(),
  maxMembers: z.number(),
  createdAt: z.number(),
  membersPrefix: z.string(),
  members: z.array(roomMemberSchema),
  /** the latest leases gone, newest first, while the dashboard still remembers them */
  gone: z.array(goneMemberSchema),
  round: roundSchema,
  /** the election's or the lock's name, for `etcdctl elect -l NAME` or `etcdctl lock NAME` */
  lineName: z.string().nullable(),
  /** who leads or holds first, as etcd was last read; null outside those rounds or before a read */
  line: z.array(lineEntrySchema).nullable(),
  /** the line goes on past what was read */
  lineMore: z.boolean(),
  handovers: z.array(handoverSchema),
});
export type RoomView = z.infer<typeof roomViewSchema>;

export const roomsResponseSchema = z.object({ now: z.number(), rooms: z.array(roomViewSchema) });
export type RoomsResponse = z.infer<typeof roomsResponseSchema>;
