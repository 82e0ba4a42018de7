import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Etcd3 } from 'etcd3';
import { startCluster } from '../../scripts/etcd.mjs';
import { etcdBinDir } from '../../scripts/etcd-versions.mjs';
import { waitFor } from '../integration/helpers';
import { samplerWithKeepAlive } from '../integration/parts';

// The refreshed-by-leader-change finding on a real three-member etcd 3.5 cluster without lease
// checkpointing: another client's lease, read by the dashboard with time gone off it, gets its full
// TTL back when the leader moves. The finding names it with the seconds it had left, says
// checkpointing looks off, and clears once the lease is revoked.

const run = promisify(execFile);
const bin = etcdBinDir('3.5');
const TTL_S = 60;
let dir = '';
let cluster: Awaited<ReturnType<typeof startCluster>>;
let etcd: Etcd3;
let parts: Awaited<ReturnType<typeof build>>;

async function build() {
  const { english } = await import('@/lib/shared/english');
  const { render } = await import('@/lib/shared/i18n');
  const built = await samplerWithKeepAlive();
  return {
    ...built,
    monitor: built.cluster,
    said: (m: Parameters<typeof render>[1]) => render(english, m),
  };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'lease-dashboard-findings-'));
  cluster = await startCluster({
    dir,
    binary: path.join(bin, 'etcd'),
    flags: [],
    token: path.basename(dir),
  });
  process.env.ETCD_ENDPOINTS = cluster.endpoints.join(',');
  etcd = new Etcd3({ hosts: cluster.endpoints });
  parts = await build();
  parts.monitor.start();
  await parts.sampler.start();
}, 60_000);

afterAll(async () => {
  parts?.keepAlive.close();
  parts?.monitor.stop();
  parts?.sampler.stop();
  etcd?.close();
  await cluster?.stopAll();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

it('names leases refreshed at a leader change, with the time they had left, until revoked', async () => {
  const { sampler, monitor, findings, said } = parts;
  const leader = await waitFor(() => monitor.view().leaderName, 10_000, 'a leader');
  const { ID } = await etcd.leaseClient.leaseGrant({ TTL: TTL_S });
  const id = BigInt(ID).toString(16).padStart(16, '0');
  const look = setInterval(() => sampler.viewed('findings-slow', [id], Date.now(), true), 200);
  try {
    await waitFor(
      () => {
        const v = sampler.lease(id);
        return v?.status === 'alive' && v.ttl <= TTL_S - 8;
      },
      20_000,
      'time gone off the lease',
    );
    expect(findings.leasesOf('refreshed-by-leader-change')).toEqual([]);
    const target = monitor.view().members.find((m) => m.name !== leader);
    const endpoint = cluster.member(leader)?.endpoint;
    if (!target || !endpoint) throw new Error('no member to move the leader to');
    await run(path.join(bin, 'etcdctl'), ['--endpoints', endpoint, 'move-leader', target.id]);
    await waitFor(
      () => findings.leasesOf('refreshed-by-leader-change').includes(id),
      15_000,
      'refreshed-by-leader-change',
    );
    const found = findings.response().findings.find((f) => f.kind === 'refreshed-by-leader-change');
    expect(found?.severity).toBe('info');
    expect(found?.actionable).toBe(false);
    expect(said(found?.summary)).toContain('lease checkpointing looks off');
    expect(said(found?.examples[0]?.detail)).toMatch(/^had \d+ s left, then 1m( \d+s)? after/);
    await etcd.leaseClient.leaseRevoke({ ID });
    await waitFor(
      () => !findings.leasesOf('refreshed-by-leader-change').includes(id),
      5000,
      'refreshed-by-leader-change cleared',
    );
  } finally {
    clearInterval(look);
    await etcd.leaseClient.leaseRevoke({ ID }).catch(() => undefined);
  }
}, 90_000);
