import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureEtcd, startEtcd } from '../../scripts/etcd.mjs';
import { versionOf } from '../../scripts/etcd-versions.mjs';
import { waitFor } from './helpers';

// What etcd checks on lease requests for a user who may not read or write every key on the lease.
// The dashboard runs as a user confined to /demo/; root puts a lease with a key outside it.
// LeaseRevoke needs write permission on every key, on both versions tested. TimeToLive with keys
// needs read permission on every key only since 3.4.26 and 3.5.9 (the fix for CVE-2023-32082):
// Debian's 3.4.23 lists them, so that test runs on 3.5 only.

const VERSION = versionOf(ensureEtcd()) ?? '';
const CHECKS_TIME_TO_LIVE = /^3\.(5|[6-9])\./.test(VERSION);
const ROOT = 'root:root-pw-for-tests';
const USER = 'demo';
const PASSWORD = 'demo-pw-for-tests';
const run = promisify(execFile);
let dir: string;
let etcd: Awaited<ReturnType<typeof startEtcd>>;

const etcdctl = async (...args: string[]) =>
  (
    await run('etcdctl', ['--endpoints', etcd.endpoint, ...args], {
      env: { ...process.env, ETCDCTL_API: '3' },
    })
  ).stdout.trim();
const asRoot = (...args: string[]) => etcdctl('--user', ROOT, ...args);

/** root's lease with these keys: its hex ID. */
async function rootLease(...keys: string[]): Promise<string> {
  const id = /lease ([0-9a-f]+) granted/.exec(await asRoot('lease', 'grant', '60'))?.[1] ?? '';
  for (const key of keys) await asRoot('put', key, 'v', '--lease', id);
  return id.padStart(16, '0');
}

let lib: {
  sampler: import('@/lib/sampler/lease-sampler').LeaseSampler;
  revokeLease: typeof import('@/lib/etcd/leases').revokeLease;
};

describe(`etcd ${VERSION} checks lease requests against the user's keys`, () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'lease-dashboard-perm-'));
    etcd = await startEtcd({
      dataDir: path.join(dir, 'data'),
      logFile: path.join(dir, 'etcd.log'),
    });
    await etcdctl('user', 'add', ROOT);
    await etcdctl('user', 'grant-role', 'root', 'root');
    await etcdctl('user', 'add', `${USER}:${PASSWORD}`);
    await etcdctl('role', 'add', 'demo-rw');
    await etcdctl('role', 'grant-permission', 'demo-rw', '--prefix=true', 'readwrite', '/demo/');
    await etcdctl('user', 'grant-role', USER, 'demo-rw');
    await etcdctl('auth', 'enable');
    const { resetConfig } = await import('@/lib/dashboard/registry');
    const { closeEtcd } = await import('@/lib/etcd/client');
    closeEtcd();
    resetConfig();
    Object.assign(process.env, {
      ETCD_ENDPOINTS: etcd.endpoint,
      ETCD_USERNAME: USER,
      ETCD_PASSWORD: PASSWORD,
      DASHBOARD_WATCH_PREFIXES: '/demo/',
    });
    const { LeaseSampler } = await import('@/lib/sampler/lease-sampler');
    const { revokeLease } = await import('@/lib/etcd/leases');
    lib = { sampler: new LeaseSampler(), revokeLease };
    await lib.sampler.start();
  }, 30_000);

  afterAll(async () => {
    lib?.sampler.stop();
    const { closeEtcd } = await import('@/lib/etcd/client');
    const { resetConfig } = await import('@/lib/dashboard/registry');
    closeEtcd();
    for (const v of ['ETCD_USERNAME', 'ETCD_PASSWORD', 'DASHBOARD_WATCH_PREFIXES'])
      delete process.env[v];
    resetConfig();
    await etcd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!CHECKS_TIME_TO_LIVE)(
    'shows a lease whose keys the user may not all read, says why its keys are hidden, and reads the rest',
    async () => {
      const mixed = await rootLease('/demo/a', '/secret/b');
      const mine = await rootLease('/demo/c');
      await lib.sampler.refresh(mixed, { keys: true });
      await lib.sampler.refresh(mine, { keys: true });
      const hidden = await waitFor(
        () => {
          const view = lib.sampler.lease(mixed);
          return view?.status === 'alive' && view.keysHidden ? view : null;
        },
        5000,
        'the mixed lease read, its keys hidden',
      );
      expect(hidden.keysHidden).toMatch(/would not list this lease's keys.*permission denied/);
      expect(hidden.ttl).toBeGreaterThan(50);
      expect(lib.sampler.lease(mine)).toMatchObject({ status: 'alive', keys: ['/demo/c'] });
      expect(lib.sampler.etcdStatus()).toMatchObject({ ok: true });
    },
  );

  it('refuses to revoke a lease holding a key the user may not write, naming the permission', async () => {
    const mixed = await rootLease('/demo/d', '/secret/e');
    await expect(lib.revokeLease(mixed)).rejects.toThrow(
      `etcd denied user ${USER} permission for this request`,
    );
    expect(await asRoot('lease', 'timetolive', mixed)).toMatch(/remaining\((\d+)s\)/);
    expect(await asRoot('get', '/secret/e', '--print-value-only')).toBe('v');
  });
});
