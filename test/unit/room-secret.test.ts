import { describe, expect, it } from 'vitest';
import { isMemberSecret, memberSecret, newRoomKey } from '@/lib/rooms/member-secret';

describe("a room member's secret", () => {
  const key = newRoomKey();
  const mei = { code: 'ABCDEF', name: 'Mei', lease: '0000000000000001' };
  const secret = memberSecret(key, mei.code, mei.name, mei.lease);

  it('proves the member it was made for', () => {
    expect(isMemberSecret(key, { ...mei, secret })).toBe(true);
  });

  it('proves nothing for another lease, name, room or key', () => {
    expect(isMemberSecret(key, { ...mei, lease: '0000000000000002', secret })).toBe(false);
    expect(isMemberSecret(key, { ...mei, name: 'Bo', secret })).toBe(false);
    expect(isMemberSecret(key, { ...mei, code: 'ABCDEG', secret })).toBe(false);
    expect(isMemberSecret(newRoomKey(), { ...mei, secret })).toBe(false);
    expect(isMemberSecret(key, { ...mei, secret: '' })).toBe(false);
    expect(isMemberSecret(key, { ...mei, secret: secret.slice(1) })).toBe(false);
  });
});
