import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEtcd } from '../../scripts/etcd.mjs';
import { waitFor } from './helpers';

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
  sampler: import('@/lib/sampler').LeaseSampler;
  grant: typeof import('@/app/actions').grantLeaseAction;
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'lease-dashboard-outage-'));
  etcd = await startEtcd({ dataDir: path.join(dir, 'data'), logFile: path.join(dir, 'etcd.log') });
  process.env.ETCD_ENDPOINTS = etcd.endpoint;
  const { getConfig } = await import('@/lib/config');
  expect(getConfig().endpoints).toEqual([etcd.endpoint]);
  const { LeaseSampler } = await import('@/lib/sampler');
  const { grantLeaseAction } = await import('@/app/actions');
  lib = { sampler: new LeaseSampler(), grant: grantLeaseAction };
});

afterAll(async () => {
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
    expect(down.error).toContain(`etcd is not answering at ${etcd.endpoint}`);

    const data = new FormData();
    data.set('ttl', '10');
    const { result } = await lib.grant({ result: null, values: {} }, data);
    expect(result).toMatchObject({
      ok: false,
      error: expect.stringContaining(`etcd is not answering at ${etcd.endpoint}`),
    });

    etcd = await startEtcd({
      dataDir: etcd.dataDir,
      clientPort: etcd.clientPort,
      peerPort: etcd.peerPort,
      logFile: path.join(dir, 'etcd.log'),
    });
    await waitFor(() => lib.sampler.etcdStatus().ok, 15_000, 'the sampler to recover');
  });
});
