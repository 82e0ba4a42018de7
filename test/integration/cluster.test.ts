import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureEtcd, startCluster } from '../../scripts/etcd.mjs';
import { versionOf } from '../../scripts/etcd-versions.mjs';
import { waitFor } from './helpers';
import { samplerWithKeepAlive } from './parts';

// A real three-member etcd cluster on loopback, the dashboard's modules pointed at all three
// endpoints. The leader is stopped while a lease is kept alive: the dashboard keeps answering,
// names the new leader, and the lease stays alive.

type Cluster = Awaited<ReturnType<typeof startCluster>>;
let dir: string;
let cluster: Cluster;
let lib: {
  sampler: import('@/lib/sampler/lease-sampler').LeaseSampler;
  keepAlive: import('@/lib/keep-alive/keep-alive-manager').KeepAliveManager;
  monitor: import('@/lib/cluster/cluster-monitor').ClusterMonitor;
  grantLease: typeof import('@/lib/etcd/leases').grantLease;
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'lease-dashboard-cluster-'));
  cluster = await startCluster({ dir });
  process.env.ETCD_ENDPOINTS = cluster.endpoints.join(',');
  const { grantLease } = await import('@/lib/etcd/leases');
  const { sampler, keepAlive, cluster: monitor } = await samplerWithKeepAlive();
  lib = {
    sampler,
    keepAlive,
    monitor,
    grantLease,
  };
}, 60_000);

afterAll(async () => {
  lib?.keepAlive.close();
  lib?.monitor.stop();
  lib?.sampler.stop();
  await cluster?.stopAll();
  rmSync(dir, { recursive: true, force: true });
});

describe('a three-member cluster', () => {
  it('lists every member, its client URL and the leader', async () => {
    lib.monitor.start();
    const view = await waitFor(
      () => {
        const v = lib.monitor.view();
        return v.members.length === 3 && v.leaderId && v.endpoints.every((e) => e.ok) ? v : null;
      },
      5000,
      'three members and a leader',
    );
    expect(view.members.map((m) => m.name).sort()).toEqual(['a', 'b', 'c']);
    for (const m of view.members) {
      expect(m.id).toMatch(/^[1-9a-f][0-9a-f]{0,15}$/); // %x, as etcdctl member list prints it
      expect(cluster.endpoints).toContain(m.clientURLs[0]);
    }
    expect(['a', 'b', 'c']).toContain(view.leaderName);
    // The version the members report is the one of the etcd binary the tests run.
    const version = versionOf(ensureEtcd());
    expect(version).toMatch(/^3\.[45]\.\d+$/);
    expect(view.endpoints.every((e) => e.ok && e.version === version && e.raftTerm >= 2)).toBe(
      true,
    );
  });

  it('keeps answering through the leader being stopped, names the new leader, and keeps the lease alive', async () => {
    await lib.sampler.start();
    const lease = await lib.grantLease(4);
    await lib.keepAlive.start(lease.id, 'third');
    const before = lib.monitor.view();
    const oldLeader = before.leaderName as string;
    const oldEndpoint = cluster.member(oldLeader)?.endpoint;

    await cluster.stop(oldLeader);
    const after = await waitFor(
      () => {
        const v = lib.monitor.view();
        return v.leaderName && v.leaderName !== oldLeader ? v : null;
      },
      10_000,
      'a new leader',
    );
    expect(after.endpoints.find((e) => e.endpoint === oldEndpoint)).toMatchObject({ ok: false });
    expect(lib.monitor.failing().map((f) => f.endpoint)).toEqual([oldEndpoint]);
    const elected = lib.sampler.events
      .since(0)
      .find((e) => e.kind === 'leader-changed' && e.text.includes(`(was ${oldLeader})`));
    expect(elected?.text).toContain(`etcd elected ${after.leaderName} (`);
    expect(lib.sampler.events.since(0).some((e) => e.kind === 'endpoint-down')).toBe(true);

    // Until five more renewals got through the two members left (past the lease's TTL, so past
    // the new leader's refresh too), the dashboard keeps reading leases: a poll that finds its
    // reads failing ends the wait and fails below.
    const renewals = lib.keepAlive.view(lease.id)?.renewals ?? 0;
    const reading = await waitFor(
      () => {
        const ok = lib.sampler.etcdStatus().ok;
        const now = lib.keepAlive.view(lease.id)?.renewals ?? 0;
        return !ok || now > renewals + 4 ? { ok } : false;
      },
      15_000,
      'five renewals through the members left',
    );
    expect(reading.ok).toBe(true);
    expect((await lib.sampler.refresh(lease.id))?.status).toBe('alive');
    expect(lib.sampler.lease(lease.id)?.status).toBe('alive');
    expect(lib.keepAlive.view(lease.id)).toMatchObject({ on: true });
    expect(lib.keepAlive.view(lease.id)?.renewals ?? 0).toBeGreaterThan(renewals + 4);

    await cluster.start(oldLeader);
    await waitFor(() => lib.monitor.failing().length === 0, 10_000, 'the member to answer again');
    expect(
      lib.sampler.events
        .since(0)
        .some((e) => e.kind === 'endpoint-up' && e.text.includes(oldEndpoint ?? '?')),
    ).toBe(true);
  });
});
