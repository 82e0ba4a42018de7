import { describe, expect, it } from 'vitest';
import { RateLimit } from '@/lib/access/rate-limit';
import { isSession, sameSecret, sessionValue } from '@/lib/access/session-cookie';
import { ConfigError, parseAccess } from '@/lib/config/env';

describe('RateLimit', () => {
  it('allows `limit` events in any minute per client, then says how long to wait', () => {
    const limit = new RateLimit(2);
    expect(limit.take('a', 0).ok).toBe(true);
    expect(limit.take('a', 10_000).ok).toBe(true);
    expect(limit.take('a', 20_000)).toEqual({ ok: false, retryAfterS: 40 });
    expect(limit.take('b', 20_000).ok).toBe(true);
    expect(limit.take('a', 60_001).ok).toBe(true);
  });
});

describe('sessions', () => {
  it('carry an HMAC of the token, never the token, and compare equal only to it', () => {
    const token = 'a-token-of-at-least-16-characters';
    const value = sessionValue(token);
    expect(value).not.toContain(token);
    expect(isSession(value, token)).toBe(true);
    expect(isSession(value, `${token}x`)).toBe(false);
    expect(isSession(undefined, token)).toBe(false);
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abcd')).toBe(false);
  });
});

describe('access settings', () => {
  it('default to a dashboard anyone on it may change', () => {
    expect(parseAccess({})).toEqual({
      readOnly: false,
      keyPrefix: null,
      token: null,
      protectReads: false,
      grantsPerMinute: 60,
      trustProxy: false,
    });
  });

  it.each([
    [{ DASHBOARD_READ_ONLY: 'yes' }, 'DASHBOARD_READ_ONLY must be true or false, not "yes"'],
    [{ DASHBOARD_TOKEN: 'short' }, /^DASHBOARD_TOKEN is too short/],
    [{ DASHBOARD_PROTECT_READS: 'true' }, /needs DASHBOARD_TOKEN/],
    [{ DASHBOARD_GRANTS_PER_MINUTE: '0' }, /^DASHBOARD_GRANTS_PER_MINUTE must be a whole number/],
    [{ DASHBOARD_KEY_PREFIX: '/a\nb' }, /^DASHBOARD_KEY_PREFIX must be printable/],
  ])('explain a bad value, naming the variable: %j', (env, message) => {
    expect(() => parseAccess(env)).toThrow(ConfigError);
    expect(() => parseAccess(env)).toThrow(message);
  });
});
