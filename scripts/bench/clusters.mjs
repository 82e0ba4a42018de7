// `npm run bench -- --clusters`: what one dashboard serving two clusters costs each of them,
// against a dashboard serving only one. Two etcds of its own with `n` leases each (one key each),
// measured alike (no viewer, then one viewer of that cluster's page), etcd's own counters.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { growLeases, measureViewers, startDashboard, waitForSampler } from './measure.mjs';
import { log, sleep } from './util.mjs';
import { startEtcd } from '../etcd.mjs';

async function phases(url, endpoint, pid, windowS) {
  await sleep(4000); // past the first reads' burst, as the other phases
  const noViewer = await measureViewers(url, endpoint, pid, 0, windowS);
  const oneViewer = await measureViewers(url, endpoint, pid, 1, windowS);
  return { noViewer: noViewer.timeToLivePerS, oneViewer: oneViewer.timeToLivePerS };
}

export async function measureClusters(Etcd3, n, windowS) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lease-dashboard-bench-clusters-'));
  const etcds = [];
  const clients = [];
  try {
    for (const name of ['alpha', 'beta']) {
      const etcd = await startEtcd({
        dataDir: path.join(dir, name),
        logFile: path.join(dir, `${name}.log`),
      });
      etcds.push(etcd);
      const client = new Etcd3({ hosts: etcd.endpoint });
      clients.push(client);
      log(`${name}: etcd ${etcd.endpoint}, granting ${n} leases ...`);
      await growLeases(client, 0, n);
    }
    const [alpha, beta] = etcds;
    log('one dashboard for alpha alone ...');
    const alone = await startDashboard(alpha.endpoint);
    let aloneCost;
    try {
      await waitForSampler(alone.url, n);
      aloneCost = await phases(alone.url, alpha.endpoint, alone.pid, windowS);
    } finally {
      await alone.stop();
    }
    const file = path.join(dir, 'clusters.json');
    writeFileSync(
      file,
      JSON.stringify([
        { name: 'alpha', endpoints: [alpha.endpoint] },
        { name: 'beta', endpoints: [beta.endpoint] },
      ]),
    );
    log('one dashboard for both ...');
    const both = await startDashboard(alpha.endpoint, { DASHBOARD_CLUSTERS_FILE: file });
    try {
      await waitForSampler(both.url, n);
      await waitForSampler(`${both.url}/c/beta`, n);
      const alphaCost = await phases(both.url, alpha.endpoint, both.pid, windowS);
      const betaCost = await phases(`${both.url}/c/beta`, beta.endpoint, both.pid, windowS);
      return { leases: n, alone: aloneCost, alpha: alphaCost, beta: betaCost };
    } finally {
      await both.stop();
    }
  } finally {
    clients.forEach((c) => c.close());
    await Promise.all(etcds.map((e) => e.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}
