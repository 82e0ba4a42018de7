import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { actionId, callAction } from '../../e2e/actions';
import { leaseIdsInEtcd } from '../../e2e/etcd-side';
import { freePort } from '../../scripts/etcd.mjs';
import { dashboards } from './dashboards';
import { overFetch } from './http';
import { leasesOfEachTest } from './leases';

// GET /metrics against a real Prometheus (Debian's `prometheus`, started here on a free port): its
// text passes `promtool check metrics`, Prometheus scrapes it (with the bearer token where reads
// are protected), the alive-lease count it stores equals `etcdctl lease list`, and every query in
// the Grafana dashboard (docs/grafana/lease-dashboard.json) returns data.

type Dashboard = { panels: { title: string; targets: { expr: string }[] }[] };

const { main, guarded } = dashboards();
const leases = leasesOfEachTest();

let prometheus: ChildProcess | undefined;
let dir = '';
afterEach(async () => {
  const running = prometheus;
  prometheus = undefined;
  if (running && running.exitCode === null) {
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('promtool accepts the metrics; protected reads need the bearer token', async () => {
  const res = await fetch(`${main.baseURL}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  const text = await res.text();
  expect(text).toContain('# TYPE lease_dashboard_leases gauge');
  const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  expect(check.stdout + check.stderr).toBe('');
  expect(check.status).toBe(0);

  expect((await fetch(`${guarded.baseURL}/metrics`)).status).toBe(401);
  const wrong = await fetch(`${guarded.baseURL}/metrics`, {
    headers: { Authorization: 'Bearer not-the-token' },
  });
  expect(wrong.status).toBe(401);
  const right = await fetch(`${guarded.baseURL}/metrics`, {
    headers: { Authorization: `Bearer ${guarded.token}` },
  });
  expect(right.status).toBe(200);
  expect(await right.text()).toContain('lease_dashboard_etcd_up{cluster="default"} 1');
});

it('a real Prometheus scrapes it: alive leases as etcd lists them, and every Grafana query has data', async () => {
  // Something to show: a lease kept alive (the per-lease gauge, renewals) and one with a key.
  const kept = await leases.grant(30, { key: `/e2e/metrics/${Date.now()}` });
  const on = await callAction(overFetch, main.baseURL, actionId('setKeepAliveAction'), [
    { leaseId: kept, on: true },
  ]);
  expect(on.result).toMatchObject({ ok: true });

  dir = mkdtempSync(path.join(tmpdir(), 'lease-dashboard-prometheus-'));
  const port = await freePort();
  const target = (url: string) => new URL(url).host;
  writeFileSync(
    path.join(dir, 'prometheus.yml'),
    [
      'global:',
      '  scrape_interval: 1s',
      'scrape_configs:',
      '  - job_name: dashboard',
      `    static_configs: [{ targets: ['${target(main.baseURL)}'] }]`,
      '  - job_name: guarded',
      '    authorization:',
      `      credentials: '${guarded.token}'`,
      `    static_configs: [{ targets: ['${target(guarded.baseURL)}'] }]`,
      '',
    ].join('\n'),
  );
  prometheus = spawn(
    'prometheus',
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: 'ignore' },
  );
  const query = async (expr: string) => {
    // Prometheus is still starting (connection refused) or answers an error: no data yet.
    const url = `http://127.0.0.1:${port}/api/v1/query?${new URLSearchParams({ query: expr })}`;
    const res = await fetch(url).catch(() => null);
    if (!res?.ok) return [];
    const body = (await res.json()) as { data: { result: { value: [number, string] }[] } };
    return body.data.result;
  };

  await expect.poll(async () => (await query('up')).length, { timeout: 20_000 }).toBe(2);
  await expect
    .poll(async () => (await query('min(up)'))[0]?.value[1], { timeout: 10_000 })
    .toBe('1');
  await expect
    .poll(
      async () => {
        const stored = await query('lease_dashboard_leases{state="alive",job="dashboard"}');
        return Number(stored[0]?.value[1]) === (await leaseIdsInEtcd()).length;
      },
      { timeout: 20_000 },
    )
    .toBe(true);

  // The counters count: the sampler's reads, and the keep-alive's renewals of the lease above.
  const value = async (expr: string) => Number((await query(expr))[0]?.value[1] ?? 0);
  await expect
    .poll(() =>
      value(
        'lease_dashboard_etcd_requests_total{job="dashboard",method="LeaseTimeToLive",outcome="ok"}',
      ),
    )
    .toBeGreaterThan(0);
  await expect
    .poll(() => value('lease_dashboard_keep_alive_renewals_total{job="dashboard"}'), {
      timeout: 15_000,
    })
    .toBeGreaterThan(0);
  await expect
    .poll(() => value(`lease_dashboard_lease_remaining_seconds{job="dashboard",lease="${kept}"}`))
    .toBeGreaterThan(0);
  expect(await value('lease_dashboard_leading{job="dashboard"}')).toBe(1);

  const grafana = JSON.parse(
    readFileSync('docs/grafana/lease-dashboard.json', 'utf8'),
  ) as Dashboard;
  const queries = grafana.panels.flatMap((p) =>
    p.targets.map((t) => ({ panel: p.title, expr: t.expr })),
  );
  expect(queries.length).toBeGreaterThan(10);
  for (const { panel, expr } of queries)
    await expect
      .poll(async () => (await query(expr)).length, {
        message: `${panel}: ${expr}`,
        timeout: 20_000,
      })
      .toBeGreaterThan(0);
}, 90_000);
