import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Etcd3 } from 'etcd3';
import type { WatchHandle } from '@/lib/etcd/watch';
import { independentClient, testPrefix, waitFor } from './helpers';
import { tcpProxy } from './tcp-proxy';

// A watch that falls behind a burst and opens again from the last revision it heard (as the key
// watcher does after an outage) is sent everything since at once. 15,000 keys of 1 KB put with
// one lease, 100 to a transaction: one 15 MB answer, over gRPC's 4 MiB, and none of those events
// was ever heard. In fragments they come; and a stream broken between two fragments must resume
// where it was, not at the answer's header revision, past the fragments still to come. The
// dashboard's side reaches etcd through a proxy this file cuts.

const KEYS = 15_000;
const filler = 'n'.repeat(1000);

let etcd: Etcd3;
let proxy: Awaited<ReturnType<typeof tcpProxy>>;
let watchKeys: typeof import('@/lib/etcd/watch').watchKeys;
const leases: string[] = [];
const watches: WatchHandle[] = [];

/** Puts KEYS keys of 1 KB under a new prefix with a new lease; the revision before them. */
async function burst(): Promise<{ prefix: string; before: bigint }> {
  const prefix = testPrefix();
  const lease = (await etcd.leaseClient.leaseGrant({ TTL: 300 })).ID;
  leases.push(lease);
  const before = BigInt((await etcd.get(prefix).exec()).header.revision);
  for (let n = 0; n < KEYS; n += 100) {
    const puts = Array.from({ length: 100 }, (_, i) =>
      etcd
        .put(`${prefix}${n + i}-${filler}`)
        .value('')
        .lease(lease)
        .op(),
    );
    await etcd
      .if(prefix, 'Create', '>', -1)
      .then(...(await Promise.all(puts)))
      .commit();
  }
  return { prefix, before };
}

beforeAll(async () => {
  etcd = independentClient();
  const target = new URL(process.env.ETCD_ENDPOINTS ?? '');
  proxy = await tcpProxy({ host: target.hostname, port: Number(target.port) });
  process.env.ETCD_ENDPOINTS = proxy.endpoint;
  ({ watchKeys } = await import('@/lib/etcd/watch'));
});

afterAll(async () => {
  await Promise.all(watches.map((w) => w.close().catch(() => undefined)));
  await Promise.all(leases.map((ID) => etcd.leaseClient.leaseRevoke({ ID }).catch(() => 0)));
  await proxy?.close();
  etcd.close();
});

describe('a watch opened again after a burst', () => {
  it('hears every key put since its last revision, 15 MB of key names', async () => {
    const { prefix, before } = await burst();
    const heard = new Set<string>();
    const watch = await watchKeys(
      [prefix],
      { onChange: (change) => change.type === 'put' && heard.add(change.key) },
      new Map([[prefix, String(before + 1n)]]),
    );
    watches.push(watch);
    await waitFor(() => heard.size === KEYS, 20_000, `all ${KEYS} puts`);
  }, 60_000);

  it('cut off between two fragments, resumes where it was: every put once, none twice', async () => {
    const { prefix, before } = await burst();
    const heard = new Set<string>();
    let twice = 0;
    const watch = await watchKeys(
      [prefix],
      {
        onChange: (change) => {
          if (change.type !== 'put') return;
          if (heard.has(change.key)) twice++;
          heard.add(change.key);
          // Within the first fragment (about 2 MiB): the others are still on their way.
          if (heard.size === 500) proxy.cut();
        },
      },
      new Map([[prefix, String(before + 1n)]]),
    );
    watches.push(watch);
    await waitFor(() => heard.size >= 500, 10_000, 'the first fragment');
    proxy.restore();
    await waitFor(() => heard.size === KEYS, 30_000, `all ${KEYS} puts after the cut`);
    expect(twice).toBe(0);
  }, 60_000);
});
