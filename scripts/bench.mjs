// `npm run bench`: what the dashboard costs etcd and how fast it answers, at 100 to 10,000 leases
// (and 100,000 with --sizes 100000). Starts its own etcd on free ports and the production build of
// the dashboard against it, grants the leases (each with a key) from this process, and measures:
// - once, before any lease: the watch's bytes per unrelated 2 KiB write, from etcd's own counter of
//   bytes sent to clients, for a dashboard watching every key and one scoped by
//   DASHBOARD_WATCH_PREFIXES to the bench's prefix;
// - for each size, with no viewer, 1 viewer and 50 viewers polling /api/leases once a second:
//   etcd's TimeToLive and lease RPCs per second (from etcd's /metrics), the server's CPU, the oldest
//   reading, and the requests' latency;
// - the time from etcd deleting an expired lease (with a key, and without) to the API saying so;
// - at the first size of 1,000 or more: how soon another client's renewal shows, on screen (the
//   API) and off screen (the live events);
// - at each size of 1,000 or more: what one client costs etcd paging through every lease four times
//   a second, or reading 100 leases' details every 2 s, against one viewer of the largest page;
// - how long the page takes to show its first rows in Chromium, and the server's resident memory;
// - once, at the first size of 1,000 or more (else the largest), what an audience room costs: 200
//   phones (this process) join a room and renew every TTL/3 over the server actions a phone's page
//   calls, against the same dashboard with no room, the big screen open in both (etcd's renewals
//   and lease RPCs, the server's CPU, resident memory and V8 heap); the room is ended after;
// - at each size, what the findings cost: a fresh dashboard with DASHBOARD_FINDINGS_OFF and one
//   without, side by side with no viewer (etcd's lease requests, CPU, memory, time judging).
// Prints a table, checks the targets, and writes everything as JSON to bench/results/.
//   npm run bench [-- --sizes 100,1000 --window 10 --no-build --screenshot docs/screenshots/x.png]
// --cpu-prof DIR runs the measured dashboard under `node --cpu-prof` (a .cpuprofile in DIR).
// With --soak MINUTES it runs a churning workload instead and records the server's memory, to show
// that what the dashboard keeps is bounded. With --clusters it measures instead what one dashboard
// serving two clusters of 1,000 leases (or --sizes' first) costs each, against one serving one.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  forgetUnrelated,
  measureOffScreenRenewal,
  measureOnScreenRenewal,
  measureWatch,
} from './bench/cost.mjs';
import {
  growLeases,
  measureExpiry,
  measurePageLoad,
  measureViewers,
  PREFIX,
  startDashboard,
  VIEWERS,
  waitForSampler,
} from './bench/measure.mjs';
import { measureClusters } from './bench/clusters.mjs';
import { measureFindings } from './bench/findings.mjs';
import { measureOneClient } from './bench/one-client.mjs';
import {
  findingsTable,
  oneClientLines,
  roomLines,
  roomTable,
  table,
  targets,
} from './bench/report.mjs';
import { measureRoom } from './bench/room.mjs';
import { soak } from './bench/soak.mjs';
import { fmt, log, machine, rssMiB as readRss, sleep } from './bench/util.mjs';
import { ensureDebianPackage, startEtcd } from './etcd.mjs';
import { bin, ensureNpmPackages, root, run } from './setup.mjs';

const args = parseArgs(process.argv.slice(2));
const SIZES = args.sizes ?? [100, 1000, 5000, 10_000];
/** seconds each viewer phase lasts */
const WINDOW_S = args.window ?? 10;
/** the size the audience room is measured at, once */
const ROOM_AT = [...SIZES].sort((a, b) => a - b).find((n) => n >= 1000) ?? Math.max(...SIZES);

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--sizes') out.sizes = argv[++i].split(',').map(Number);
    else if (a === '--window') out.window = Number(argv[++i]);
    else if (a === '--no-build') out.noBuild = true;
    else if (a === '--soak') out.soak = Number(argv[++i]);
    else if (a === '--clusters') out.clusters = true;
    else if (a === '--screenshot') out.screenshot = argv[++i];
    else if (a === '--cpu-prof') out.cpuProf = argv[++i];
    else
      throw new Error(
        `unknown option ${a} (use --sizes 100,1000 --window 10 --no-build --cpu-prof DIR, or --soak MINUTES, or --clusters)`,
      );
  }
  if (out.sizes?.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error('--sizes takes whole numbers, like 100,1000');
  if (out.soak !== undefined && !(out.soak > 0)) throw new Error('--soak takes minutes, like 30');
  return out;
}

