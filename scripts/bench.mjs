// `npm run bench`: what the dashboard costs etcd and how fast it answers, at 100 to 10,000 leases.
// Starts its own etcd on free ports and the production build of the dashboard against it, grants
// the leases (each with a key) from this process, and for each size measures:
// - the sampler's round time (from /api/health) next to this process doing the same RPCs with the
//   raw etcd3 client and the same concurrency, in the same run;
// - etcd's lease RPCs per second, from etcd's own /metrics, with 1 viewer and with 50 viewers
//   polling /api/leases once a second, and the latency of those requests;
// - the time from etcd deleting an expired lease's key (seen by a watch here) to the API saying
//   the lease expired;
// - how long the page takes to show the leases in Chromium, and the server's resident memory.
// Prints a table, checks the targets, and writes everything as JSON to bench/results/.
//   npm run bench [-- --sizes 100,1000 --window 10 --no-build --screenshot docs/screenshots/x.png]
// With --soak MINUTES it runs a churning workload instead and records the server's memory, to show
// that what the dashboard keeps is bounded.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensureDebianPackage, freePort, startEtcd, stopChild } from './etcd.mjs';
import { bin, ensureNpmPackages, root, run } from './setup.mjs';

const args = parseArgs(process.argv.slice(2));
const SIZES = args.sizes ?? [100, 1000, 5000, 10_000];
/** seconds each viewer phase lasts */
const WINDOW_S = args.window ?? 10;
const VIEWERS = 50;
const EXPIRING = 20;
/** the sampler's reads in flight; the raw client uses the same */
const READ_CONCURRENCY = 16;
const PREFIX = '/lease-dashboard/bench/';

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--sizes') out.sizes = argv[++i].split(',').map(Number);
    else if (a === '--window') out.window = Number(argv[++i]);
    else if (a === '--no-build') out.noBuild = true;
    else if (a === '--soak') out.soak = Number(argv[++i]);
    else if (a === '--screenshot') out.screenshot = argv[++i];
    else
      throw new Error(
        `unknown option ${a} (use --sizes 100,1000 --window 10 --no-build, or --soak MINUTES)`,
      );
  }
  if (out.sizes?.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error('--sizes takes whole numbers, like 100,1000');
  if (out.soak !== undefined && !(out.soak > 0)) throw new Error('--soak takes minutes, like 30');
  return out;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);

