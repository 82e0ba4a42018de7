// The benchmark's table and its check of issue 6's targets.
import { fmt } from './util.mjs';

export function table(results) {
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
export function targets(results) {
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
