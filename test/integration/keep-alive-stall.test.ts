import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEtcd } from '../../scripts/etcd.mjs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

// etcd stalling for longer than the dashboard waits for one answer (a slow disk write holds every
// request): the renewals on the shared keep-alive stream meanwhile are not lost with it. On an etcd
// of this file's own, stopped with SIGSTOP and thawed with SIGCONT.

let dir: string;
let etcd: { endpoint: string; pid?: number; stop: () => Promise<void> };
let lib: {
  stream: import('@/lib/etcd/keep-alive').KeepAliveStream;
  grantLease: typeof import('@/lib/etcd/leases').grantLease;
  timeout: number;
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'lease-dashboard-stall-'));
  etcd = await startEtcd({ dataDir: path.join(dir, 'data'), logFile: path.join(dir, 'etcd.log') });
  process.env.ETCD_ENDPOINTS = etcd.endpoint;
  const { KeepAliveStream } = await import('@/lib/etcd/keep-alive');
  const { grantLease } = await import('@/lib/etcd/leases');
  const { REQUEST_TIMEOUT_MS } = await import('@/lib/etcd/client-options');
  lib = { stream: new KeepAliveStream(), grantLease, timeout: REQUEST_TIMEOUT_MS };
});

afterAll(async () => {
  signal('SIGCONT');
  lib?.stream.close();
  await etcd?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** What etcdctl says is left of the lease on this file's etcd. */
async function remaining(id: string): Promise<number> {
  const { stdout } = await promisify(execFile)(
    'etcdctl',
    ['--endpoints', etcd.endpoint, 'lease', 'timetolive', id],
    { env: { ...process.env, ETCDCTL_API: '3' } },
  );
  return Number(/remaining\((-?\d+)s\)/.exec(stdout)?.[1]);
}
/** Signals this file's etcd: SIGSTOP stalls it as a blocked disk write would, SIGCONT thaws it. */
const signal = (name: 'SIGSTOP' | 'SIGCONT') => {
  if (etcd?.pid) process.kill(etcd.pid, name);
};
const held = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * Waits until every thread of this file's etcd is stopped. SIGSTOP takes hold of a thread running on
 * the other core a moment later, and a renewal it read meanwhile is answered before the stall.
 */
async function stalled(): Promise<void> {
  const tasks = `/proc/${etcd.pid}/task`;
  const state = (task: string) =>
    /\) (\S)/.exec(readFileSync(`${tasks}/${task}/stat`, 'utf8'))?.[1];
  const deadline = Date.now() + 2_000;
  while (!readdirSync(tasks).every((task) => state(task) === 'T')) {
    if (Date.now() > deadline) throw new Error(`etcd (pid ${etcd.pid}) did not stop in 2 s`);
    await held(5);
  }
}

it('a stall longer than one answer may take loses no renewal sent during it: etcd renews each once it answers', async () => {
  const [a, b] = [await lib.grantLease(20), await lib.grantLease(20)];
  expect(await lib.stream.renew(a.id)).toBe(20);
  const renewedBefore = Date.now();
  // Time gone by, so that a renewal shows in etcd as a rise.
  await held(2_000);

  signal('SIGSTOP');
  let renewals: Promise<number[]>;
  try {
    await stalled();
    // One renewal at the stall's start, one just before the first is given up on: the stream is
    // dropped with both waiting, and etcd answers neither on it.
    const first = lib.stream.renew(a.id);
    await held(lib.timeout - 500);
    const second = lib.stream.renew(b.id);
    renewals = Promise.all([first, second]);
    // Thawed after the first wait ran out, within the second.
    await held(1_000);
  } finally {
    signal('SIGCONT');
  }
  // etcd's own answers: each lease renewed to its full TTL.
  expect(await renewals).toEqual([20, 20]);
  // Renewed at the thaw, not before the stall: more is left than the last renewal before it (or
  // b's grant) would leave now, by well over etcdctl's rounding to whole seconds.
  for (const id of [a.id, b.id]) {
    const left = await remaining(id);
    const unrenewed = 20 - (Date.now() - renewedBefore) / 1000;
    expect(
      left,
      `${id}: ${left} s left; ${unrenewed.toFixed(1)} s without the renewal`,
    ).toBeGreaterThan(unrenewed + 2);
  }
});
