import { describe, expect, it } from 'vitest';
import { parseRooms } from '@/lib/config/env';

describe("the audience rooms' bounds", () => {
  it('default to 200 members a room, 5 rooms, 10 s leases, 30 idle minutes', () => {
    expect(parseRooms({})).toEqual({
      maxMembers: 200,
      maxRooms: 5,
      ttl: 10,
      idleMinutes: 30,
      joinsPerMinute: 10,
      heartbeatsPerMinute: 60,
    });
  });

  it('take each variable', () => {
    expect(
      parseRooms({
        DASHBOARD_ROOM_MAX_MEMBERS: '30',
        DASHBOARD_ROOM_MAX_ROOMS: '2',
        DASHBOARD_ROOM_TTL: ' 15 ',
        DASHBOARD_ROOM_IDLE_MINUTES: '5',
        DASHBOARD_ROOM_JOINS_PER_MINUTE: '3',
        DASHBOARD_ROOM_HEARTBEATS_PER_MINUTE: '20',
      }),
    ).toEqual({
      maxMembers: 30,
      maxRooms: 2,
      ttl: 15,
      idleMinutes: 5,
      joinsPerMinute: 3,
      heartbeatsPerMinute: 20,
    });
  });

  it.each([
    ['DASHBOARD_ROOM_MAX_MEMBERS', '0', 'from 1 to 10000'],
    ['DASHBOARD_ROOM_MAX_ROOMS', 'many', 'from 1 to 100'],
    ['DASHBOARD_ROOM_TTL', '2', 'from 5 to 300'],
    ['DASHBOARD_ROOM_IDLE_MINUTES', '1.5', 'from 1 to 1440'],
    ['DASHBOARD_ROOM_JOINS_PER_MINUTE', '-1', 'from 1 to 10000'],
    ['DASHBOARD_ROOM_HEARTBEATS_PER_MINUTE', '1e6', 'from 1 to 10000'],
  ])('%s=%s is refused by name', (variable, value, range) =>
    expect(() => parseRooms({ [variable]: value })).toThrow(
      `${variable} must be a whole number ${range}, not "${value}"`,
    ),
  );
});
