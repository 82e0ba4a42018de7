import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { Etcd3 } from 'etcd3';
import { inject } from 'vitest';

const run = promisify(execFile);

/** A key prefix no other test uses, so each test touches only what it created. */
export const testPrefix = () => `/lease-dashboard-test/${randomUUID().slice(0, 8)}/`;

/** etcdctl against the test etcd: what a user would type in a shell next to the dashboard. */
export async function etcdctl(...args: string[]): Promise<string> {
  const { stdout } = await run('etcdctl', ['--endpoints', inject('etcdEndpoint'), ...args], {
    env: { ...process.env, ETCDCTL_API: '3' },
  });
  return stdout.trim();
}

/** `etcdctl lease grant TTL` -> the hex ID it printed. */
export async function grantWithEtcdctl(ttl: number): Promise<string> {
  const out = await etcdctl('lease', 'grant', String(ttl));
  const match = /^lease ([0-9a-f]+) granted/.exec(out);
  if (!match?.[1]) throw new Error(`unexpected etcdctl output: ${out}`);
  return match[1].padStart(16, '0');
}

/** Remaining TTL as `etcdctl lease timetolive` prints it, -1 once etcd no longer has the lease. */
export async function remainingInEtcd(id: string): Promise<number> {
  const out = await etcdctl('lease', 'timetolive', id);
  const match = /remaining\((-?\d+)s\)/.exec(out);
  return match ? Number(match[1]) : -1;
}

/** A second, independent client: what etcd holds, checked without going through the dashboard. */
export function independentClient(): Etcd3 {
  return new Etcd3({ hosts: inject('etcdEndpoint') });
}

export async function leaseIdsInEtcd(client: Etcd3): Promise<Set<string>> {
  const res = await client.leaseClient.leaseLeases();
  return new Set(res.leases.map((l) => BigInt(l.ID).toString(16).padStart(16, '0')));
}

/** Polls until `check` returns a value (not undefined, null or false), or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`,
  );
}

/** A long-running etcdctl (`lock`, `elect`): its output lines as they come, and a way to stop it. */
export type RunningEtcdctl = {
  lines: string[];
  stop: (signal?: NodeJS.Signals) => Promise<void>;
};

export function startEtcdctl(...args: string[]): RunningEtcdctl {
  const child = spawn('etcdctl', ['--endpoints', inject('etcdEndpoint'), ...args], {
    env: { ...process.env, ETCDCTL_API: '3' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let rest = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString()).split('\n');
    rest = parts.pop() ?? '';
    lines.push(...parts);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    lines,
    stop: async (signal = 'SIGINT') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
