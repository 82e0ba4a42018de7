import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Etcd3 } from 'etcd3';
import { freePort, startEtcd } from '../scripts/etcd.mjs';
import type { ReplicaResponse } from '../lib/shared/contract-replicas';
import { actionId, callAction, type Poster } from './actions';

// Real dashboard processes (the production build, `next start`) for the replica tests, each on its
// own port with DASHBOARD_URL naming it, against an etcd the test starts. Killed, restarted and cut
// off as an operator's machines would be. Nothing of a test runner's: the vitest replica tests
// (test/replicas/) and the Playwright specs that open a page (upgrade, hardening-proxy) share it.

/**
 * Reads `read` every `interval` ms until `done` holds for what it returned, and returns that; after
 * `timeout` ms, throws naming `what` and the last value read (or the last error).
 */
export async function waitFor<T>(
  what: string,
  read: () => Promise<T> | T,
  done: (value: T) => boolean,
  { timeout = 5_000, interval = 250 }: { timeout?: number; interval?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeout;
  let last = 'nothing read yet';
  for (;;) {
    try {
      const value = await read();
      if (done(value)) return value;
      last = `last read ${JSON.stringify(value)}`;
    } catch (err) {
      last = `last error: ${err instanceof Error ? err.message : String(err)}`;
    }
    if (Date.now() + interval > deadline)
      throw new Error(`timed out after ${timeout} ms waiting for ${what} (${last})`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** The replicas' shared secret, made per run like the dashboard token. */
export const DASHBOARD_REPLICA_SECRET = `e2e-replicas-${randomUUID()}`;

export class Dashboard {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  private constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly logDir: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts `next start` with DASHBOARD_URL set to its own address; resolves once it answers. */
  static async start(
    name: string,
    env: Record<string, string>,
    logDir: string,
    options: { alone?: boolean } = {},
  ): Promise<Dashboard> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const dashboard = new Dashboard(
      name,
      port,
      { ...env, ...(options.alone ? {} : { DASHBOARD_URL: url, DASHBOARD_REPLICA_SECRET }) },
      logDir,
    );
    await dashboard.launch();
    return dashboard;
  }

  get logFile(): string {
    return path.join(this.logDir, `${this.name}.log`);
  }

  async launch(): Promise<void> {
    if (!existsSync('.next/BUILD_ID'))
      throw new Error('no build in .next: run `npx next build` before the replica tests');
    mkdirSync(this.logDir, { recursive: true });
    const log = createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(
      'node_modules/.bin/next',
      ['start', '--port', String(this.port), '--hostname', '127.0.0.1'],
      {
        env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...this.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const answering = `${this.name} to answer (its log: ${this.logFile})`;
    await waitFor(
      answering,
      () => this.role(),
      (r) => r !== 'down',
      { timeout: 60_000 },
    );
  }

  /** Kills the process (SIGKILL: no goodbye; SIGTERM: it hands over) and waits until it is gone. */
  async kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    this.child?.kill(signal);
    await this.exited;
  }

  /** Sends the process a signal: SIGSTOP freezes it (as a stalled machine), SIGCONT thaws it. */
  signal(signal: 'SIGSTOP' | 'SIGCONT'): void {
    this.child?.kill(signal);
  }

  /** Its own view of who leads (/api/replica is never passed on). */
  async replica(): Promise<ReplicaResponse> {
    const res = await fetch(`${this.url}/api/replica`, { signal: AbortSignal.timeout(2000) });
    return (await res.json()) as ReplicaResponse;
  }

  async waitForRole(role: ReplicaResponse['role'], timeout = 10_000): Promise<ReplicaResponse> {
    await waitFor(
      `${this.name} to be ${role}`,
      () => this.role(),
      (r) => r === role,
      { timeout },
    );
    return this.replica();
  }

  /** Its role, or 'down' while it does not answer. */
  role(): Promise<ReplicaResponse['role'] | 'down'> {
    return this.replica()
      .then((r) => r.role)
      .catch(() => 'down' as const);
  }

  /** Switches keep-alive on (every TTL/3) or off through this dashboard, as the page's switch does. */
  async setKeepAlive(request: Poster, id: string, on: boolean): Promise<void> {
    const answer = await callAction(request, this.url, actionId('setKeepAliveAction'), [
      on ? { leaseId: id, on, schedule: 'third' } : { leaseId: id, on },
    ]);
    const result = answer.result as { ok?: unknown } | null;
    if (answer.status !== 200 || result?.ok !== true)
      throw new Error(
        `keep-alive ${on ? 'on' : 'off'} for ${id} through ${this.name} was refused ` +
          `(HTTP ${answer.status}): ${answer.text}`,
      );
  }
}

/**
 * Watches a lease from the test's own client, four times a second, until stopped: whether etcd
 * ever answered that it had no time left, the lowest remaining TTL it reported, and how often the
 * remaining TTL rose (a renewal, or a new leader's refresh).
 */
export function watchLease(client: Etcd3, id: string) {
  let lowest = Infinity;
  let expiredAt: number | null = null;
  let rises = 0;
  let last = Infinity;
  let running = true;
  const decimal = BigInt(`0x${id}`).toString();
  const loop = (async () => {
    while (running) {
      const res = await client.leaseClient.leaseTimeToLive({ ID: decimal }).catch(() => null);
      if (res) {
        const ttl = Number(res.TTL);
        lowest = Math.min(lowest, ttl);
        if (ttl > last) rises++;
        last = ttl;
        if (ttl <= 0) expiredAt ??= Date.now();
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  return {
    rises: () => rises,
    async stop(): Promise<{ lowest: number; expiredAt: number | null }> {
      running = false;
      await loop;
      return { lowest, expiredAt };
    },
  };
}

/** Grants a lease from the test's own client (another client, as far as the dashboards know). */
export async function grant(client: Etcd3, ttl: number, key: string): Promise<string> {
  const lease = client.lease(ttl, { autoKeepAlive: false });
  const id = BigInt(await lease.grant())
    .toString(16)
    .padStart(16, '0');
  await lease.put(key).value('registered');
  return id;
}

/** What etcd says is left of the lease, -1 once it no longer has it (`etcdctl lease timetolive`). */
export async function remaining(client: Etcd3, id: string): Promise<number> {
  const res = await client.leaseClient.leaseTimeToLive({ ID: BigInt(`0x${id}`).toString() });
  return Number(res.TTL);
}

/** Revokes a lease the test made, if it is still there. */
export async function revoke(client: Etcd3, id: string): Promise<void> {
  await client.leaseClient.leaseRevoke({ ID: BigInt(`0x${id}`).toString() }).catch(() => undefined);
}

/** Whether the dashboard keeps the lease alive, as the cluster at `base` (/c/<name>) shows it. */
export async function keepAliveOn(
  dashboard: Dashboard,
  id: string,
  base = '',
): Promise<boolean | null> {
  const res = await fetch(`${dashboard.url}${base}/api/leases/${id}`).catch(() => null);
  if (!res?.ok) return null;
  const body = (await res.json()) as { lease: { keepAlive: { on: boolean } | null } };
  return body.lease.keepAlive?.on ?? false;
}

/** Waits out `ms` after `from` while the lease watcher keeps looking (the assertion is on it). */
export async function until(from: number, ms: number): Promise<void> {
  const left = from + ms - Date.now();
  if (left > 0) await new Promise((resolve) => setTimeout(resolve, left + 1));
}

/**
 * Runs a test body in a workspace of its own: a temporary folder, and what the body starts there
 * (an etcd, its client, dashboards), stopped in reverse order when it ends, pass or fail. The
 * dashboards' logs go to `logDir`, which outlives the workspace so a failure can be read.
 */
export async function inWorkspace(
  logDir: string,
  body: (ws: Workspace) => Promise<void>,
): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lease-dashboard-replicas-'));
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  const later = (fn: () => Promise<unknown> | unknown) => cleanups.unshift(fn);
  const ws: Workspace = {
    dir,
    later,
    async etcd(name = 'data') {
      const etcd = await startEtcd({ dataDir: path.join(dir, name) });
      later(() => etcd.stop());
      const client = new Etcd3({ hosts: etcd.endpoint });
      later(() => client.close());
      return { etcd, client };
    },
    async dashboard(name, env, options) {
      const dashboard = await Dashboard.start(name, env, logDir, options);
      later(() => dashboard.kill('SIGKILL'));
      return dashboard;
    },
    async leaderAndFollower(env) {
      const a = await ws.dashboard('a', env);
      await a.waitForRole('leader');
      const b = await ws.dashboard('b', env);
      const follows = (await b.waitForRole('follower')).leader;
      if (follows !== a.url) throw new Error(`b follows ${follows}, not a (${a.url})`);
      return [a, b];
    },
    async replicas(env = {}) {
      const { etcd, client } = await ws.etcd();
      const [a, b] = await ws.leaderAndFollower({ ETCD_ENDPOINTS: etcd.endpoint, ...env });
      return { etcd, client, a, b };
    },
  };
  try {
    await body(ws);
  } finally {
    for (const fn of cleanups) await Promise.resolve(fn()).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

export type Workspace = {
  dir: string;
  /** Runs `fn` when the test ends (the last registered first). */
  later(fn: () => Promise<unknown> | unknown): void;
  /** An etcd of the test's own (data under `name`), and a client of it (another client, as the dashboards see it). */
  etcd(name?: string): Promise<{ etcd: Awaited<ReturnType<typeof startEtcd>>; client: Etcd3 }>;
  /** A dashboard process, killed when the test ends. */
  dashboard(
    name: string,
    env: Record<string, string>,
    options?: { alone?: boolean },
  ): Promise<Dashboard>;
  /** Replicas a and b, started in turn: a leads, b follows it. */
  leaderAndFollower(env: Record<string, string>): Promise<[Dashboard, Dashboard]>;
  /** An etcd of the test's own, its client, and replicas a (leading) and b on it; `env` adds to theirs. */
  replicas(env?: Record<string, string>): Promise<{
    etcd: Awaited<ReturnType<typeof startEtcd>>;
    client: Etcd3;
    a: Dashboard;
    b: Dashboard;
  }>;
};

/** A DASHBOARD_CLUSTERS_FILE in `dir` listing each named cluster at its one endpoint. */
export function writeClustersFile(dir: string, clusters: Record<string, string>): string {
  const file = path.join(dir, 'clusters.json');
  const entries = Object.entries(clusters).map(([name, endpoint]) => ({
    name,
    endpoints: [endpoint],
  }));
  writeFileSync(file, JSON.stringify(entries));
  return file;
}
