import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, type APIRequestContext, type TestInfo } from '@playwright/test';
import { Etcd3 } from 'etcd3';
import { freePort, startEtcd } from '../scripts/etcd.mjs';
import type { ReplicaResponse } from '../lib/shared/contract-replicas';
import { actionId, callAction } from './actions';

// Real dashboard processes (the production build, `next start`) for the replica tests, each on its
// own port with DASHBOARD_URL naming it, against an etcd the test starts. Killed, restarted and cut
// off as an operator's machines would be.

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

  async launch(): Promise<void> {
    mkdirSync(this.logDir, { recursive: true });
    const log = createWriteStream(path.join(this.logDir, `${this.name}.log`), { flags: 'a' });
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
    await expect.poll(() => this.role(), { timeout: 60_000 }).not.toBe('down');
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
    await expect.poll(() => this.role(), { timeout }).toBe(role);
    return this.replica();
  }

  /** Its role, or 'down' while it does not answer. */
  role(): Promise<ReplicaResponse['role'] | 'down'> {
    return this.replica()
      .then((r) => r.role)
      .catch(() => 'down' as const);
  }

  /** Switches keep-alive on (every TTL/3) or off through this dashboard, as the page's switch does. */
  async setKeepAlive(request: APIRequestContext, id: string, on: boolean): Promise<void> {
    const answer = await callAction(request, this.url, actionId('setKeepAliveAction'), [
      on ? { leaseId: id, on, schedule: 'third' } : { leaseId: id, on },
    ]);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.result, answer.text).toMatchObject({ ok: true });
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

/** Revokes a lease the test made, if it is still there. */
export async function revoke(client: Etcd3, id: string): Promise<void> {
  await client.leaseClient.leaseRevoke({ ID: BigInt(`0x${id}`).toString() }).catch(() => undefined);
}

/** Every page and route answers, live stream included, through this dashboard. */
export async function answersEveryRoute(dashboard: Dashboard, id: string): Promise<void> {
  const paths = ['/', '/scenarios', `/leases/${id}`, '/api/leases', `/api/leases/${id}`];
  paths.push('/api/health', '/api/cluster', '/api/scenarios', '/api/holdings');
  for (const p of paths) {
    const res = await fetch(`${dashboard.url}${p}`);
    expect(res.status, `${p} through ${dashboard.name}`).toBe(200);
  }
  const events = await fetch(`${dashboard.url}/api/events`);
  expect(events.headers.get('content-type')).toContain('text/event-stream');
  const reader = events.body?.getReader();
  const first = await reader?.read();
  expect(new TextDecoder().decode(first?.value)).toContain('event: hello');
  await reader?.cancel();
}

export async function keepAliveOn(dashboard: Dashboard, id: string): Promise<boolean | null> {
  const res = await fetch(`${dashboard.url}/api/leases/${id}`).catch(() => null);
  if (!res?.ok) return null;
  const body = (await res.json()) as { lease: { keepAlive: { on: boolean } | null } };
  return body.lease.keepAlive?.on ?? false;
}

/** Waits out `ms` after `from` while the lease watcher keeps looking (the assertion is on it). */
export async function until(from: number, ms: number): Promise<void> {
  await expect.poll(() => Date.now() - from, { timeout: ms + 5000 }).toBeGreaterThan(ms);
}

/**
 * Runs a test body in a workspace of its own: a temporary folder, and what the body starts there
 * (an etcd, its client, dashboards), stopped in reverse order when it ends, pass or fail.
 */
export async function inWorkspace(
  info: TestInfo,
  body: (ws: Workspace) => Promise<void>,
): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lease-dashboard-replicas-'));
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  const later = (fn: () => Promise<unknown> | unknown) => cleanups.unshift(fn);
  const ws: Workspace = {
    dir,
    later,
    async etcd() {
      const etcd = await startEtcd({ dataDir: path.join(dir, 'data') });
      later(() => etcd.stop());
      const client = new Etcd3({ hosts: etcd.endpoint });
      later(() => client.close());
      return { etcd, client };
    },
    async dashboard(name, env, options) {
      const dashboard = await Dashboard.start(name, env, info.outputPath('logs'), options);
      later(() => dashboard.kill('SIGKILL'));
      return dashboard;
    },
    async leaderAndFollower(env) {
      const a = await ws.dashboard('a', env);
      await a.waitForRole('leader');
      const b = await ws.dashboard('b', env);
      expect((await b.waitForRole('follower')).leader).toBe(a.url);
      return [a, b];
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
  /** An etcd of the test's own, and a client of it (another client, as the dashboards see it). */
  etcd(): Promise<{ etcd: Awaited<ReturnType<typeof startEtcd>>; client: Etcd3 }>;
  /** A dashboard process, killed when the test ends. */
  dashboard(
    name: string,
    env: Record<string, string>,
    options?: { alone?: boolean },
  ): Promise<Dashboard>;
  /** Replicas a and b, started in turn: a leads, b follows it. */
  leaderAndFollower(env: Record<string, string>): Promise<[Dashboard, Dashboard]>;
};
