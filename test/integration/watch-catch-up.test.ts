import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Etcd3 } from 'etcd3';
import { watchKeys, type WatchHandle } from '@/lib/etcd/watch';
import { independentClient, testPrefix, waitFor } from './helpers';

// A watch that falls behind a burst and opens again from the last revision it heard (as the key
// watcher does after an outage) is sent everything since in one answer. 15,000 keys of 1 KB put
// with one lease, 100 to a transaction, made a 15 MB answer: over gRPC's 4 MiB, the watch failed,
// reconnected from the same revision and failed again, and heard nothing more, ever.

const prefix = testPrefix();
const KEYS = 15_000;
const filler = 'n'.repeat(1000);

let etcd: Etcd3;
let leaseDec: string;
let before: bigint;
let watch: WatchHandle | undefined;

beforeAll(async () => {
  etcd = independentClient();
  leaseDec = (await etcd.leaseClient.leaseGrant({ TTL: 300 })).ID;
  before = BigInt((await etcd.get(prefix).exec()).header.revision);
  for (let n = 0; n < KEYS; n += 100) {
    const puts = Array.from({ length: 100 }, (_, i) =>
      etcd
        .put(`${prefix}${n + i}-${filler}`)
        .value('')
        .lease(leaseDec)
        .op(),
    );
    await etcd
      .if(prefix, 'Create', '>', -1)
      .then(...(await Promise.all(puts)))
      .commit();
  }
}, 60_000);

afterAll(async () => {
  await watch?.close().catch(() => undefined);
  await etcd.leaseClient.leaseRevoke({ ID: leaseDec }).catch(() => undefined);
  etcd.close();
});

describe('a watch opened again after a burst', () => {
  it('hears every key put since its last revision, 15 MB of key names', async () => {
    const heard = new Set<string>();
    watch = await watchKeys(
      [prefix],
      { onChange: (change) => change.type === 'put' && heard.add(change.key) },
      new Map([[prefix, String(before + 1n)]]),
    );
    await waitFor(() => heard.size === KEYS, 20_000, `all ${KEYS} puts`);
    expect(heard.size).toBe(KEYS);
  }, 30_000);
});
