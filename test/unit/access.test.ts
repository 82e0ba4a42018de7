import { describe, expect, it } from 'vitest';
import { RateLimit } from '@/lib/access/rate-limit';
import {
  newSession,
  readSession,
  readUserCookie,
  sameSecret,
  userCookie,
} from '@/lib/access/session-cookie';
import { ConfigError, parseAccess } from '@/lib/config/env';
import { leaseScopeProblem } from '@/lib/access/scope';
import { isAllowedHost } from '@/lib/shared/hosts';
import { malformedAction } from '@/lib/access/action-bodies';
import { SHARED_CLIENT, UNKNOWN_CLIENT, clientOf } from '@/lib/access/client-address';

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
  const token = 'a-token-of-at-least-16-characters';
  const T0 = 1_700_000_000_000;

  it('each have their own ID and expiry, signed with the token, never carrying it', () => {
    const a = newSession(token, T0);
    const b = newSession(token, T0);
    expect(a.value).not.toBe(b.value);
    expect(a.value).not.toContain(token);
    expect(readSession(a.value, token, T0)).toEqual(a.session);
    expect(readSession(a.value, `${token}x`, T0)).toBeNull();
    expect(readSession(undefined, token, T0)).toBeNull();
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abcd')).toBe(false);
  });

  it('refuse a cookie whose ID or expiry was changed, or that has expired', () => {
    const { value, session } = newSession(token, T0);
    const [id, expires, signature] = value.split('.');
    expect(readSession(`${id}.${Number(expires) + 3600_000}.${signature}`, token, T0)).toBeNull();
    expect(readSession(`x${id}.${expires}.${signature}`, token, T0)).toBeNull();
    expect(readSession(value, token, session.expiresAt)).toBeNull();
    expect(readSession(value, token, session.expiresAt - 1)).not.toBeNull();
  });

  it("as an etcd user carry the session's ID and etcd's token, and nothing else", () => {
    const id = 'AAAAAAAAAAAAAAAAAAAAAA';
    const etcdToken = 'QzYxVbnMkFRJsYHG.42';
    const value = userCookie(id, etcdToken);
    expect(readUserCookie(value)).toEqual({ id, token: etcdToken });
    expect(readUserCookie(`${value}.x`)).toBeNull();
    expect(readUserCookie(`short.${value.split('.')[1]}`)).toBeNull();
    expect(readUserCookie(undefined)).toBeNull();
  });
});

describe('access settings', () => {
  it('default to a dashboard anyone on it may change', () => {
    expect(parseAccess({})).toEqual({
      readOnly: false,
      keyPrefix: null,
      signIn: 'open',
      token: null,
      protectReads: false,
      grantsPerMinute: 60,
      trustProxy: 0,
    });
  });

  it.each([
    [{ DASHBOARD_READ_ONLY: 'yes' }, 'DASHBOARD_READ_ONLY must be true or false, not "yes"'],
    [{ DASHBOARD_TOKEN: 'short' }, /^DASHBOARD_TOKEN is too short/],
    [{ DASHBOARD_PROTECT_READS: 'true' }, /needs a way to sign in: DASHBOARD_TOKEN/],
    [{ DASHBOARD_SIGN_IN: 'token' }, /DASHBOARD_SIGN_IN=token needs DASHBOARD_TOKEN/],
    [{ DASHBOARD_SIGN_IN: 'ldap' }, /^DASHBOARD_SIGN_IN must be token .* or etcd/],
    [{ DASHBOARD_GRANTS_PER_MINUTE: '0' }, /^DASHBOARD_GRANTS_PER_MINUTE must be a whole number/],
    [{ DASHBOARD_KEY_PREFIX: '/a\nb' }, /^DASHBOARD_KEY_PREFIX must be printable/],
    [
      { DASHBOARD_KEY_PREFIX: '/demo' },
      'DASHBOARD_KEY_PREFIX must end with / (like /demo/): "/demo" would also let the dashboard write /demo-prod/... and anything else that starts with it',
    ],
  ])('explain a bad value, naming the variable: %j', (env, message) => {
    expect(() => parseAccess(env)).toThrow(ConfigError);
    expect(() => parseAccess(env)).toThrow(message);
  });
});

describe('DASHBOARD_SIGN_IN', () => {
  const TOKEN = 'a-token-of-at-least-16-characters';
  it('is open without a token, the token with one, and etcd users when asked', () => {
    expect(parseAccess({}).signIn).toBe('open');
    expect(parseAccess({ DASHBOARD_TOKEN: TOKEN }).signIn).toBe('token');
    expect(parseAccess({ DASHBOARD_SIGN_IN: 'etcd' }).signIn).toBe('etcd');
    expect(
      parseAccess({ DASHBOARD_SIGN_IN: 'etcd', DASHBOARD_PROTECT_READS: 'true' }),
    ).toMatchObject({ signIn: 'etcd', protectReads: true });
  });
});

describe('DASHBOARD_TRUST_PROXY', () => {
  const proxies = (raw: string | undefined) =>
    parseAccess({ DASHBOARD_TRUST_PROXY: raw }).trustProxy;

  it('is true for one proxy, a whole number for several, and off by default', () => {
    expect([undefined, '', 'false', '0', ' FALSE '].map(proxies)).toEqual([0, 0, 0, 0, 0]);
    expect(['true', 'True', '1'].map(proxies)).toEqual([1, 1, 1]);
    expect(proxies('2')).toBe(2);
    expect(proxies(' 10 ')).toBe(10);
  });

  it.each(['yes', '-1', '1.5', '2 hops', '11', '0x2'])('refuses %j, naming itself', (raw) => {
    expect(() => proxies(raw)).toThrow(ConfigError);
    expect(() => proxies(raw)).toThrow(
      `DASHBOARD_TRUST_PROXY must be true (one proxy in front of the dashboard), the number of proxies from 0 to 10, or false, not "${raw}"`,
    );
  });
});

