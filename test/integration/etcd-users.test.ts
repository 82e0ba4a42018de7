import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureEtcd, startEtcd } from '../../scripts/etcd.mjs';
import { versionOf } from '../../scripts/etcd-versions.mjs';
import {
  etcdctlAt,
  leaseAlive,
  rootLease as rootLeaseOf,
  setUpTeam,
  type Etcdctl,
  type Team,
} from '../../e2e/etcd-team';

// DASHBOARD_SIGN_IN=etcd on an etcd with auth enabled, users made with etcdctl: alice may write
// /team-a/, bob may only read it, and the dashboard's own user reads everything and writes only its
// own prefix. Each user's changes go through a client carrying etcd's token for them, so etcd's
// RBAC decides; the sessions are kept in etcd, where a restart finds them.

const VERSION = versionOf(ensureEtcd()) ?? '';
const PASSWORDS: Team = {
  root: 'root-pw-for-tests',
  dashboard: 'dashboard-pw-for-tests',
  alice: 'alice-pw-for-tests',
  bob: 'bob-pw-for-tests',
};
const DASHBOARD = { user: 'dashboard', password: PASSWORDS.dashboard };
const ALICE = { user: 'alice', password: PASSWORDS.alice };
const BOB = { user: 'bob', password: PASSWORDS.bob };
const OWN = '/lease-dashboard/';
let dir: string;
let etcd: Awaited<ReturnType<typeof startEtcd>>;
let asRoot: Etcdctl;

const alive = (id: string) => leaseAlive(asRoot, id);

type Sessions = typeof import('@/lib/access/sessions');
type Cookies = typeof import('@/lib/access/session-cookie');
type Lib = {
  sessions: Sessions;
  cookies: Cookies;
  sessionDigest: typeof import('@/lib/access/session-records').sessionDigest;
  parts: import('@/lib/server').Parts;
  authenticate: typeof import('@/lib/etcd/user-clients').authenticate;
  userClients: typeof import('@/lib/etcd/user-clients').userClients;
  SessionRecords: typeof import('@/lib/access/session-records').SessionRecords;
  currentDashboard: typeof import('@/lib/dashboard/registry').currentDashboard;
};
let lib: Lib;

/** A user's client, as a signed-in session opens it: from the token etcd gave for the password. */
async function signedIn(who: { user: string; password: string }, session: string) {
  const token = await lib.authenticate(who.user, who.password);
  if (!token) throw new Error(`etcd refused ${who.user}`);
  return lib.userClients().for(session, who.user, token, Date.now() + 60_000);
}

