// Each of the benchmark's measurements, against a running dashboard and its etcd.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort, stopChild } from '../etcd.mjs';
import { bin, root } from '../setup.mjs';
import { leaseRpcs, log, mapLimit, percentile, sleep, waitFor } from './util.mjs';

export const VIEWERS = 50;
const EXPIRING = 20;
/** the sampler's reads in flight (as in lib/sampler/lease-sampler.ts); the raw client's too */
export const READ_CONCURRENCY = 16;
export const PREFIX = '/lease-dashboard/bench/';

export async function startDashboard(etcdEndpoint) {
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
  return { url, pid: child.pid, stop: () => stopChild(child) };
}

/** Grants leases (TTL spread over 20-60 min, one key each) until `total` exist. */
export async function growLeases(client, have, total) {
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
export async function waitForSampler(url, n) {
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
 * One raw round in the middle of the pause between two sampler rounds, so neither slows the other
 * and both start after the same idle time (a round just after another one runs on a warm etcd and
 * warm caches, and is much faster: measured here, 18 ms against 39 ms at 100 leases). When the
 * sampler never pauses (it reads in turns at large sizes), the raw round overlaps it.
 */
async function rawBetweenRounds(url, client, expectMs) {
  for (let attempt = 0; attempt < 10; attempt++) {
    const round = (await health(url)).sampler.lastRound;
    const now = Date.now();
    const idleFrom = round.at + round.ms;
    const idleTo = round.at + 1000;
    const startAt = idleFrom + (idleTo - idleFrom - expectMs) / 2;
    if (startAt >= now && startAt + expectMs <= idleTo - 10) {
      await sleep(startAt - now);
      return rawRound(client);
    }
    await sleep(Math.max(10, round.at + 1000 + round.ms + 10 - now));
  }
  return rawRound(client);
}

/** The sampler's rounds over a window, with the raw client's rounds in between. */
export async function measureRounds(url, client, n, windowS) {
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
export async function measureViewers(url, etcdEndpoint, viewers, windowS) {
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
export async function measureExpiry(url, client) {
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
export async function measurePageLoad(url, browser, n, screenshot) {
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
