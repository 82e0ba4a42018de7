import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Etcd3 } from 'etcd3';
import { LeaseSampler } from '@/lib/sampler/lease-sampler';
import { independentClient, testPrefix, waitFor } from './helpers';

// One lease that cannot be read the ordinary way must not cost the others their readings, nor make
// the dashboard say etcd is down. On a real etcd: a lease whose key names add up to more than
// gRPC's 4 MiB answer makes TimeToLive with keys fail ("Received message larger than max").
// (etcd 3.4.26+ and 3.5.9+ also refuse TimeToLive with keys for keys the user may not read: that
// case is ./permissions.test.ts, on etcd 3.5.)

const KEYS = 4500;
const KEY_NAME_BYTES = 1024;

let etcd: Etcd3;
let sampler: LeaseSampler;
let big: string;
let small: string;
const prefix = testPrefix();
const hex = (decimal: string) => BigInt(decimal).toString(16).padStart(16, '0');

beforeAll(async () => {
  etcd = independentClient();
  const bigLease = etcd.lease(120, { autoKeepAlive: false });
  const smallLease = etcd.lease(120, { autoKeepAlive: false });
  big = hex(await bigLease.grant());
  small = hex(await smallLease.grant());
  await smallLease.put(`${prefix}small`).value('x');
  const filler = 'k'.repeat(KEY_NAME_BYTES);
  for (let i = 0; i < KEYS; i += 100) {
    const puts = await Promise.all(
      Array.from({ length: Math.min(100, KEYS - i) }, (_, j) =>
        etcd
          .put(`${prefix}big/${i + j}/${filler}`)
          .value('')
          .lease(BigInt(`0x${big}`).toString())
          .op(),
      ),
    );
    await etcd
      .if(prefix, 'Create', '>', -1)
      .then(...puts)
      .commit();
  }
  sampler = new LeaseSampler();
  await sampler.start();
}, 60_000);

afterAll(async () => {
  sampler?.stop();
  for (const id of [big, small].filter(Boolean))
    await etcd.leaseClient.leaseRevoke({ ID: BigInt(`0x${id}`).toString() }).catch(() => undefined);
  etcd?.close();
});

describe('a lease that cannot be read with its keys', () => {
  it('shows that lease without its keys, says why, and reads every other lease', async () => {
    const bigView = await waitFor(
      () => {
        const view = sampler.lease(big);
        return view?.status === 'alive' ? view : undefined;
      },
      10_000,
      'the big lease to be read',
    );
    expect(bigView.grantedTTL).toBe(120);
    expect(bigView.ttl).toBeGreaterThan(100);
    expect(bigView.keys).toEqual([]);
    expect(bigView.keysHidden).toMatch(/more key names than one etcd answer can carry/);

    expect(sampler.lease(small)).toMatchObject({
      status: 'alive',
      keys: [`${prefix}small`],
      keysHidden: null,
      readFailure: null,
    });
    expect(sampler.etcdStatus()).toMatchObject({ ok: true, error: null });
  });
});
