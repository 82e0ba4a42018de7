import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Etcd3 } from 'etcd3';
import { EventLog } from '@/lib/events/event-log';
import { LeaseSampler } from '@/lib/sampler/lease-sampler';
import { keysOf } from '@/lib/shared/lease-view';
import { independentClient, testPrefix, waitFor } from './helpers';

// The lighter watch on a real etcd: no previous values (the store's key index names the lease of a
// deleted key), and DASHBOARD_WATCH_PREFIXES: keys outside the prefixes have no live events, but
// their leases are still listed and read, and say so.

const prefix = testPrefix();
const watched = `${prefix}watched/`;
const hex = (id: string) => BigInt(id).toString(16).padStart(16, '0');

let etcd: Etcd3;
let leaseId: string;
let leaseDec: string;
const events = new EventLog();
const sampler = new LeaseSampler(events, { watchPrefixes: [watched] });
const keyEvents = (key: string) => events.since(0).filter((e) => e.key === key);

beforeAll(async () => {
  etcd = independentClient();
  const lease = await etcd.leaseClient.leaseGrant({ TTL: 120 });
  leaseDec = lease.ID;
  leaseId = hex(lease.ID);
  await etcd.put(`${watched}a`).value('v').lease(leaseDec).exec();
  await etcd.put(`${prefix}elsewhere/b`).value('v').lease(leaseDec).exec();
  await sampler.start();
});

afterAll(async () => {
  sampler.stop();
  await etcd.leaseClient.leaseRevoke({ ID: leaseDec }).catch(() => undefined);
  etcd.close();
});

describe('a watch scoped to some prefixes', () => {
  it('says which of a lease’s keys have no live events, and what it watches', async () => {
    await waitFor(() => sampler.lease(leaseId)?.status === 'alive', 5000, 'a first reading');
    expect(sampler.lease(leaseId)).toMatchObject({ keyCount: 2, unwatchedKeyCount: 1 });
    expect(sampler.stats().watchPrefixes).toEqual([watched]);
  });

  it('hears puts and deletes under its prefixes, nothing outside them', async () => {
    await etcd.put(`${prefix}elsewhere/c`).value('v').lease(leaseDec).exec();
    await etcd.put(`${watched}d`).value('v').lease(leaseDec).exec();
    await waitFor(() => keyEvents(`${watched}d`).length > 0, 3000, 'the watched put');
    expect(keysOf(sampler.lease(leaseId))).toContain(`${watched}d`);
    // Put before the watched one: had it been heard, it would be in the log by now.
    expect(keyEvents(`${prefix}elsewhere/c`)).toEqual([]);
    // The next reading with keys brings the unwatched key in.
    await sampler.refresh(leaseId, { keys: true });
    expect(sampler.lease(leaseId)).toMatchObject({ keyCount: 4, unwatchedKeyCount: 2 });

    // A delete carries no previous value: the key index names the lease.
    await etcd.delete().key(`${watched}a`).exec();
    const deleted = await waitFor(
      () => keyEvents(`${watched}a`).find((e) => e.kind === 'key-deleted'),
      3000,
      'the watched delete',
    );
    expect(deleted.text).toBe(`Key ${watched}a deleted directly (lease ${leaseId} is still alive)`);
    expect(keysOf(sampler.lease(leaseId))).not.toContain(`${watched}a`);
  });

  it('still sees the lease go, through LeaseLeases', async () => {
    await etcd.leaseClient.leaseRevoke({ ID: leaseDec });
    await waitFor(() => sampler.lease(leaseId)?.status === 'revoked', 3000, 'the revoke');
    expect(sampler.lease(leaseId)).toMatchObject({ revokedBy: 'other-client' });
    await waitFor(
      () => keyEvents(`${watched}d`).find((e) => e.kind === 'key-deleted'),
      3000,
      'the watched key deleted with it',
    );
    expect(keyEvents(`${prefix}elsewhere/b`)).toEqual([]);
  });
});