describe(`etcd ${VERSION} users sign in, and make their changes as themselves`, () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'lease-dashboard-users-'));
    etcd = await startEtcd({
      dataDir: path.join(dir, 'data'),
      logFile: path.join(dir, 'etcd.log'),
    });
    // The README's set-up, as an operator types it.
    asRoot = await setUpTeam(etcdctlAt(etcd.endpoint), PASSWORDS);
    const registry = await import('@/lib/dashboard/registry');
    const { closeEtcd } = await import('@/lib/etcd/client');
    closeEtcd();
    Object.assign(process.env, {
      ETCD_ENDPOINTS: etcd.endpoint,
      ETCD_USERNAME: DASHBOARD.user,
      ETCD_PASSWORD: DASHBOARD.password,
      DASHBOARD_SIGN_IN: 'etcd',
    });
    registry.resetConfig();
    const { buildParts } = await import('@/lib/server');
    const users = await import('@/lib/etcd/user-clients');
    const { SessionRecords, sessionDigest } = await import('@/lib/access/session-records');
    lib = {
      sessions: await import('@/lib/access/sessions'),
      cookies: await import('@/lib/access/session-cookie'),
      sessionDigest,
      parts: buildParts(registry.getConfig()),
      authenticate: users.authenticate,
      userClients: users.userClients,
      SessionRecords,
      currentDashboard: registry.currentDashboard,
    };
    await lib.parts.sampler.start();
  }, 30_000);

  afterAll(async () => {
    lib?.parts.sampler.stop();
    lib?.parts.changes.closeKeepAliveStream();
    lib?.userClients().closeAll();
    const { closeEtcd } = await import('@/lib/etcd/client');
    const { resetConfig } = await import('@/lib/dashboard/registry');
    closeEtcd();
    for (const v of ['ETCD_USERNAME', 'ETCD_PASSWORD', 'DASHBOARD_SIGN_IN']) delete process.env[v];
    resetConfig();
    await etcd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("checks a user's password with etcd itself", async () => {
    expect(await lib.authenticate(ALICE.user, 'not-her-password')).toBeNull();
    expect(await lib.authenticate('mallory', ALICE.password)).toBeNull();
    expect(await lib.authenticate(ALICE.user, ALICE.password)).toEqual(expect.any(String));
  });

  it('lets alice revoke a lease holding /team-a/ keys, as alice', async () => {
    const id = await rootLeaseOf(asRoot, 60, '/team-a/web-1', '/team-a/web-2');
    const alice = await signedIn(ALICE, 'alice-session');
    const deleted = await lib.parts.changes.revoke(id, undefined, alice);
    expect(deleted.sort()).toEqual(['/team-a/web-1', '/team-a/web-2']);
    expect(await alive(id)).toBe(false);
    expect(await asRoot('get', '--prefix', '/team-a/web-', '--keys-only')).toBe('');
  });

  it("refuses bob's revoke, naming the permission etcd refused, and changes nothing", async () => {
    const id = await rootLeaseOf(asRoot, 60, '/team-a/db-1');
    const bob = await signedIn(BOB, 'bob-session');
    await expect(lib.parts.changes.revoke(id, undefined, bob)).rejects.toMatchObject({
      problem: {
        code: 'permission_denied',
        text: expect.stringMatching(
          /^etcd refused user bob write permission on \/team-a\/db-1: LeaseRevoke needs write permission on every key the lease holds/,
        ),
      },
    });
    expect(await alive(id)).toBe(true);
    expect(await asRoot('get', '/team-a/db-1', '--print-value-only')).toBe('v');
  });

  it("refuses a put outside alice's roles, and grants nothing behind her", async () => {
    const alice = await signedIn(ALICE, 'alice-put');
    const before = await asRoot('lease', 'list');
    await expect(
      lib.parts.changes.grant({ client: 'test', as: alice }, 30, {
        key: '/team-b/x',
        value: 'v',
      }),
    ).rejects.toMatchObject({
      problem: {
        code: 'permission_denied',
        text: expect.stringMatching(/write permission on \/team-b\/x: Put/),
      },
    });
    expect(await asRoot('get', '/team-b/x')).toBe('');
    expect(await asRoot('lease', 'list')).toBe(before);
  });

  it('says a session is over once etcd no longer takes its token', async () => {
    const forgotten = lib
      .userClients()
      .for('forgotten', ALICE.user, 'not-a-token.1', Date.now() + 60_000);
    const id = await rootLeaseOf(asRoot, 60, '/team-a/cache-1');
    await expect(lib.parts.changes.revoke(id, undefined, forgotten)).rejects.toMatchObject({
      problem: { code: 'session_expired' },
    });
    expect(await alive(id)).toBe(true);
  });

  it('keeps sessions in etcd, on leases that end with them, where a restart finds them', async () => {
    const prefix = `${OWN}sessions/users/`;
    const digest = 'a'.repeat(64);
    const expiresAt = Date.now() + 3_600_000;
    const home = lib.currentDashboard();
    const records = new lib.SessionRecords(home, prefix);
    await records.add(digest, JSON.stringify({ user: 'alice', expiresAt }), expiresAt);
    const lease = /"lease":(\d+)/.exec(await asRoot('get', `${prefix}${digest}`, '-w', 'json'));
    expect(lease).not.toBeNull();
    const ttl = await asRoot('lease', 'timetolive', BigInt(lease?.[1] ?? 0).toString(16));
    expect(Number(/remaining\((\d+)s\)/.exec(ttl)?.[1])).toBeGreaterThan(3500);
    // A restart: records read afresh from etcd.
    const restarted = new lib.SessionRecords(home, prefix);
    expect(await restarted.get(digest)).toMatchObject({ expiresAt });
    await restarted.remove(digest);
    expect(await asRoot('get', `${prefix}${digest}`)).toBe('');
    expect(await new lib.SessionRecords(home, prefix).get(digest)).toBeNull();
  });

  it("refuses bob's keep-alive switch on alice's team's lease as a revoke would be, changing nothing", async () => {
    const id = await rootLeaseOf(asRoot, 60, '/team-a/queue-1');
    const lease = await lib.parts.changes.aliveLease(id);
    const before = await asRoot('get', '/team-a/queue-1', '-w', 'json');
    const bob = await signedIn(BOB, 'bob-keep-alive');
    await expect(lib.parts.changes.assertMayWrite(lease, bob)).rejects.toMatchObject({
      problem: {
        code: 'permission_denied',
        text: expect.stringMatching(
          /^etcd refused user bob write permission on \/team-a\/queue-1: keep-alive needs write permission on every key the lease holds/,
        ),
      },
    });
    const alice = await signedIn(ALICE, 'alice-keep-alive');
    await lib.parts.changes.assertMayWrite(lease, alice);
    // The check wrote nothing: the key is as it was, at the same revision.
    const after = await asRoot('get', '/team-a/queue-1', '-w', 'json');
    expect(/"mod_revision":(\d+)/.exec(after)?.[1]).toBe(/"mod_revision":(\d+)/.exec(before)?.[1]);
  });

  it('takes a session only with the etcd token it was given: another token in its cookie is no session', async () => {
    const id = lib.cookies.newSessionId();
    const aliceToken = (await lib.authenticate(ALICE.user, ALICE.password)) ?? '';
    const bobToken = (await lib.authenticate(BOB.user, BOB.password)) ?? '';
    const digest = lib.sessionDigest(id);
    await lib.sessions.addUserSession(digest, 'alice', aliceToken, Date.now() + 3_600_000);
    expect(await lib.sessions.userSession(lib.cookies.userCookie(id, aliceToken))).toMatchObject({
      user: 'alice',
    });
    expect(await lib.sessions.userSession(lib.cookies.userCookie(id, bobToken))).toBeNull();
    await lib.sessions.endUserSession(digest);
    expect(await lib.sessions.userSession(lib.cookies.userCookie(id, aliceToken))).toBeNull();
    expect(await asRoot('get', '--prefix', `${OWN}sessions/users/${digest}`)).toBe('');
  });
});
