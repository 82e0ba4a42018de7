import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEtcd } from '../../scripts/etcd.mjs';
import { startDashboard, type DashboardProcess } from './dashboard-process';
import { actionId, callAction } from '../../e2e/actions';
import { overFetch } from './http';
import { writeClustersFile } from '../../e2e/replica-helpers';

// One dashboard for two etcd clusters (DASHBOARD_CLUSTERS_FILE), each a real etcd of this file's
// own: each cluster's leases under its own URLs (today's for the first, /c/<name>/ for both), its
// own metrics, and one cluster stopping while the other goes on answering.

type Etcd = Awaited<ReturnType<typeof startEtcd>>;
type Leases = { etcd: { ok: boolean }; leases: { id: string }[] };
type Clusters = { clusters: { name: string; path: string; ok: boolean | null }[] };

let dir = '';
const etcds: Record<'alpha' | 'beta', Etcd | undefined> = { alpha: undefined, beta: undefined };
const ids: Record<'alpha' | 'beta', string> = { alpha: '', beta: '' };
const clients: Etcd3[] = [];
let dashboard: DashboardProcess | undefined;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'lease-dashboard-clusters-'));
  for (const name of ['alpha', 'beta'] as const) {
    const etcd = await startEtcd({
      dataDir: path.join(dir, name),
      logFile: path.join(dir, `${name}.log`),
    });
    etcds[name] = etcd;
    const client = new Etcd3({ hosts: etcd.endpoint });
    clients.push(client);
    const lease = client.lease(300, { autoKeepAlive: false });
    await lease.put(`/system-test/clusters/${name}`).value(name);
    ids[name] = BigInt(await lease.grant())
      .toString(16)
      .padStart(16, '0');
  }
  const file = writeClustersFile(dir, {
    alpha: etcds.alpha?.endpoint ?? '',
    beta: etcds.beta?.endpoint ?? '',
  });
  dashboard = await startDashboard('clusters', { DASHBOARD_CLUSTERS_FILE: file }, dir);
}, 90_000);

afterAll(async () => {
  await dashboard?.stop();
  clients.forEach((c) => c.close());
  await Promise.all(Object.values(etcds).map((e) => e?.stop()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const get = async <T>(p: string): Promise<{ status: number; body: T }> => {
  const res = await fetch(`${dashboard?.url}${p}`);
  return { status: res.status, body: (await res.json().catch(() => null)) as T };
};
const leaseIds = async (p: string) => (await get<Leases>(p)).body.leases.map((l) => l.id);

it("shows each cluster's own leases under its own URLs, and today's URLs show the first", async () => {
  await expect.poll(() => leaseIds('/api/leases')).toContain(ids.alpha);
  expect(await leaseIds('/api/leases')).not.toContain(ids.beta);
  expect(await leaseIds('/c/alpha/api/leases')).toContain(ids.alpha);
  await expect.poll(() => leaseIds('/c/beta/api/leases')).toContain(ids.beta);
  expect(await leaseIds('/c/beta/api/leases')).not.toContain(ids.alpha);
  expect((await fetch(`${dashboard?.url}/c/gamma/api/leases`)).status).toBe(404);

  const page = await (await fetch(`${dashboard?.url}/c/beta`)).text();
  expect(page).toContain('href="/c/beta/findings"');
  expect(page).toContain('aria-label="Clusters"');
});

it("changes a cluster's own etcd through an action posted to its pages", async () => {
  const renew = (base: string, id: string) =>
    callAction(overFetch, `${dashboard?.url}${base}`, actionId('renewLeaseAction'), [
      { leaseId: id },
    ]);
  const inBeta = await renew('/c/beta', ids.beta);
  expect(inBeta.result).toMatchObject({ ok: true, data: { id: ids.beta } });
  // The same lease through the first cluster's pages: that etcd has never heard of it.
  const inAlpha = await renew('', ids.beta);
  expect(inAlpha.result).toMatchObject({ ok: false, code: 'lease_not_found' });
});

it('labels every metric with its cluster', async () => {
  const text = await (await fetch(`${dashboard?.url}/metrics`)).text();
  expect(text).toContain('lease_dashboard_etcd_up{cluster="alpha"} 1');
  expect(text).toContain('lease_dashboard_etcd_up{cluster="beta"} 1');
  expect(text).toMatch(/lease_dashboard_leases\{cluster="beta",state="alive"\} [1-9]/);
});

it('says which cluster is down while the other goes on answering', async () => {
  const clusters = () => get<Clusters>('/api/clusters');
  expect((await clusters()).body.clusters).toEqual([
    { name: 'alpha', path: '/', ok: true },
    { name: 'beta', path: '/c/beta', ok: true },
  ]);
  await etcds.beta?.stop();
  await expect
    .poll(async () => (await clusters()).body.clusters.map((c) => c.ok), { timeout: 15_000 })
    .toEqual([true, false]);
  await expect
    .poll(async () => (await get<Leases>('/c/beta/api/leases')).body.etcd.ok, { timeout: 15_000 })
    .toBe(false);
  const alpha = await get<Leases>('/api/leases');
  expect(alpha.body.etcd.ok).toBe(true);
  expect(alpha.body.leases.map((l) => l.id)).toContain(ids.alpha);
});
