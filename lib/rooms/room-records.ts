import 'server-only';
import { z } from 'zod';
import { jsonValue } from '@/lib/shared/json-value';
import { roundSchema, type Round, type RoundKind } from '@/lib/shared/room';

// The record of an open room, kept in etcd under the dashboard's own prefix (a reserved folder, so
// nobody writes it through the dashboard): a follower passes every request to the leader, and a
// new leader after a failover finds the rooms, and their signing keys, there.

export const roomRecordSchema = z.object({
  code: z.string(),
  /** signs the members' secrets (./member-secret.ts) */
  key: z.string(),
  createdAt: z.number(),
  ttl: z.number(),
  /** the presenter's round; a record written before rounds existed is in the first one */
  round: roundSchema.optional(),
  /**
   * The members were still taking their places in the round when this was written: a dashboard
   * that restarts or leads next and finds it so places them again (../rooms/rooms.ts).
   */
  unplaced: z.boolean().optional(),
});
export type RoomRecord = z.infer<typeof roomRecordSchema>;

/** A round starting at `at`, its phones renewing every TTL/3. */
export const newRound = (kind: RoundKind, at: number): Round => ({
  kind,
  since: at,
  schedule: 'third',
  scheduleSince: at,
});

export const roundOf = (record: RoomRecord): Round =>
  record.round ?? newRound('lease', record.createdAt);

/** A record's value is small: anything larger under the folder is not one of ours. */
export const MAX_ROOM_RECORD_BYTES = 1024;

export const roomsFolder = (ownPrefix: string) => `${ownPrefix}rooms/`;
export const roomRecordKey = (ownPrefix: string, code: string) =>
  `${roomsFolder(ownPrefix)}${code}`;

/** The records among the values read under the folder; anything else is left alone. */
export function parseRoomRecords(ownPrefix: string, values: Map<string, string>): RoomRecord[] {
  const records: RoomRecord[] = [];
  for (const [key, value] of values) {
    const record = jsonValue(value, roomRecordSchema);
    if (record && key === roomRecordKey(ownPrefix, record.code)) records.push(record);
  }
  return records;
}
