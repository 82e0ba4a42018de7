// The benchmark's table and its check of the targets (issue 13, "Light on a production cluster",
// and the earlier ones that stay).
import { fmt } from './util.mjs';

const ms = (v) => fmt(v, 1);
const pair = (a, b, f = ms) => `${f(a)} / ${f(b)}`;

export function table(results) {
  const rows = [
    [
      'leases',
      'TimeToLive/s, no viewer',
      'server CPU %, no viewer',
      'TimeToLive/s, 1 viewer',
      'server CPU %, 1 viewer',
      'lease RPC/s, 1 / 50 viewers',
      'ratio',
      'oldest reading s',
      '`/api/leases` p50 / p95 ms, 1 viewer',
      'p50 / p95 ms, 50 viewers',
      'expiry to API p50 / p95 ms, with key',
      'without key',
      'first rows s',
      'server RSS MiB',
    ],
    ...results.map((r) => [
      r.leases.toLocaleString('en-US'),
      fmt(r.noViewer.timeToLivePerS),
      fmt(r.noViewer.cpuPercent, 1),
      fmt(r.oneViewer.timeToLivePerS),
      fmt(r.oneViewer.cpuPercent, 1),
      pair(r.oneViewer.leaseRpcPerS, r.manyViewers.leaseRpcPerS, fmt),
      fmt(r.viewerRatio, 2),
      fmt(oldest(r) / 1000, 1),
      pair(r.oneViewer.p50Ms, r.oneViewer.p95Ms),
      pair(r.manyViewers.p50Ms, r.manyViewers.p95Ms),
      pair(r.expiry.p50Ms, r.expiry.p95Ms, fmt),
      pair(r.expiry.keylessP50Ms, r.expiry.keylessP95Ms, fmt),
      fmt(r.pageLoadMs / 1000, 2),
      fmt(r.rssMiB),
    ]),
  ];
  return markdown(rows);
}

/** The findings off and on at each size, side by side, and the engine's own time. */
export function findingsTable(results) {
  const rows = [
    [
      'leases',
      'findings',
      'lease RPC/s',
      'server CPU %',
      'server RSS MiB',
      'heap used MiB',
      'ms per judgement',
      'judging, % of a core',
    ],
    ...results.flatMap(({ leases, findings: f }) =>
      [
        ['off', f.off],
        ['on', f.on],
      ].map(([mode, m]) => [
        leases.toLocaleString('en-US'),
        mode,
        fmt(m.leaseRpcPerS),
        fmt(m.cpuPercent, 1),
        fmt(m.rssMiB),
        fmt(m.heapMiB),
        mode === 'on' ? fmt(m.judgeMs, 2) : '-',
        mode === 'on' ? fmt(m.judgeCpuPercent, 2) : '-',
      ]),
    ),
  ];
  return markdown(rows);
}

/** The dashboard with no room and with an audience room renewing, side by side. */
export function roomTable(results) {
  const rows = [
    [
      'leases',
      'audience room',
      'renewals/s',
      'TimeToLive/s',
      'lease RPC/s',
      'server CPU %',
      'server RSS MiB',
      'heap used MiB',
    ],
    ...results
      .filter((r) => r.room)
      .flatMap(({ leases, room }) =>
        [
          ['none', room.noRoom],
          [`${room.members} members`, room.withRoom],
        ].map(([what, m]) => [
          leases.toLocaleString('en-US'),
          what,
          fmt(m.renewalsPerS),
          fmt(m.timeToLivePerS),
          fmt(m.leaseRpcPerS),
          fmt(m.cpuPercent, 1),
          fmt(m.rssMiB),
          fmt(m.heapMiB),
        ]),
      ),
  ];
  return markdown(rows);
}

/** How the room's phones fared: their joins and their heartbeats' latency. */
export function roomLines(results) {
  return results
    .filter((r) => r.room)
    .map(
      ({ room: r }) =>
        `${r.members} phones joined in ${fmt(r.joinS, 1)} s; each renewed every ${fmt(r.ttl / 3, 1)} s ` +
        `(TTL ${r.ttl} s): ${fmt(r.heartbeatsPerS)} heartbeats/s, p50 / p95 ${pair(r.heartbeatP50Ms, r.heartbeatP95Ms)} ms`,
    );
}

