// Small helpers for the benchmark: timing, percentiles, bounded concurrency, and what the machine
// and its processes report. Plain Node, like the other scripts.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const log = (...a) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);

export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export async function waitFor(what, fn, timeoutMs, everyMs = 200) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Resident memory of a process and its children, in MiB (Linux /proc). */
export function rssMiB(pid) {
  const children = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean)
    .map(Number);
  let kib = 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    // gone
  }
  return kib / 1024 + children.reduce((sum, c) => sum + rssMiB(c), 0);
}

/** The lease RPCs etcd has answered so far, from its Prometheus metrics. */
export async function leaseRpcs(endpoint) {
  const text = await (await fetch(`${endpoint}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith('grpc_server_handled_total{')) continue;
    if (!/grpc_service="etcdserverpb\.Lease"/.test(line)) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

export function machine() {
  const cpus = os.cpus();
  const etcdVersion = spawnSync('etcd', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
  return {
    host: os.hostname(),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    etcd: etcdVersion,
    os: `${os.type()} ${os.release()}`,
  };
}

export const fmt = (v, digits = 0) => (v === null || v === undefined ? '-' : v.toFixed(digits));
