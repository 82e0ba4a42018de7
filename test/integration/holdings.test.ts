import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Etcd3 } from 'etcd3';
import { holdingLabel } from '@/lib/shared/holdings';
import type { LeaseView } from '@/lib/shared/contract';
import { keysOf } from '@/lib/shared/lease-view';
import {
  independentClient,
  startEtcdctl,
  testPrefix,
  waitFor,
  type RunningEtcdctl,
} from './helpers';
import { samplerWithContention } from './parts';

// What a lease holds, named on a real etcd against clientv3's own recipes (`etcdctl lock`,
// `etcdctl elect`), etcd3's election, and a Kubernetes-shaped events lease.

const prefix = testPrefix();
const hex = (id: string) => BigInt(id).toString(16).padStart(16, '0');
let etcd: Etcd3;
let parts: Awaited<ReturnType<typeof samplerWithContention>>;
const running: RunningEtcdctl[] = [];
const granted: string[] = [];

/** Every lease the dashboard names with `label`, by ID. */
const named = (label: string | RegExp): string[] =>
  parts.sampler
    .views()
    .filter((v: LeaseView) => {
      const holding = parts.contention.holding(v);
      const text = holding ? holdingLabel(holding) : '';
      return typeof label === 'string' ? text === label : label.test(text);
    })
    .map((v) => v.id);

/** The lease (hex) of the only key under `group`, once etcdctl has put it. */
async function leaseUnder(group: string, not: string[] = []): Promise<string> {
  return waitFor(
    async () => {
      const res = await etcd.getAll().prefix(group).exec();
      const found = res.kvs.map((kv) => hex(kv.lease)).filter((l) => !not.includes(l));
      return found.length === 1 ? found[0] : undefined;
    },
    5000,
    `a contender under ${group}`,
  );
}

beforeAll(async () => {
  etcd = independentClient();
  parts = await samplerWithContention();
  await parts.sampler.start();
  parts.contention.start();
});

afterAll(async () => {
  await Promise.all(running.map((r) => r.stop('SIGINT')));
  parts.contention.stop();
  parts.sampler.stop();
  await Promise.all(
    granted.map((id) => etcd.leaseClient.leaseRevoke({ ID: id }).catch(() => undefined)),
  );
  await etcd.delete().prefix(prefix).exec();
  etcd.close();
});

describe("clientv3's recipes, as etcdctl runs them", () => {
  it('names the holder of `etcdctl lock` and its waiter, and the waiter holding once the holder exits', async () => {
    const name = `${prefix}jobs/db-migration`;
    // A TTL long enough that only the revoke's key delete, not an expiry, can show the hand-over in time.
    const holder = startEtcdctl('lock', '--ttl', '30', name);
    running.push(holder);
    const holderLease = await leaseUnder(`${name}/`);
    const waiter = startEtcdctl('lock', '--ttl', '30', name);
    running.push(waiter);
    const waiterLease = await leaseUnder(`${name}/`, [holderLease]);

    await waitFor(() => named(`holds lock ${name}`).includes(holderLease), 5000, 'the holder');
    await waitFor(
      () => named(`waits for lock ${name} (2nd in line)`).includes(waiterLease),
      5000,
      'the waiter',
    );
    expect(holder.lines[0]).toBe(`${name}/${holderLease.replace(/^0+/, '')}`);

    // The holder exits (Ctrl-C closes its session, revoking its lease): the waiter takes the lock.
    await holder.stop('SIGINT');
    await waitFor(() => waiter.lines.length > 0, 5000, 'etcdctl to say the waiter holds');
    await waitFor(
      () => named(`holds lock ${name}`).includes(waiterLease),
      5000,
      'the dashboard to show the waiter holding',
    );
  });

  it('names the leader of `etcdctl elect` with its proposal, and the next leader after it exits', async () => {
    const name = `${prefix}scheduler`;
    const alice = startEtcdctl('elect', name, 'alice');
    running.push(alice);
    const aliceLease = await leaseUnder(`${name}/`);
    const bob = startEtcdctl('elect', name, 'bob');
    running.push(bob);
    const bobLease = await leaseUnder(`${name}/`, [aliceLease]);

    await waitFor(
      () => named(`leads election ${name}: alice`).includes(aliceLease),
      5000,
      'the leader',
    );
    await waitFor(
      () => named(`candidate in election ${name} (2nd in line)`).includes(bobLease),
      5000,
      'the candidate',
    );
    await alice.stop('SIGINT');
    await waitFor(
      () => named(`leads election ${name}: bob`).includes(bobLease),
      5000,
      'the dashboard to show bob leading',
    );
  });
});

describe('other layouts', () => {
  it("names etcd3's own election, not as clientv3's", async () => {
    const election = etcd.namespace(prefix).election('reports', 5);
    const campaign = election.campaign('carol');
    await new Promise<void>((resolve, reject) => {
      campaign.once('elected', () => resolve());
      campaign.once('error', reject);
    });
    const lease = await leaseUnder(`${prefix}election/reports/`);
    await waitFor(
      () => named('leads election reports (etcd3 client): carol').includes(lease),
      5000,
      'the etcd3 leader',
    );
    await campaign.resign();
  });

  it('names a Kubernetes-shaped events lease with its count', async () => {
    const lease = await etcd.leaseClient.leaseGrant({ TTL: 3660 });
    granted.push(lease.ID);
    for (const pod of ['web-1', 'web-2', 'db-0'])
      await etcd
        .put(`${prefix}registry/events/default/${pod}.17a3c9`)
        .value('k8s\0')
        .lease(lease.ID)
        .exec();
    await waitFor(
      () => named('Kubernetes events lease: 3 events').includes(hex(lease.ID)),
      5000,
      'the events lease',
    );
    // A key that only looks like a lock key, on another lease, is named as nothing.
    const other = await etcd.leaseClient.leaseGrant({ TTL: 60 });
    granted.push(other.ID);
    await etcd
      .put(`${prefix}jobs/x/${hex(lease.ID).replace(/^0+/, '')}`)
      .value('')
      .lease(other.ID)
      .exec();
    const lookalike = `${prefix}jobs/x/${hex(lease.ID).replace(/^0+/, '')}`;
    await waitFor(
      () => keysOf(parts.sampler.lease(hex(other.ID))).includes(lookalike),
      5000,
      'the look-alike key on its lease',
    );
    expect(parts.contention.holding(parts.sampler.lease(hex(other.ID))!)).toBeNull();
  });
});