function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function mapLimit(items, limit, fn) {
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

async function waitFor(what, fn, timeoutMs, everyMs = 200) {
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
function rssMiB(pid) {
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
async function leaseRpcs(endpoint) {
  const text = await (await fetch(`${endpoint}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith('grpc_server_handled_total{')) continue;
    if (!/grpc_service="etcdserverpb\.Lease"/.test(line)) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

function machine() {
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

async function startDashboard(etcdEndpoint) {
  const port = await freePort();
  const child = spawn(bin('next'), ['start', '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: root,
    env: { ...process.env, ETCD_ENDPOINTS: etcdEndpoint, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      'the dashboard to answer',
      async () => (await fetch(`${url}/api/health`)).ok,
      60_000,
    );
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${err.message}\n${output}`);
  }
  return { url, pid: child.pid, stop: () => stopChild(child), output: () => output };
}

/** Grants leases (TTL spread over 20-60 min, one key each) until `total` exist. */
async function growLeases(client, have, total) {
  await mapLimit(
    Array.from({ length: total - have }, (_, i) => have + i),
    200,
    async (i) => {
      const ttl = 1200 + ((i * 7919) % 2400);
      const lease = await client.leaseClient.leaseGrant({ TTL: ttl });
      await client.put(`${PREFIX}leases/${i}`).value('bench').lease(lease.ID).exec();
    },
  );
}

/** The raw client doing one sampler round: LeaseLeases, then TimeToLive with keys for each. */
async function rawRound(client) {
  const started = performance.now();
  const { leases } = await client.leaseClient.leaseLeases({});
  await mapLimit(leases, READ_CONCURRENCY, (l) =>
    client.leaseClient.leaseTimeToLive({ ID: l.ID, keys: true }),
  );
  return performance.now() - started;
}

async function health(url) {
  return (await fetch(`${url}/api/health`)).json();
}

/** Waits until the sampler's rounds list at least `n` leases and have read every one of them. */
async function waitForSampler(url, n) {
  const since = Date.now();
  return waitFor(
    `the sampler to read ${n} leases`,
    async () => {
      const h = await health(url);
      const settled = h.rounds.filter((r) => r.at > since && r.leases >= n);
      // Settled once a round ends with every lease read since they were all granted.
      const last = settled.at(-1);
      return settled.length >= 2 && last && last.at + last.ms - last.maxStalenessMs >= since
        ? h
        : null;
    },
    240_000,
    500,
  );
}

/**
 * One raw round in the pause between two sampler rounds, so neither slows the other; when the
 * sampler never pauses (it reads in turns at large sizes), the raw round overlaps it.
 */
async function rawBetweenRounds(url, client, expectMs) {
  for (let attempt = 0; attempt < 10; attempt++) {
    const round = (await health(url)).sampler.lastRound;
    const now = Date.now();
    const idleFrom = round.at + round.ms + 10;
    const idleTo = round.at + 1000 - 10;
    if (idleTo - Math.max(now, idleFrom) >= expectMs) {
      await sleep(Math.max(0, idleFrom - now));
      return rawRound(client);
    }
    await sleep(Math.max(10, round.at + 1000 + round.ms + 10 - now));
  }
  return rawRound(client);
}

/** The sampler's rounds over a window, with the raw client's rounds in between. */
async function measureRounds(url, client, n, windowS) {
  const from = Date.now();
  const raw = [await rawRound(client)];
  while (Date.now() - from < windowS * 1000)
    raw.push(await rawBetweenRounds(url, client, percentile(raw, 50) * 1.2));
  const rounds = (await health(url)).rounds.filter((r) => r.at >= from && r.leases >= n);
  return {
    samplerMs: percentile(
      rounds.map((r) => r.ms),
      50,
    ),
    samplerReadsPerRound: percentile(
      rounds.map((r) => r.reads),
      50,
    ),
    mode: rounds.every((r) => r.full) ? 'full' : 'adaptive',
    maxStalenessMs: Math.max(0, ...rounds.map((r) => r.maxStalenessMs)),
    rawMs: percentile(raw, 50),
    rounds: rounds.length,
  };
}

/** `viewers` browsers' worth of polling /api/leases once a second; etcd's lease RPCs meanwhile. */
async function measureViewers(url, etcdEndpoint, viewers, windowS) {
  const latencies = [];
  const errors = [];
  const before = await leaseRpcs(etcdEndpoint);
  const started = performance.now();
  const end = started + windowS * 1000;
  await Promise.all(
    Array.from({ length: viewers }, async (_, v) => {
      await sleep((v / viewers) * 1000);
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          const res = await fetch(`${url}/api/leases`);
          await res.arrayBuffer();
          if (!res.ok) errors.push(res.status);
        } catch (err) {
          errors.push(String(err));
        }
        latencies.push(performance.now() - t0);
        await sleep(Math.max(0, 1000 - (performance.now() - t0)));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const rpcs = (await leaseRpcs(etcdEndpoint)) - before;
  return {
    viewers,
    requests: latencies.length,
    errors: errors.length,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    leaseRpcPerS: rpcs / seconds,
  };
}

/**
 * Grants short leases with a key each, watches their keys here, and polls the API for each lease
 * from shortly before it is due: the time from the watch seeing etcd delete the key to the API first
 * saying the lease is expired.
 */
async function measureExpiry(url, client) {
  const prefix = `${PREFIX}expiry/${Date.now()}/`;
  const deletedAt = new Map();
  const watcher = await client.watch().prefix(prefix).create();
  watcher.on('delete', (kv) => {
    const key = kv.key.toString();
    if (!deletedAt.has(key)) deletedAt.set(key, performance.now());
  });
  const leases = await mapLimit(
    Array.from({ length: EXPIRING }, (_, i) => i),
    EXPIRING,
    async (i) => {
      const ttl = 3 + (i % 5);
      const granted = await client.leaseClient.leaseGrant({ TTL: ttl });
      const key = `${prefix}${i}`;
      await client.put(key).value('expires').lease(granted.ID).exec();
      const id = BigInt(granted.ID).toString(16).padStart(16, '0');
      return { id, key, ttl, dueAt: performance.now() + ttl * 1000 };
    },
  );
  const seenAt = new Map();
  await Promise.all(
    leases.map(async (l) => {
      await sleep(Math.max(0, l.dueAt - 1500 - performance.now()));
      const deadline = l.dueAt + 10_000;
      while (performance.now() < deadline) {
        const res = await fetch(`${url}/api/leases/${l.id}`);
        const body = await res.json().catch(() => null);
        if (body?.lease && body.lease.status !== 'alive') {
          seenAt.set(l.key, performance.now());
          return;
        }
        await sleep(25);
      }
    }),
  );
  await watcher.cancel();
  const latencies = leases.flatMap((l) => {
    const deleted = deletedAt.get(l.key);
    const seen = seenAt.get(l.key);
    return deleted === undefined || seen === undefined ? [] : [Math.max(0, seen - deleted)];
  });
  return {
    leases: EXPIRING,
    measured: latencies.length,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
  };
}

/**
 * Chromium opens the page; the time until the lease table shows its first page and the counts.
 * With `screenshot`, the leases panel is saved there (the README's picture at 10,000 leases).
 */
async function measurePageLoad(url, browser, n, screenshot) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    const started = performance.now();
    await page.goto(url);
    await page
      .getByRole('row', { name: /^Lease [0-9a-f]{16}$/ })
      .first()
      .waitFor();
    await page
      .getByTestId('count-alive')
      .filter({ hasText: n.toLocaleString('en-US') })
      .waitFor({
        timeout: 30_000,
      });
    const ms = performance.now() - started;
    if (screenshot) {
      await sleep(1500); // a couple of polls, so the histogram and countdowns have settled
      mkdirSync(path.dirname(screenshot), { recursive: true });
      // The counts, the histogram, the filters and the first rows: not all fifty.
      const box = await page.getByRole('region', { name: 'Leases' }).boundingBox();
      await page.screenshot({
        path: screenshot,
        fullPage: true,
        animations: 'disabled',
        clip: { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, 950) },
      });
      log(`screenshot: ${screenshot}`);
    }
    return ms;
  } finally {
    await page.close();
  }
}

const fmt = (v, digits = 0) => (v === null || v === undefined ? '-' : v.toFixed(digits));

function table(results) {
  const rows = [
    [
      'leases',
      'sampler round ms',
      'reads per round',
      'raw round ms',
      'ratio',
      'oldest reading s',
      'lease RPC/s 1 viewer',
      'lease RPC/s 50 viewers',
      'ratio',
      'api p50/p95 ms 1 viewer',
      'api p50/p95 ms 50 viewers',
      'expiry p50/p95 ms',
      'page load s',
      'server RSS MiB',
    ],
    ...results.map((r) => [
      r.leases.toLocaleString('en-US'),
      fmt(r.rounds.samplerMs),
      `${fmt(r.rounds.samplerReadsPerRound)}${r.rounds.mode === 'full' ? ' (all)' : ''}`,
      fmt(r.rounds.rawMs),
      r.rounds.mode === 'full' ? fmt(r.roundRatio, 2) : 'in turns',
      fmt(r.rounds.maxStalenessMs / 1000, 1),
      fmt(r.oneViewer.leaseRpcPerS),
      fmt(r.manyViewers.leaseRpcPerS),
      fmt(r.viewerRatio, 2),
      `${fmt(r.oneViewer.p50Ms, 1)} / ${fmt(r.oneViewer.p95Ms, 1)}`,
      `${fmt(r.manyViewers.p50Ms, 1)} / ${fmt(r.manyViewers.p95Ms, 1)}`,
      `${fmt(r.expiry.p50Ms)} / ${fmt(r.expiry.p95Ms)}`,
      fmt(r.pageLoadMs / 1000, 2),
      fmt(r.rssMiB),
    ]),
  ];
  const header = `| ${rows[0].join(' | ')} |`;
  const rule = `|${rows[0].map(() => '---').join('|')}|`;
  return [header, rule, ...rows.slice(1).map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** The targets, each with whether this run met it. */
function targets(results) {
  const at = (n) => results.find((r) => r.leases === n);
  const upTo1k = results.filter((r) => r.leases <= 1000);
  const checks = [];
  if (upTo1k.length)
    checks.push({
      target: 'sampler round within 1.25x the raw client, up to 1,000 leases',
      met: upTo1k.every((r) => r.roundRatio !== null && r.roundRatio <= 1.25),
      measured: upTo1k.map((r) => `${r.leases}: ${fmt(r.roundRatio, 2)}x`).join(', '),
    });
  checks.push({
    target: '50 viewers cost etcd at most 1.1x what 1 viewer costs',
    met: results.every((r) => r.viewerRatio !== null && r.viewerRatio <= 1.1),
    measured: results.map((r) => `${r.leases}: ${fmt(r.viewerRatio, 2)}x`).join(', '),
  });
  const k1 = at(1000);
  if (k1) {
    checks.push({
      target: '/api/leases p95 under 50 ms at 1,000 leases with 50 viewers',
      met: k1.manyViewers.p95Ms !== null && k1.manyViewers.p95Ms < 50,
      measured: `${fmt(k1.manyViewers.p95Ms, 1)} ms`,
    });
    checks.push({
      target: 'expiry visible through the API within 1 s (p95) at 1,000 leases',
      met: k1.expiry.p95Ms !== null && k1.expiry.p95Ms <= 1000,
      measured: `${fmt(k1.expiry.p95Ms)} ms`,
    });
  }
  const k10 = at(10_000);
  if (k10)
    checks.push({
      target: 'at 10,000 leases the page loads in under 3 s and every lease is re-read within 10 s',
      met: k10.pageLoadMs < 3000 && k10.rounds.maxStalenessMs <= 10_000,
      measured: `${fmt(k10.pageLoadMs / 1000, 2)} s; oldest reading ${fmt(k10.rounds.maxStalenessMs / 1000, 1)} s`,
    });
  return checks;
}

/**
 * --soak: 1,000 long leases; every second 20 short leases with a key (so 20 expire a second, each
 * with a grant, a put, a delete and an expiry event); 50 leases this client keeps alive (a renewal by
 * another client every 2 s each); 10 viewers. The server's memory every 30 s.
 */
async function soak(url, client, minutes) {
  log(`soak for ${minutes} min: granting 1,000 long leases ...`);
  await growLeases(client, 0, 1000);
  const kept = Array.from({ length: 50 }, () => client.lease(6));
  await Promise.all(kept.map((l) => l.grant()));
  const stopAt = Date.now() + minutes * 60_000;
  let churned = 0;
  const churn = (async () => {
    while (Date.now() < stopAt) {
      const tick = Date.now();
      await mapLimit(Array.from({ length: 20 }), 20, async () => {
        const lease = await client.leaseClient.leaseGrant({ TTL: 3 });
        await client.put(`${PREFIX}soak/${churned++}`).value('v').lease(lease.ID).exec();
      });
      await sleep(Math.max(0, 1000 - (Date.now() - tick)));
    }
  })();
  const viewers = Array.from({ length: 10 }, async (_, v) => {
    await sleep(v * 100);
    while (Date.now() < stopAt) {
      await (await fetch(`${url}/api/leases`)).arrayBuffer();
      await sleep(1000);
    }
  });
  const samples = [];
  const started = Date.now();
  while (Date.now() < stopAt) {
    await sleep(Math.min(30_000, Math.max(0, stopAt - Date.now())));
    const sample = { minute: (Date.now() - started) / 60_000, rssMiB: rssMiB(dashboardPid) };
    samples.push(sample);
    log(
      `${sample.minute.toFixed(1)} min: server RSS ${sample.rssMiB.toFixed(0)} MiB, ${churned} short leases so far`,
    );
  }
  await Promise.all([churn, ...viewers]);
  await Promise.all(kept.map((l) => l.revoke().catch(() => undefined)));
  // Memory settles in the first minutes (caches, JIT); compare the rest's first and last thirds.
  const settled = samples.filter((x) => x.minute >= Math.min(5, minutes / 3));
  const third = Math.max(1, Math.floor(settled.length / 3));
  const median = (xs) =>
    percentile(
      xs.map((x) => x.rssMiB),
      50,
    );
  return {
    minutes,
    shortLeases: churned,
    samples,
    earlyMiB: median(settled.slice(0, third)),
    lateMiB: median(settled.slice(-third)),
    maxMiB: Math.max(...samples.map((x) => x.rssMiB)),
  };
}

let dashboardPid = 0;

async function main() {
  ensureNpmPackages();
  const chromiumPath = process.env.CHROMIUM_PATH ?? ensureDebianPackage('chromium', 'chromium');
  const { Etcd3 } = await import('etcd3');
  const { chromium } = await import('@playwright/test');
  if (!args.noBuild) {
    log('building the dashboard (next build) ...');
    run(bin('next'), ['build'], { env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lease-dashboard-bench-'));
  const etcd = await startEtcd({
    dataDir: path.join(dir, 'data'),
    logFile: path.join(dir, 'etcd.log'),
  });
  log(`etcd ${etcd.endpoint}, data in ${dir}`);
  const dashboard = await startDashboard(etcd.endpoint);
  log(`dashboard ${dashboard.url} (pid ${dashboard.pid})`);
  dashboardPid = dashboard.pid;
  const client = new Etcd3({ hosts: etcd.endpoint });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
  const cleanUp = async () => {
    await browser.close().catch(() => undefined);
    client.close();
    await dashboard.stop();
    await etcd.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('SIGINT', () => void cleanUp().then(() => process.exit(130)));

  if (args.soak) {
    try {
      const result = await soak(dashboard.url, client, args.soak);
      const outDir = path.join(root, 'bench', 'results');
      mkdirSync(outDir, { recursive: true });
      const file = path.join(outDir, `soak-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
      writeFileSync(file, `${JSON.stringify({ machine: machine(), ...result }, null, 2)}\n`);
      console.log(
        `\nSoak, ${result.minutes} min, ${result.shortLeases} short leases expired: server RSS ` +
          `${fmt(result.earlyMiB)} MiB early, ${fmt(result.lateMiB)} MiB late, ${fmt(result.maxMiB)} MiB at most` +
          `\nJSON: ${path.relative(root, file)}`,
      );
    } finally {
      await cleanUp();
    }
    return;
  }

  const results = [];
  const started = new Date();
  try {
    let have = 0;
    for (const n of [...SIZES].sort((a, b) => a - b)) {
      log(`--- ${n.toLocaleString('en-US')} leases: granting ${n - have} ...`);
      await growLeases(client, have, n);
      have = n;
      await waitForSampler(dashboard.url, n);
      log('sampler rounds against the raw client ...');
      const rounds = await measureRounds(dashboard.url, client, n, WINDOW_S);
      log('1 viewer ...');
      const oneViewer = await measureViewers(dashboard.url, etcd.endpoint, 1, WINDOW_S);
      log(`${VIEWERS} viewers ...`);
      const manyViewers = await measureViewers(dashboard.url, etcd.endpoint, VIEWERS, WINDOW_S);
      log('expiry ...');
      const expiry = await measureExpiry(dashboard.url, client);
      log('page load ...');
      const largest = n === Math.max(...SIZES);
      const pageLoadMs = await measurePageLoad(
        dashboard.url,
        browser,
        n,
        largest ? args.screenshot : undefined,
      );
      const result = {
        leases: n,
        rounds,
        roundRatio: rounds.samplerMs && rounds.rawMs ? rounds.samplerMs / rounds.rawMs : null,
        oneViewer,
        manyViewers,
        viewerRatio: oneViewer.leaseRpcPerS
          ? manyViewers.leaseRpcPerS / oneViewer.leaseRpcPerS
          : null,
        expiry,
        pageLoadMs,
        rssMiB: rssMiB(dashboard.pid),
      };
      results.push(result);
      log(JSON.stringify(result));
    }
  } finally {
    await cleanUp();
  }

  const checks = targets(results);
  const report = {
    date: started.toISOString(),
    machine: machine(),
    windowS: WINDOW_S,
    viewers: VIEWERS,
    readConcurrency: READ_CONCURRENCY,
    results,
    targets: checks,
  };
  const outDir = path.join(root, 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `bench-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(outDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);

  const m = report.machine;
  console.log(
    `\n${started.toISOString().slice(0, 10)}, ${m.cpus} x ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, ${m.etcd}\n`,
  );
  console.log(table(results));
  console.log('');
  for (const c of checks) console.log(`${c.met ? 'met   ' : 'MISSED'}  ${c.target}: ${c.measured}`);
  console.log(`\nJSON: ${path.relative(root, file)}`);
}

main().catch((err) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
