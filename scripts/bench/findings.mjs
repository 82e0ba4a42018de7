// What the findings cost: a fresh dashboard on the same leases, once with DASHBOARD_FINDINGS_OFF and
// once without, measured alike with nobody looking (etcd's lease requests, the server's CPU and
// memory), and the engine's own time from its counters.
import { measureViewers, startDashboard, waitForSampler } from './measure.mjs';
import { metricSum, rssMiB, sleep } from './util.mjs';

const METRIC = 'lease_dashboard_';

async function scrape(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  return {
    judgements: metricSum(text, `${METRIC}findings_judgements_total`),
    judgeSeconds: metricSum(text, `${METRIC}findings_judge_seconds_total`),
    heapBytes: metricSum(text, `${METRIC}nodejs_heap_size_used_bytes`),
  };
}

async function measureOne(etcdEndpoint, n, windowS, off) {
  const dashboard = await startDashboard(
    etcdEndpoint,
    off ? { DASHBOARD_FINDINGS_OFF: 'true' } : {},
  );
  try {
    await waitForSampler(dashboard.url, n);
    await sleep(4000); // past the first reads' burst, as the other phases
    const before = await scrape(dashboard.url);
    const started = performance.now();
    const phase = await measureViewers(dashboard.url, etcdEndpoint, dashboard.pid, 0, windowS);
    const seconds = (performance.now() - started) / 1000;
    const after = await scrape(dashboard.url);
    const judgements = after.judgements - before.judgements;
    const judgeSeconds = after.judgeSeconds - before.judgeSeconds;
    return {
      leaseRpcPerS: phase.leaseRpcPerS,
      timeToLivePerS: phase.timeToLivePerS,
      cpuPercent: phase.cpuPercent,
      rssMiB: rssMiB(dashboard.pid),
      heapMiB: after.heapBytes / 2 ** 20,
      judgements,
      judgeMs: judgements ? (judgeSeconds / judgements) * 1000 : null,
      judgeCpuPercent: (judgeSeconds / seconds) * 100,
    };
  } finally {
    await dashboard.stop();
  }
}

/** Off, then on; the caller stops its own dashboard first, so each measures alone. */
export async function measureFindings(etcdEndpoint, n, windowS) {
  const off = await measureOne(etcdEndpoint, n, windowS, true);
  const on = await measureOne(etcdEndpoint, n, windowS, false);
  return {
    off,
    on,
    extraLeaseRpcPerS: on.leaseRpcPerS - off.leaseRpcPerS,
    extraCpuPercent: on.cpuPercent - off.cpuPercent,
    extraRssMiB: on.rssMiB - off.rssMiB,
    extraHeapMiB: on.heapMiB - off.heapMiB,
  };
}
