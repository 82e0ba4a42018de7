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

/** The PIDs of a process's children. */
function childrenOf(pid) {
  return spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean)
    .map(Number);
}

/** Resident memory of a process and its children, in MiB (Linux /proc). */
export function rssMiB(pid) {
  let kib = 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    // gone
  }
  return kib / 1024 + childrenOf(pid).reduce((sum, c) => sum + rssMiB(c), 0);
}

/** What etcd's Prometheus metrics say now: each sample's value by its full name and labels. */
export async function etcdMetrics(endpoint) {
  const text = await (await fetch(`${endpoint}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => ({
      name: line.slice(0, line.lastIndexOf(' ')),
      value: Number(line.slice(line.lastIndexOf(' ') + 1)),
    }));
}

/**
 * The lease RPCs etcd has answered so far: all of them, and TimeToLive alone; and the renewals it
 * has received. A renewal is a message on a KeepAlive stream that stays open, so it is counted
 * by the messages etcd received, not by the calls it finished.
 */
export async function leaseRpcs(endpoint) {
  let all = 0;
  let timeToLive = 0;
  let renewals = 0;
  for (const { name, value } of await etcdMetrics(endpoint)) {
    if (!name.includes('grpc_service="etcdserverpb.Lease"')) continue;
    if (name.startsWith('grpc_server_msg_received_total{')) {
      if (name.includes('grpc_method="LeaseKeepAlive"')) renewals += value;
      continue;
    }
    if (!name.startsWith('grpc_server_handled_total{')) continue;
    all += value;
    if (name.includes('grpc_method="LeaseTimeToLive"')) timeToLive += value;
  }
  return { all, timeToLive, renewals };
}

/** A metric's value from a Prometheus text page, summed over its labels (the clusters); 0 if absent. */
export function metricSum(text, name) {
  let sum = 0;
  for (const line of text.split('\n'))
    if (line.startsWith(`${name} `) || line.startsWith(`${name}{`))
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  return sum;
}

/** V8's heap in use in the dashboard, in MiB, from its own /metrics. */
export async function heapMiB(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  return metricSum(text, 'lease_dashboard_nodejs_heap_size_used_bytes') / 2 ** 20;
}

/** Bytes etcd has sent to its clients so far (every gRPC stream and answer). */
export async function sentBytes(endpoint) {
  const metric = (await etcdMetrics(endpoint)).find((m) =>
    m.name.startsWith('etcd_network_client_grpc_sent_bytes_total'),
  );
  return metric?.value ?? 0;
}

/** CPU seconds (user and system) a process and its children have used (Linux /proc). */
export function cpuSeconds(pid) {
  let ticks = 0;
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks = Number(fields[11]) + Number(fields[12]);
  } catch {
    // gone
  }
  const hz = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
  return ticks / hz + childrenOf(pid).reduce((sum, c) => sum + cpuSeconds(c), 0);
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