async function main() {
  ensureNpmPackages();
  const chromiumPath = process.env.CHROMIUM_PATH ?? ensureDebianPackage('chromium', 'chromium');
  const { Etcd3 } = await import('etcd3');
  const { chromium } = await import('@playwright/test');
  if (!args.noBuild) {
    log('building the dashboard (next build) ...');
    run(bin('next'), ['build'], { env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  }
  if (args.clusters) {
    const n = args.sizes?.[0] ?? 1000;
    const result = await measureClusters(Etcd3, n, WINDOW_S);
    const outDir = path.join(root, 'bench', 'results');
    mkdirSync(outDir, { recursive: true });
    const file = path.join(
      outDir,
      `clusters-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
    );
    writeFileSync(file, `${JSON.stringify({ machine: machine(), ...result }, null, 2)}\n`);
    const line = (what, c) =>
      `${what}: ${fmt(c.noViewer)} TimeToLive/s with no viewer, ${fmt(c.oneViewer)} with one viewer`;
    console.log(
      `\nTwo clusters of ${n.toLocaleString('en-US')} leases, etcd's own counters:\n` +
        `${line('alpha, a dashboard for it alone', result.alone)}\n` +
        `${line('alpha, one dashboard for both', result.alpha)}\n` +
        `${line('beta, one dashboard for both', result.beta)}\nJSON: ${path.relative(root, file)}`,
    );
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lease-dashboard-bench-'));
  const etcd = await startEtcd({
    dataDir: path.join(dir, 'data'),
    logFile: path.join(dir, 'etcd.log'),
  });
  log(`etcd ${etcd.endpoint}, data in ${dir}`);
  const client = new Etcd3({ hosts: etcd.endpoint });
  let watch = null;
  if (!args.soak) {
    log('watch cost, scoped to the bench prefix ...');
    const scoped = await startDashboard(etcd.endpoint, { DASHBOARD_WATCH_PREFIXES: PREFIX });
    const scopedWatch = await measureWatch(etcd.endpoint, client);
    await scoped.stop();
    watch = { scoped: scopedWatch };
  }
  let dashboard = await startDashboard(etcd.endpoint, {}, args.cpuProf ?? null);
  log(`dashboard ${dashboard.url} (pid ${dashboard.pid})`);
  if (watch) {
    log('watch cost, every key ...');
    watch.all = await measureWatch(etcd.endpoint, client);
    await forgetUnrelated(client);
  }
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
      const result = await soak(dashboard.url, client, args.soak, dashboard.pid);
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
      await sleep(4000); // what the last page showed is no longer on screen
      const phase = (viewers) =>
        measureViewers(dashboard.url, etcd.endpoint, dashboard.pid, viewers, WINDOW_S);
      log('no viewer ...');
      const noViewer = await phase(0);
      log('1 viewer ...');
      const oneViewer = await phase(1);
      log(`${VIEWERS} viewers ...`);
      const manyViewers = await phase(VIEWERS);
      log('expiry ...');
      const expiry = await measureExpiry(dashboard.url, client);
      let oneClient = null;
      if (n >= 1000) {
        log('one client paging everything, and opening many details ...');
        oneClient = await measureOneClient(dashboard.url, etcd.endpoint, n, WINDOW_S);
      }
      let renewals = null;
      if (n >= 1000 && !results.some((r) => r.renewals)) {
        log('renewals by another client, on screen ...');
        const onScreen = await measureOnScreenRenewal(dashboard.url, etcd.endpoint, client);
        const offScreen = await measureOffScreenRenewal(dashboard.url, etcd.endpoint, client);
        renewals = { onScreen, offScreen };
      }
      log('page load ...');
      const largest = n === Math.max(...SIZES);
      const pageLoadMs = await measurePageLoad(
        dashboard.url,
        browser,
        n,
        largest ? args.screenshot : undefined,
      );
      const rssMiB = readRss(dashboard.pid);
      let room = null;
      if (n === ROOM_AT) {
        room = await measureRoom(dashboard.url, etcd.endpoint, dashboard.pid, client, WINDOW_S);
      }
      // Last, as it stops the measured dashboard: the findings measure alone, then it starts again.
      log('findings, off and on ...');
      await dashboard.stop();
      const findings = await measureFindings(etcd.endpoint, n, WINDOW_S);
      dashboard = await startDashboard(etcd.endpoint, {}, args.cpuProf ?? null);
      const result = {
        leases: n,
        noViewer,
        oneViewer,
        manyViewers,
        viewerRatio: oneViewer.leaseRpcPerS
          ? manyViewers.leaseRpcPerS / oneViewer.leaseRpcPerS
          : null,
        expiry,
        oneClient,
        renewals,
        pageLoadMs,
        rssMiB,
        room,
        findings,
      };
      results.push(result);
      log(JSON.stringify(result));
    }
  } finally {
    await cleanUp();
  }

  const checks = targets(results, watch);
  const report = {
    date: started.toISOString(),
    machine: machine(),
    windowS: WINDOW_S,
    viewers: VIEWERS,
    watch,
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
  console.log(
    `\nWhat the findings cost, a fresh dashboard each, no viewer:\n${findingsTable(results)}`,
  );
  for (const line of oneClientLines(results)) console.log(line);
  console.log(
    `\nWhat an audience room costs, the big screen open, no viewer of the leases:\n${roomTable(results)}`,
  );
  for (const line of roomLines(results)) console.log(line);
  console.log(
    `\nWatch, per unrelated 2 KiB write: every key ${fmt(watch.all.bytesPerWrite)} bytes ` +
      `(${fmt(watch.all.ratio, 2)}x), scoped ${fmt(watch.scoped.bytesPerWrite)} bytes (${fmt(watch.scoped.ratio, 2)}x)`,
  );
  console.log('');
  for (const c of checks) console.log(`${c.met ? 'met   ' : 'MISSED'}  ${c.target}: ${c.measured}`);
  console.log(`\nJSON: ${path.relative(root, file)}`);
}

main().catch((err) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
