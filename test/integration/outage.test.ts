import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEtcd } from '../../scripts/etcd.mjs';
import { ttlOf } from '@/lib/shared/lease-view';
import { waitFor } from './helpers';
import { samplerWithKeepAlive } from './parts';

// etcd going away and coming back, on an etcd of this file's own (same ports, same data dir), with
// the dashboard's own modules pointed at it.

type Etcd = {
  endpoint: string;
  clientPort: number;
  peerPort: number;
  dataDir: string;
  stop: () => Promise<void>;
};

let dir: string;
let etcd: Etcd;
let lib: {
  sampler: import('@/lib/sampler/lease-sampler').LeaseSampler;
  keepAlive: import('@/lib/keep-alive/keep-alive-manager').KeepAliveManager;
  cluster: import('@/lib/cluster/cluster-monitor').ClusterMonitor;
  grant: typeof import('@/app/actions').grantLeaseAction;
  grantLease: typeof import('@/lib/etcd/leases').grantLease;
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'lease-dashboard-outage-'));
  etcd = await startEtcd({ dataDir: path.join(dir, 'data'), logFile: path.join(dir, 'etcd.log') });
  process.env.ETCD_ENDPOINTS = etcd.endpoint;
  const { getConfig } = await import('@/lib/dashboard/registry');
  expect(getConfig().endpoints).toEqual([etcd.endpoint]);
  const { grantLeaseAction } = await import('@/app/actions');
  const { grantLease } = await import('@/lib/etcd/leases');
  const { sampler, keepAlive, cluster } = await samplerWithKeepAlive();
  lib = {
    sampler,
    keepAlive,
    cluster,
    grant: grantLeaseAction,
    grantLease,
  };
});

const restartEtcd = async () =>
  (etcd = await startEtcd({
    dataDir: etcd.dataDir,
    clientPort: etcd.clientPort,
    peerPort: etcd.peerPort,
    logFile: path.join(dir, 'etcd.log'),
  }));

afterAll(async () => {
  lib?.keepAlive.close();
  lib?.cluster.stop();
  lib?.sampler.stop();
  await etcd?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('when etcd goes away', () => {
  it('reports the outage with the endpoint it tried, refuses actions clearly, and recovers by itself', async () => {
    await lib.sampler.start();
    expect(lib.sampler.etcdStatus().ok).toBe(true);

    await etcd.stop();
    const down = await waitFor(
      () => {
        const s = lib.sampler.etcdStatus();
        return s.ok ? false : s;
      },
      5000,
      'the sampler to notice',
    );
    expect(down.endpoints).toEqual([etcd.endpoint]);
    expect(down.error).toMatchObject({
      code: 'etcd_unavailable',
      text: expect.stringContaining(`etcd is not answering at ${etcd.endpoint}`),
      message: { key: expect.stringMatching(/^errors\./) },
    });

    const data = new FormData();
    data.set('ttl', '10');
    const { result } = await lib.grant({ result: null, values: {} }, data);
    expect(result).toMatchObject({
      ok: false,
      code: 'etcd_unavailable',
      text: expect.stringContaining(`etcd is not answering at ${etcd.endpoint}`),
      message: expect.objectContaining({ key: expect.stringMatching(/^errors\./) }),
    });

    await restartEtcd();
    await waitFor(() => lib.sampler.etcdStatus().ok, 15_000, 'the sampler to recover');
  });

  it('marks the TTL jump of a restart as etcd refreshing the lease, and keeps a kept-alive lease', async () => {
    await lib.sampler.start();
    lib.cluster.start();
    await waitFor(() => lib.cluster.view().leaderId, 3000, 'the cluster monitor to see the leader');
    const waiting = await lib.grantLease(20);
    const kept = await lib.grantLease(6);
    await lib.keepAlive.start(kept.id, 'half');
    await waitFor(
      () => (ttlOf(lib.sampler.lease(waiting.id)) ?? 99) <= 16,
      8000,
      'the lease to count down',
    );

    await etcd.stop();
    await restartEtcd();
    // A restarted single member elects itself leader in a new term and refreshes every lease.
    const refreshed = await waitFor(
      () =>
        lib.sampler.events
          .since(0)
          .find((e) => e.kind === 'lease-refreshed' && e.lease === waiting.id),
      15_000,
      'the refresh to be noticed',
    );
    expect(refreshed.text).toContain('refreshed by etcd, not renewed');
    const elected = await waitFor(
      () => lib.sampler.events.since(0).find((e) => e.kind === 'leader-changed'),
      5000,
      'the election to be logged',
    );
    expect(elected.text).toMatch(
      /^etcd elected dashboard \([1-9a-f][0-9a-f]{0,15}\) leader again in raft term \d+/,
    );
    expect(
      lib.sampler.events
        .since(0)
        .filter((e) => e.kind === 'lease-renewed' && e.lease === waiting.id),
    ).toEqual([]);

    // The keep-alive carried on through the restart: the lease is alive and still being renewed.
    const renewals = lib.keepAlive.view(kept.id)?.renewals ?? 0;
    await waitFor(
      () => (lib.keepAlive.view(kept.id)?.renewals ?? 0) > renewals,
      10_000,
      'a renewal after the restart',
    );
    expect(lib.keepAlive.view(kept.id)).toMatchObject({ on: true, lastError: null });
  });
});