describe('the client a request counts against', () => {
  it('is every client alike with no trusted proxy, whatever X-Forwarded-For says', () => {
    expect(clientOf('198.51.100.7', 0)).toBe(SHARED_CLIENT);
    expect(clientOf(null, 0)).toBe(SHARED_CLIENT);
  });

  it('behind one proxy is the entry it appended: the rightmost, not what the client wrote', () => {
    // nginx's $proxy_add_x_forwarded_for: the client's own header, then the address nginx saw.
    expect(clientOf('10.9.9.1, 203.0.113.5', 1)).toBe('203.0.113.5');
    expect(clientOf('10.9.9.2,203.0.113.5', 1)).toBe('203.0.113.5');
    expect(clientOf('anything, at, all ,203.0.113.5', 1)).toBe('203.0.113.5');
    // nginx's $remote_addr (docs/deploy/nginx.conf): the one entry.
    expect(clientOf('203.0.113.5', 1)).toBe('203.0.113.5');
  });

  it('behind several is the entry the outermost appended, counted from the right', () => {
    expect(clientOf('10.9.9.1, 203.0.113.5, 10.0.0.2', 2)).toBe('203.0.113.5');
    expect(clientOf('203.0.113.5, 10.0.0.2', 2)).toBe('203.0.113.5');
    expect(clientOf('a, b, 203.0.113.5, 10.0.0.2, 10.0.0.3', 3)).toBe('203.0.113.5');
  });

  it('is one shared unknown client when the request did not come through every proxy', () => {
    expect(clientOf('10.0.0.2', 2)).toBe(UNKNOWN_CLIENT);
    expect(clientOf(null, 1)).toBe(UNKNOWN_CLIENT);
    expect(clientOf('', 1)).toBe(UNKNOWN_CLIENT);
    expect(clientOf('203.0.113.5, ', 1)).toBe(UNKNOWN_CLIENT);
  });
});

describe('the key prefix rule for renewing, keeping alive and revoking', () => {
  const lease = (keys: string[], keysHidden: string | null = null) => ({
    id: '694d9a1b2c3d4e5f',
    keys,
    keysHidden,
  });

  it('allows a lease whose keys are all under the prefix', () => {
    expect(leaseScopeProblem('/demo/', lease(['/demo/a', '/demo/b']), false)).toBeNull();
  });

  it('refuses a lease with any key outside it, even one the dashboard granted', () => {
    expect(leaseScopeProblem('/demo/', lease(['/demo/a', '/prod/db-leader']), true)).toMatch(
      /^lease 694d9a1b2c3d4e5f holds keys outside \/demo\/ \(\/prod\/db-leader\)/,
    );
  });

  it('allows a keyless lease only if the dashboard granted it', () => {
    expect(leaseScopeProblem('/demo/', lease([]), true)).toBeNull();
    expect(leaseScopeProblem('/demo/', lease([]), false)).toMatch(
      /holds no keys under \/demo\/ and was not granted by this dashboard/,
    );
  });

  it('refuses a lease whose keys cannot be listed', () => {
    expect(leaseScopeProblem('/demo/', lease([], 'etcd would not list them'), true)).toMatch(
      /keys cannot be listed/,
    );
  });
});

describe('the names the dashboard answers to', () => {
  it('are loopback names, HOST, DASHBOARD_URL and DASHBOARD_ALLOWED_HOSTS, whatever the port', () => {
    const env = {
      HOST: '0.0.0.0',
      DASHBOARD_URL: 'https://leases.example.com/',
      DASHBOARD_ALLOWED_HOSTS: '10.0.0.5, Dash.Internal',
    };
    for (const host of [
      'localhost:3000',
      '127.0.0.1:3100',
      '[::1]:3000',
      'leases.example.com',
      '10.0.0.5:8080',
      'dash.internal',
    ])
      expect(isAllowedHost(host, env), host).toBe(true);
  });

  it('refuse any other name, a missing Host, and one that is not a host at all', () => {
    for (const host of [
      'evil.example',
      'evil.example:3000',
      '0.0.0.0:3000',
      null,
      'a/b',
      'u@localhost',
    ])
      expect(isAllowedHost(host, { HOST: '0.0.0.0' }), String(host)).toBe(false);
  });
});

describe('server action bodies', () => {
  const post = (body: string, type = 'text/plain;charset=UTF-8') =>
    new Request('http://localhost/', {
      method: 'POST',
      headers: { 'Content-Type': type, 'Next-Action': 'x' },
      body,
    });

  it('let through what React sends', async () => {
    expect(
      await malformedAction(post(JSON.stringify([{ leaseId: '694d9a1b2c3d4e5f' }]))),
    ).toBeNull();
    expect(await malformedAction(post('["$undefined", "$$literal"]'))).toBeNull();
  });

  it.each([
    ['not JSON', '{leaseId:'],
    ['truncated', '[{"leaseId":"694d'],
    ['not a list', '{"leaseId":"694d9a1b2c3d4e5f"}'],
    ['20,000 nested arrays', `${'['.repeat(20_000)}${']'.repeat(20_000)}`],
    ['an unknown reference', '["$F1"]'],
  ])('refuse %s with a 400', async (_, body) => {
    expect(await malformedAction(post(body))).toMatchObject({ status: 400 });
  });

  it('refuse a body over 1 MB, and what React never sends', async () => {
    const big = JSON.stringify([{ value: 'x'.repeat(1024 * 1024) }]);
    expect(await malformedAction(post(big))).toMatchObject({ status: 413 });
    expect(await malformedAction(post('{}', 'application/json'))).toMatchObject({ status: 415 });
  });
});