function markdown(rows) {
  const header = `| ${rows[0].join(' | ')} |`;
  const rule = `|${rows[0].map(() => '---').join('|')}|`;
  return [header, rule, ...rows.slice(1).map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** One client's cost against one viewer's, a line a size that measured it. */
export function oneClientLines(results) {
  return results
    .filter((r) => r.oneClient)
    .map(({ leases, oneClient: c }) => {
      const capped = [c.viewer, c.paging, c.details].some((p) => p.capped);
      return (
        `One client at ${leases.toLocaleString('en-US')} leases, TimeToLive/s: one viewer of a ` +
        `500-lease page and its detail ${fmt(c.viewer.timeToLivePerS)}, paging everything 4x/s ` +
        `${fmt(c.paging.timeToLivePerS)} (${fmt(c.pagingRatio, 2)}x), 100 details every 2 s ` +
        `${fmt(c.details.timeToLivePerS)} (${fmt(c.detailsRatio, 2)}x)` +
        `${capped ? " (capped at etcd's pace)" : ''}${c.errors ? `, ${c.errors} errors` : ''}`
      );
    });
}

/** p95 of the 50 viewers' polling counting each one's first request too (see measureViewers). */
const withFirst = (r) => `${ms(r.manyViewers.withFirstP95Ms)} ms with each viewer's first request`;

/** The oldest reading any phase's rounds reported. */
const oldest = (r) =>
  Math.max(r.noViewer.maxStalenessMs, r.oneViewer.maxStalenessMs, r.manyViewers.maxStalenessMs);

/** The targets, each with whether this run met it. */
export function targets(results, watch) {
  const at = (n) => results.find((r) => r.leases === n);
  const checks = [];
  const check = (target, met, measured) => checks.push({ target, met, measured });
  const k1 = at(1000);
  if (k1) {
    check(
      '1,000 leases, no viewer: at most 50 TimeToLive/s and 5% of a core',
      k1.noViewer.timeToLivePerS <= 50 && k1.noViewer.cpuPercent <= 5,
      `${fmt(k1.noViewer.timeToLivePerS)}/s, ${fmt(k1.noViewer.cpuPercent, 1)}%`,
    );
    check(
      '1,000 leases, one viewer: at most 100 TimeToLive/s',
      k1.oneViewer.timeToLivePerS <= 100,
      `${fmt(k1.oneViewer.timeToLivePerS)}/s`,
    );
    check(
      '/api/leases p95 under 50 ms at 1,000 leases with 50 viewers',
      k1.manyViewers.p95Ms !== null && k1.manyViewers.p95Ms < 50,
      `${ms(k1.manyViewers.p95Ms)} ms (${withFirst(k1)})`,
    );
  }
  const k10 = at(10_000);
  if (k10)
    check(
      '10,000 leases, one viewer: at most 400 TimeToLive/s',
      k10.oneViewer.timeToLivePerS <= 400,
      `${fmt(k10.oneViewer.timeToLivePerS)}/s`,
    );
  const renewals = results.find((r) => r.renewals)?.renewals;
  if (renewals) {
    check(
      'a lease on screen, in focus, renewed by etcdctl: in the API within 1 s',
      renewals.onScreen.seen === renewals.onScreen.samples && renewals.onScreen.maxMs <= 1000,
      `${renewals.onScreen.seen}/${renewals.onScreen.samples} seen, at most ${fmt(renewals.onScreen.maxMs)} ms`,
    );
    check(
      'a lease off screen renewed by etcdctl: in the live events within 30 s',
      renewals.offScreen.seen === renewals.offScreen.samples && renewals.offScreen.maxMs <= 30_000,
      `${renewals.offScreen.seen}/${renewals.offScreen.samples} seen, at most ${fmt(renewals.offScreen.maxMs / 1000, 1)} s`,
    );
  }
  check(
    'expiry through the API within 1 s (p95), leases with keys and without',
    results.every((r) => r.expiry.p95Ms <= 1000 && r.expiry.keylessP95Ms <= 1000),
    results
      .map((r) => `${r.leases}: ${fmt(r.expiry.p95Ms)} / ${fmt(r.expiry.keylessP95Ms)} ms`)
      .join(', '),
  );
  // Where reads were capped at etcd's pace (100,000 leases here), the sampler reads as many as etcd
  // answers whoever looks, and a viewer's leases would displace other reads rather than add to
  // them: the ratio there measures etcd's pace in each window (0.73x to 1.21x on 2026-11-28), so
  // it is shown but not checked.
  const uncapped = results.filter((r) => !r.oneViewer.capped && !r.manyViewers.capped);
  check(
    '50 viewers cost etcd at most 1.1x what 1 viewer costs (where reads were not capped)',
    uncapped.length > 0 && uncapped.every((r) => r.viewerRatio !== null && r.viewerRatio <= 1.1),
    results
      .map(
        (r) =>
          `${r.leases}: ${fmt(r.viewerRatio, 2)}x${uncapped.includes(r) ? '' : " (capped at etcd's pace)"}`,
      )
      .join(', '),
  );
  // As for 50 viewers: where reads were capped at etcd's pace, the ratio measures that pace.
  const clients = results.filter(
    (r) => r.oneClient && ![r.oneClient.viewer, r.oneClient.paging].some((p) => p.capped),
  );
  if (results.some((r) => r.oneClient))
    check(
      'one client paging every lease 4x/s, or reading 100 details every 2 s: at most 1.2x what one viewer of the largest page (with its detail) costs etcd (where reads were not capped)',
      clients.length > 0 &&
        clients.every(
          (r) =>
            r.oneClient.errors === 0 &&
            r.oneClient.pagingRatio !== null &&
            r.oneClient.pagingRatio <= 1.2 &&
            r.oneClient.detailsRatio <= 1.2,
        ),
      results
        .filter((r) => r.oneClient)
        .map(
          (r) =>
            `${r.leases}: ${fmt(r.oneClient.pagingRatio, 2)}x / ${fmt(r.oneClient.detailsRatio, 2)}x${clients.includes(r) ? '' : " (capped at etcd's pace)"}`,
        )
        .join(', '),
    );
  if (watch) {
    check(
      'default watch: at most 1.3x an unrelated write',
      watch.all.ratio <= 1.3,
      `${fmt(watch.all.bytesPerWrite)} bytes per 2 KiB write (${fmt(watch.all.ratio, 2)}x)`,
    );
    check(
      'scoped watch: at most 10% of a write outside its prefixes',
      watch.scoped.ratio <= 0.1,
      `${fmt(watch.scoped.bytesPerWrite)} bytes (${fmt(watch.scoped.ratio, 2)}x)`,
    );
  }
  const k100 = at(100_000);
  if (k100)
    check(
      '100,000 leases: first rows under 3 s, p95 under 50 ms at 50 viewers, under 1 GiB',
      k100.pageLoadMs < 3000 && k100.manyViewers.p95Ms < 50 && k100.rssMiB < 1024,
      `${fmt(k100.pageLoadMs / 1000, 2)} s, ${ms(k100.manyViewers.p95Ms)} ms (${withFirst(k100)}), ${fmt(k100.rssMiB)} MiB`,
    );
  return checks;
}
