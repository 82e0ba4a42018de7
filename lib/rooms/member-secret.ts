import 'server-only';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// A member proves it is the member by a signature over its room, name and lease, made with the
// room's own key (kept in etcd with the room, so every replica checks it alike). Nothing per member
// is stored, and a phone cannot sign for a lease that is not its own.

/** A room's signing key: random, base64url. */
export const newRoomKey = (): string => randomBytes(32).toString('base64url');

const signed = (key: string, code: string, name: string, lease: string) =>
  createHmac('sha256', Buffer.from(key, 'base64url'))
    .update(`${code}\n${name}\n${lease}`)
    .digest('base64url');

export function memberSecret(key: string, code: string, name: string, lease: string): string {
  return signed(key, code, name, lease);
}

/** Whether `secret` is the room's signature for this member, compared in constant time. */
export function isMemberSecret(
  key: string,
  member: { code: string; name: string; lease: string; secret: string },
): boolean {
  const expected = Buffer.from(signed(key, member.code, member.name, member.lease));
  const given = Buffer.from(member.secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
