import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Etcd3 } from 'etcd3';
import { EventLog } from '@/lib/events/event-log';
import { LeaseSampler } from '@/lib/sampler/lease-sampler';
import { STALENESS_BOUND_S } from '@/lib/sampler/read-policy';
import { readAtOf, ttlOf } from '@/lib/shared/lease-view';
import { etcdctl, independentClient, testPrefix, waitFor } from './helpers';

// The read policy on a real etcd: leases on screen are read every round, the rest when their
// reading may have gone wrong and within the staleness bound, and LeaseLeases shows expiry without
// reading everything. The tests run side by side: the slow one waits out the bound. (A lease etcd
// still lists after its time ran out is covered by the lease store's unit tests: making etcd fall
// behind on revokes here depended on how loaded the shared test etcd was.)

const LONG_LEASES = 120;
const hex = (id: string) => BigInt(id).toString(16).padStart(16, '0');
const dec = (id: string) => BigInt(`0x${id}`).toString();

let etcd: Etcd3;
const events = new EventLog();
const sampler = new LeaseSampler(events);
const prefix = testPrefix();
const made: string[] = [];

async function grant(ttl: number, key?: string): Promise<string> {
  const lease = await etcd.leaseClient.leaseGrant({ TTL: ttl });
  if (key) await etcd.put(`${prefix}${key}`).value('v').lease(lease.ID).exec();
  made.push(hex(lease.ID));
  return hex(lease.ID);
}

/** Resolves once the sampler reads the lease again after `since` (a reading newer than it). */
const readAgain = (id: string, since: number, ms: number) =>
  waitFor(() => (readAtOf(sampler.lease(id)) ?? 0) > since, ms, `a reading of ${id}`);

/**
 * Resolves once a renewal sent now moves the lease's deadline past the latest one its last reading
 * allows (R s left, read at t: before t + R + 1 s plus the answer's delay), so the next reading
 * sees a rise. etcd truncates that reading by up to a second; a second more covers slow answers.
 */
const riseWouldShow = (id: string) =>
  waitFor(
    () => {
      const lease = sampler.lease(id);
      if (lease?.status !== 'alive') return false;
      const latestDeadline = lease.readAt + (lease.ttl + 1) * 1000;
      return Date.now() + (lease.grantedTTL - 1) * 1000 > latestDeadline + 1000;
    },
    5000,
    `a renewal of ${id} to show as a rise`,
  );

/** Resolves once a reading of the lease shows its TTL at or below `ttl` (it has counted down). */
const readBelow = (id: string, ttl: number, ms: number) =>
  waitFor(() => (ttlOf(sampler.lease(id)) ?? ttl + 1) <= ttl, ms, `a reading of ${id} at ${ttl} s`);

beforeAll(async () => {
  etcd = independentClient();
  for (let i = 0; i < LONG_LEASES; i += 40)
    await Promise.all(Array.from({ length: 40 }, (_, j) => grant(600, `long/${i + j}`)));
  await sampler.start();
}, 30_000);

afterAll(async () => {
  sampler.stop();
  await Promise.all(
    made.map((id) => etcd.leaseClient.leaseRevoke({ ID: dec(id) }).catch(() => undefined)),
  );
  etcd.close();
});

describe.concurrent('reads follow need', () => {
  it('sees an off-screen lease renewed by another client within the bound, and reads little', async () => {
    const id = await grant(600, 'off-screen');
    await waitFor(() => sampler.lease(id)?.status === 'alive', 5000, 'a first reading');
    // The worst case: renewed just after a reading, so only the bound brings the next one.
    await readAgain(id, readAtOf(sampler.lease(id)) ?? 0, (STALENESS_BOUND_S + 2) * 1000);
    await riseWouldShow(id);
    const roundsFrom = Date.now();
    await etcdctl('lease', 'keep-alive', '--once', id);
    const renewedAt = Date.now();
    const seen = await waitFor(
      () =>
        events
          .since(0)
          .find((e) => e.kind === 'lease-renewed' && e.lease === id && e.at > renewedAt),
      (STALENESS_BOUND_S + 2) * 1000,
      'the renewal in the live events',
    );
    expect(seen.at - renewedAt).toBeLessThanOrEqual(STALENESS_BOUND_S * 1000 + 1200);
    expect(seen.text).toMatch(/renewed by another client/);
    // Meanwhile, 120-odd long leases nobody looked at cost a few reads a round, not 120.
    const rounds = sampler.recentRounds().filter((r) => r.at >= roundsFrom);
    const reads = rounds.reduce((sum, r) => sum + r.reads, 0) / rounds.length;
    const leases = Math.max(...rounds.map((r) => r.leases));
    expect(reads).toBeLessThanOrEqual(leases / STALENESS_BOUND_S + 6);
  }, 70_000);

  it('reads a lease on screen every round: another client renewing it shows within a second', async () => {
    const id = await grant(600, 'on-screen');
    const looking = setInterval(() => sampler.viewed('test', [id]), 200);
    try {
      sampler.viewed('test', [id]);
      await waitFor(() => sampler.lease(id)?.status === 'alive', 5000, 'a first reading');
      const from = Date.now();
      for (let i = 0; i < 3; i++) await readAgain(id, readAtOf(sampler.lease(id)) ?? 0, 1500);
      expect(Date.now() - from).toBeLessThan(3 * 1000 + 500);
      // Counted down below what the renewal is looked for at, so only the renewal can bring it back.
      await readBelow(id, 597, 3000);
      await etcdctl('lease', 'keep-alive', '--once', id);
      const renewedAt = Date.now();
      await waitFor(() => (ttlOf(sampler.lease(id)) ?? 0) >= 599, 1500, 'the renewal');
      expect(Date.now() - renewedAt).toBeLessThanOrEqual(1200);
    } finally {
      clearInterval(looking);
    }
  });

  it('reads a lease in focus about twice a second: another client renewing it shows within a second', async () => {
    const id = await grant(600, 'in-focus');
    // As the detail panel does: it asks for the lease once a second.
    const looking = setInterval(() => sampler.viewed('test', [id], Date.now(), true), 1000);
    try {
      sampler.viewed('test', [id], Date.now(), true);
      await waitFor(() => sampler.lease(id)?.status === 'alive', 5000, 'a first reading');
      // Rounds alone read it once a second; in focus, a reading comes well within that.
      for (let i = 0; i < 4; i++) await readAgain(id, readAtOf(sampler.lease(id)) ?? 0, 850);
      await readBelow(id, 597, 3000);
      await etcdctl('lease', 'keep-alive', '--once', id);
      const renewedAt = Date.now();
      await waitFor(() => (ttlOf(sampler.lease(id)) ?? 0) >= 599, 1500, 'the renewal');
      expect(Date.now() - renewedAt).toBeLessThanOrEqual(1000);
    } finally {
      clearInterval(looking);
    }
  });

  it('sees a lease with no keys expire through LeaseLeases, as expired', async () => {
    const id = await grant(3);
    const due = Date.now() + 3000;
    await waitFor(() => sampler.lease(id)?.status === 'alive', 3000, 'a first reading');
    await waitFor(() => sampler.lease(id)?.status === 'expired', 6000, 'the expiry');
    // etcd's leader checks expiry every 500 ms; the dashboard adds at most a quarter second.
    expect(Date.now() - due).toBeLessThan(1500);
  });
});
