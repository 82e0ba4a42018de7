import 'server-only';
import { getConfig } from '@/lib/dashboard/registry';
import { allLeases } from '@/lib/api/responses';
import { openRooms } from '@/lib/rooms/rooms';
import { roundLine } from '@/lib/rooms/room-rounds';
import { isLine, lineName, membersPrefix } from '@/lib/rooms/room-keys';
import { roundOf } from '@/lib/rooms/room-records';
import type { GoneMember, RoomMember, RoomsResponse } from '@/lib/shared/room';

// What the big screen shows of each open room: its members as the sampler last read their leases
// (no etcd request per viewer), never the room's signing key.

/** Departures the big screen names at once; older ones are in the event log. */
const MAX_GONE_SHOWN = 8;

export const joinPath = (code: string) => `/join/${code}`;

export async function roomsView(): Promise<RoomsResponse> {
  const open = await openRooms();
  const { leases, now } = await allLeases();
  const { maxMembers } = getConfig().rooms;
  return {
    now,
    rooms: open.map((room) => {
      const { record, activity } = room;
      const prefix = membersPrefix(record.code);
      const members: RoomMember[] = [];
      const gone: GoneMember[] = [];
      for (const lease of leases) {
        if (lease.status === 'expired' || lease.status === 'revoked') {
          const key = lease.deletedKeys.find((k) => k.startsWith(prefix));
          if (key && lease.goneAt >= record.createdAt)
            gone.push({
              name: key.slice(prefix.length),
              lease: lease.id,
              how: lease.status,
              goneAt: lease.goneAt,
            });
          continue;
        }
        // A member shows once its lease is read: its tile counts down from etcd's reading.
        if (lease.status !== 'alive') continue;
        for (const key of lease.keys)
          if (key.startsWith(prefix))
            members.push({
              name: key.slice(prefix.length),
              key,
              lease: lease.id,
              grantedTTL: lease.grantedTTL,
              ttl: lease.ttl,
              readAt: lease.readAt,
              silences: activity.silences(lease.id),
            });
      }
      members.sort((a, b) => a.name.localeCompare(b.name));
      const round = roundOf(record);
      const read = roundLine(room);
      return {
        code: record.code,
        joinPath: joinPath(record.code),
        ttl: record.ttl,
        maxMembers,
        createdAt: record.createdAt,
        membersPrefix: prefix,
        members,
        gone: gone.sort((a, b) => b.goneAt - a.goneAt).slice(0, MAX_GONE_SHOWN),
        round,
        lineName: isLine(round.kind) ? lineName(record.code, round.kind) : null,
        line: read?.line ?? null,
        lineMore: read?.more ?? false,
        handovers: activity.handovers(),
      };
    }),
  };
}
