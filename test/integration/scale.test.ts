import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Etcd3 } from 'etcd3';
import { EventLog } from '@/lib/events/event-log';
import { LeaseSampler } from '@/lib/sampler/lease-sampler';
import { STALENESS_BOUND_S } from '@/lib/sampler/read-policy';
import { keysOf, readAtOf } from '@/lib/shared/lease-view';
import { independentClient, testPrefix, waitFor } from './helpers';

// The sampler past what one round can read, on a real etcd: 600 leases and a cap of 200 reads a
// second stand in for 100,000 leases on a busy cluster (the benchmark measures the real thing).

const LEASES = 600;
const hex = (id: string) => BigInt(id).toString(16).padStart(16, '0');

let etcd: Etcd3;
let ids: string[] = [];
const sampler = new LeaseSampler(new EventLog(), { maxReadsPerSecond: 200 });

beforeAll(async () => {
  etcd = independentClient();
  const prefix = testPrefix();
  ids = await Promise.all(
    Array.from({ length: LEASES }, async (_, i) => {
      const lease = await etcd.leaseClient.leaseGrant({ TTL: 300 });
      await etcd.put(`${prefix}${i}`).value('v').lease(lease.ID).exec();
      return hex(lease.ID);
    }),
  );
}, 60_000);

afterAll(async () => {
  sampler.stop();
  await Promise.all(
    ids.map((id) =>
      etcd.leaseClient.leaseRevoke({ ID: BigInt(`0x${id}`).toString() }).catch(() => undefined),
    ),
  );
  etcd.close();
});

describe('sampling in turns', () => {
  it('lists every lease at once and reads them a capacity at a time, then only as needed', async () => {
    await sampler.start();
    // After the first round: every lease listed, at most 200 read, the rest "not read yet".
    const ours = () => ids.map((id) => sampler.lease(id));
    expect(ours().every((v) => v !== null)).toBe(true);
    expect(ours().filter((v) => v?.status === 'unread').length).toBeGreaterThanOrEqual(
      LEASES - 200,
    );
    expect(sampler.recentRounds().at(-1)).toMatchObject({ capped: true });
    await waitFor(
      () => ours().every((v) => v?.status === 'alive'),
      10_000,
      'every lease to be read once',
    );
    // Then nobody looks at them and nothing happens to them: a share of them a round.
    const since = Date.now();
    await waitFor(
      () => sampler.recentRounds().filter((r) => r.at > since).length >= 5,
      10_000,
      'a few rounds',
    );
    const rounds = sampler.recentRounds().filter((r) => r.at > since);
    for (const r of rounds) {
      expect(r.capped).toBe(false);
      expect(r.unread).toBe(0);
      expect(r.reads).toBeLessThanOrEqual(Math.ceil(r.leases / STALENESS_BOUND_S) + 2);
    }
    expect(sampler.stats().mode).toBe('as-needed');
  });

  it('reads the leases on screen every round', async () => {
    const shown = ids.slice(100, 110);
    const readAt = new Map<string, number[]>();
    const until = Date.now() + 4000;
    while (Date.now() < until) {
      sampler.viewed('test', shown);
      for (const id of shown) {
        const at = readAtOf(sampler.lease(id)) ?? 0;
        const seen = readAt.get(id) ?? [];
        if (seen.at(-1) !== at) readAt.set(id, [...seen, at]);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    // About four rounds in four seconds, each reading every lease on screen.
    for (const id of shown) expect(readAt.get(id)?.length ?? 0, id).toBeGreaterThanOrEqual(3);
  });

  it('keeps the key lists it read', () => {
    expect(ids.every((id) => keysOf(sampler.lease(id)).length === 1)).toBe(true);
  });
});
