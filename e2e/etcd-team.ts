import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

// The README's etcd users, made with etcdctl on an etcd of a test's own, as an operator types them:
// the dashboard's user reads every key and writes only its own prefix; alice may write /team-a/,
// bob may only read it. Shared by the end-to-end spec and the integration test of etcd users.

const run = promisify(execFile);

export type Etcdctl = (...args: string[]) => Promise<string>;

/** etcdctl against one endpoint; its output, trimmed. */
export function etcdctlAt(endpoint: string): Etcdctl {
  return async (...args) =>
    (
      await run('etcdctl', ['--endpoints', endpoint, ...args], {
        env: { ...process.env, ETCDCTL_API: '3' },
      })
    ).stdout.trim();
}

/** Each user and its password (made per run). */
export type Team = { root: string; dashboard: string; alice: string; bob: string };

/** Makes the users and roles, then switches etcd's authentication on. Returns root's etcdctl. */
export async function setUpTeam(etcdctl: Etcdctl, passwords: Team): Promise<Etcdctl> {
  await etcdctl('user', 'add', `root:${passwords.root}`);
  await etcdctl('user', 'grant-role', 'root', 'root');
  await etcdctl('user', 'add', `dashboard:${passwords.dashboard}`);
  await etcdctl('role', 'add', 'dashboard');
  await etcdctl('role', 'grant-permission', 'dashboard', '--from-key', 'read', '');
  const own = ['--prefix=true', 'readwrite', '/lease-dashboard/'];
  await etcdctl('role', 'grant-permission', 'dashboard', ...own);
  await etcdctl('user', 'grant-role', 'dashboard', 'dashboard');
  await etcdctl('role', 'add', 'team-a-write');
  await etcdctl(
    'role',
    'grant-permission',
    'team-a-write',
    '--prefix=true',
    'readwrite',
    '/team-a/',
  );
  await etcdctl('role', 'add', 'team-a-read');
  await etcdctl('role', 'grant-permission', 'team-a-read', '--prefix=true', 'read', '/team-a/');
  await etcdctl('user', 'add', `alice:${passwords.alice}`);
  await etcdctl('user', 'grant-role', 'alice', 'team-a-write');
  await etcdctl('user', 'add', `bob:${passwords.bob}`);
  await etcdctl('user', 'grant-role', 'bob', 'team-a-read');
  await etcdctl('auth', 'enable');
  return (...args) => etcdctl('--user', `root:${passwords.root}`, ...args);
}

/** root's lease of `ttl` seconds with these keys on it: its ID, as 16 hex digits. */
export async function rootLease(asRoot: Etcdctl, ttl: number, ...keys: string[]): Promise<string> {
  const id = /lease ([0-9a-f]+) granted/.exec(await asRoot('lease', 'grant', String(ttl)))?.[1];
  if (!id) throw new Error('etcdctl granted no lease');
  for (const key of keys) await asRoot('put', key, 'v', '--lease', id);
  return id.padStart(16, '0');
}

/** Whether etcd still has the lease. */
export async function leaseAlive(asRoot: Etcdctl, id: string): Promise<boolean> {
  return !/already expired|not found/.test(await asRoot('lease', 'timetolive', id));
}
