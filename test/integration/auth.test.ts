import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEtcd } from '../../scripts/etcd.mjs';
import { waitFor } from './helpers';

// etcd with authentication enabled (a root user with a password), on an etcd of this file's own.
// The dashboard works with the right credentials, and says plainly when they are wrong or missing,
// without ever repeating the password.

const PASSWORD = 's3cret-pw-for-tests';
const run = promisify(execFile);
let dir: string;
let etcd: Awaited<ReturnType<typeof startEtcd>>;
let sampler: import('@/lib/sampler/lease-sampler').LeaseSampler | undefined;

const etcdctl = async (...args: string[]) =>
  (
    await run('etcdctl', ['--endpoints', etcd.endpoint, ...args], {
      env: { ...process.env, ETCDCTL_API: '3' },
    })
  ).stdout.trim();

/** Points the dashboard's modules at the etcd with the given credentials (undefined: none). */
async function configure(username?: string, password?: string) {
  const { resetConfig } = await import('@/lib/dashboard/registry');
  const { closeEtcd } = await import('@/lib/etcd/client');
  sampler?.stop();
  closeEtcd();
  resetConfig();
  process.env.ETCD_ENDPOINTS = etcd.endpoint;
  if (username === undefined) delete process.env.ETCD_USERNAME;
  else process.env.ETCD_USERNAME = username;
  if (password === undefined) delete process.env.ETCD_PASSWORD;
  else process.env.ETCD_PASSWORD = password;
  const { LeaseSampler } = await import('@/lib/sampler/lease-sampler');
  sampler = new LeaseSampler();
  return { sampler, ...(await import('@/lib/etcd/leases')) };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'lease-dashboard-auth-'));
  etcd = await startEtcd({ dataDir: path.join(dir, 'data'), logFile: path.join(dir, 'etcd.log') });
  await etcdctl('user', 'add', `root:${PASSWORD}`);
  await etcdctl('user', 'grant-role', 'root', 'root');
  await etcdctl('auth', 'enable');
});

afterEach(() => sampler?.stop());

afterAll(async () => {
  const { closeEtcd } = await import('@/lib/etcd/client');
  closeEtcd();
  delete process.env.ETCD_USERNAME;
  delete process.env.ETCD_PASSWORD;
  await etcd?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('etcd with authentication', () => {
  it('works with the right user name and password, watch included', async () => {
    const lib = await configure('root', PASSWORD);
    await lib.sampler.start();
    expect(lib.sampler.etcdStatus()).toMatchObject({ ok: true, problem: null });
    const lease = await lib.grantLease(30);
    await lib.putWithLease(lease.id, '/auth-test/key', 'v');
    await waitFor(
      () =>
        lib.sampler.events.since(0).some((e) => e.kind === 'key-put' && e.key === '/auth-test/key'),
      3000,
      'the watch to see the put',
    );
    expect(
      await etcdctl('--user', `root:${PASSWORD}`, 'get', '/auth-test/key', '--print-value-only'),
    ).toBe('v');
    expect(JSON.stringify([lib.sampler.views(), lib.sampler.etcdStatus()])).not.toContain(PASSWORD);
    await lib.revokeLease(lease.id);
  });

  it('says the credentials are wrong, naming the variables and never the password', async () => {
    const wrong = 'not-the-password';
    const lib = await configure('root', wrong);
    await lib.sampler.start();
    const status = lib.sampler.etcdStatus();
    const message =
      'etcd refused the user name or password for user root: check ETCD_USERNAME and ETCD_PASSWORD';
    expect(status).toMatchObject({
      ok: false,
      problem: 'access',
      error: { code: 'auth_failed', text: message, message: { key: 'errors.etcdAuthFailed' } },
    });
    await expect(lib.grantLease(10)).rejects.toThrow(message);
    expect(JSON.stringify([lib.sampler.views(), lib.sampler.etcdStatus()])).not.toContain(wrong);
  });

  it('says etcd wants credentials when none are set', async () => {
    const lib = await configure();
    const lease = await lib.grantLease(10); // etcd 3.4 does not check lease requests
    await expect(lib.putWithLease(lease.id, '/auth-test/other', 'v')).rejects.toThrow(
      'etcd has authentication enabled: set ETCD_USERNAME and ETCD_PASSWORD for the dashboard',
    );
    await lib.revokeLease(lease.id);
  });
});
