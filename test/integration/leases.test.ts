import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Etcd3 } from 'etcd3';
import {
  attachKeyAction,
  grantLeaseAction,
  renewLeaseAction,
  revokeLeaseAction,
} from '@/app/actions';
import { GET as getLeases } from '@/app/api/leases/route';
import type { FormState } from '@/lib/shared/action-result';
import type { LeasesResponse } from '@/lib/shared/contract';
import { errorBodySchema } from '@/lib/shared/contract-problem';
import { getSampler } from '@/lib/server';
import { etcdctl, grantWithEtcdctl, independentClient, testPrefix, waitFor } from './helpers';

// The lease lifecycle through the dashboard's own server actions and route handler, against a real
// etcd, each effect checked with a second client that does not go through the dashboard.

const idle = { result: null, values: {} } as FormState<never>;
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

let etcd: Etcd3;
let prefix: string;
const mine = new Set<string>();

const listLeases = (query = '') => getLeases(new Request(`http://test/api/leases?${query}`));

async function grant(fields: Record<string, string>) {
  const { result } = await grantLeaseAction(idle, form(fields));
  if (!result?.ok) throw new Error(`grant failed: ${JSON.stringify(result)}`);
  mine.add(result.data.id);
  return result.data;
}

async function timeToLive(id: string) {
  const res = await etcd.leaseClient.leaseTimeToLive({
    ID: BigInt('0x' + id).toString(),
    keys: true,
  });
  return { ttl: Number(res.TTL), grantedTTL: Number(res.grantedTTL), keys: res.keys.map(String) };
}

beforeEach(() => {
  etcd ??= independentClient();
  prefix = testPrefix();
});

afterAll(async () => {
  // Clean up only the leases these tests made.
  await Promise.all(
    [...mine].map((id) =>
      etcd.leaseClient.leaseRevoke({ ID: BigInt('0x' + id).toString() }).catch(() => undefined),
    ),
  );
  getSampler().stop();
  etcd.close();
});

describe('grant', () => {
  it('grants a lease and puts the key with it, as the tutorial does', async () => {
    const key = `${prefix}service/self`;
    const lease = await grant({ ttl: '10', key, value: '127.0.0.1' });
    expect(lease).toMatchObject({ requestedTTL: 10, grantedTTL: 10, key });
    expect(lease.id).toMatch(/^[0-9a-f]{16}$/);

    const ttl = await timeToLive(lease.id);
    expect(ttl.grantedTTL).toBe(10);
    expect(ttl.keys).toEqual([key]);
    expect(await etcd.get(key).string()).toBe('127.0.0.1');
    // etcdctl sees the same lease under the same ID.
    expect(await etcdctl('lease', 'timetolive', lease.id)).toContain(
      `lease ${lease.id} granted with TTL(10s)`,
    );
  });

  it('reports requested and granted TTL when etcd clamps (1 s asked, 2 s granted)', async () => {
    const lease = await grant({ ttl: '1', key: '', value: '' });
    expect(lease.requestedTTL).toBe(1);
    expect(lease.grantedTTL).toBe(2);
  });
});

describe('renew once', () => {
  it('sends the remaining TTL back up to the granted TTL, reporting before and after', async () => {
    const lease = await grant({ ttl: '10', key: `${prefix}self`, value: 'x' });
    await waitFor(
      async () => (await timeToLive(lease.id)).ttl <= 7,
      8000,
      'the lease to count down to 7 s',
    );

    const result = await renewLeaseAction({ leaseId: lease.id });
    if (!result.ok) throw new Error(result.text);
    expect(result.data.grantedTTL).toBe(10);
    expect(result.data.before).toBeLessThanOrEqual(7);
    expect(result.data.after).toBeGreaterThanOrEqual(9);
    expect((await timeToLive(lease.id)).ttl).toBeGreaterThanOrEqual(8);
  });

  it('says the lease has expired when it has', async () => {
    const lease = await grant({ ttl: '2', key: `${prefix}gone`, value: 'x' });
    await waitFor(
      async () => (await timeToLive(lease.id)).ttl === -1,
      6000,
      'etcd to expire the lease',
    );

    const result = await renewLeaseAction({ leaseId: lease.id });
    expect(result).toEqual({
      ok: false,
      code: 'lease_expired',
      text: `lease ${lease.id} has expired`,
      message: { key: 'errors.leaseExpired', values: { id: lease.id } },
    });
    expect(await etcd.get(`${prefix}gone`).string()).toBeNull();
  });

  it('works on a lease made by another client (etcdctl), by its hex ID', async () => {
    const id = await grantWithEtcdctl(30);
    mine.add(id);
    const result = await renewLeaseAction({ leaseId: id.toUpperCase() });
    expect(result).toMatchObject({ ok: true, data: { id, grantedTTL: 30 } });
  });
});

describe('attach a key', () => {
  it('puts a key with an existing lease made outside the dashboard', async () => {
    const id = await grantWithEtcdctl(30);
    mine.add(id);
    const { result } = await attachKeyAction(
      idle,
      form({ leaseId: id, key: `${prefix}attached`, value: 'v' }),
    );
    expect(result).toEqual({ ok: true, data: { id, key: `${prefix}attached` } });
    expect((await timeToLive(id)).keys).toEqual([`${prefix}attached`]);
  });

  it('refuses an unknown lease and writes nothing', async () => {
    const { result } = await attachKeyAction(
      idle,
      form({ leaseId: '7ffffffffffffff0', key: `${prefix}x`, value: 'v' }),
    );
    expect(result).toMatchObject({
      ok: false,
      code: 'lease_not_found',
      text: expect.stringMatching(/^lease 7ffffffffffffff0 not found/),
    });
    expect(await etcd.get(`${prefix}x`).string()).toBeNull();
  });
});

describe('revoke', () => {
  it('revokes the lease and etcd deletes its keys', async () => {
    const key = `${prefix}revoked`;
    const lease = await grant({ ttl: '60', key, value: 'x' });
    const result = await revokeLeaseAction({ leaseId: lease.id });
    expect(result).toEqual({
      ok: true,
      data: { id: lease.id, deletedKeys: [key], deletedKeyCount: 1 },
    });
    expect((await timeToLive(lease.id)).ttl).toBe(-1);
    expect(await etcd.get(key).string()).toBeNull();

    const listed = (await (await listLeases(`id=${lease.id}`)).json()) as LeasesResponse;
    expect(listed.leases.find((l) => l.id === lease.id)).toMatchObject({
      status: 'revoked',
      revokedBy: 'dashboard',
      deletedKeys: [key],
    });
  });

  it('says so for an unknown lease', async () => {
    const result = await revokeLeaseAction({ leaseId: '7ffffffffffffff1' });
    expect(result).toMatchObject({
      ok: false,
      code: 'lease_not_found',
      text: expect.stringMatching(/^lease 7ffffffffffffff1 not found/),
    });
  });
});

describe('GET /api/leases', () => {
  it('lists a lease made by etcdctl, with its keys, in etcdctl hex', async () => {
    const id = await grantWithEtcdctl(40);
    mine.add(id);
    await etcdctl('put', `--lease=${id}`, `${prefix}outside`, 'v');
    const lease = await waitFor(
      async () => {
        const body = (await (await listLeases(`id=${id}`)).json()) as LeasesResponse;
        const found = body.leases.find((l) => l.id === id);
        return found?.status === 'alive' && found.keys.length === 1 ? found : undefined;
      },
      5000,
      'the sampler to list the etcdctl lease',
    );
    expect(lease).toMatchObject({
      id,
      grantedTTL: 40,
      keys: [`${prefix}outside`],
      status: 'alive',
    });
    expect(lease.ttl).toBeGreaterThan(35);
    expect(lease.ttl).toBeLessThanOrEqual(40);
  });

  it('marks a lease that expires as expired, keeps it listed, and shows its keys as deleted', async () => {
    const key = `${prefix}expiring`;
    const lease = await grant({ ttl: '2', key, value: 'x' });
    const gone = await waitFor(
      async () => {
        const body = (await (await listLeases(`key=${key}`)).json()) as LeasesResponse;
        return body.leases.find((l) => l.id === lease.id && l.status !== 'alive');
      },
      6000,
      'the lease to be shown as expired',
    );
    expect(gone).toMatchObject({ status: 'expired', deletedKeys: [key] });
    expect(gone).not.toHaveProperty('keys');
    expect(await etcd.get(key).string()).toBeNull();
  });
});

describe('GET /api/leases: the query', () => {
  it('refuses a bad query, naming the field', async () => {
    for (const [query, field] of [
      ['sort=ttl', 'sort'],
      ['id=xyz', 'id'],
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['offset=-1', 'offset'],
    ] as const) {
      const res = await listLeases(query);
      expect(res.status, query).toBe(400);
      const body = errorBodySchema.parse(await res.json());
      expect(body, query).toMatchObject({ code: 'invalid_input', field });
      expect(body.text, query).toMatch(new RegExp(`^${field} `));
    }
  });

  it('filters by key prefix, sorts soonest expiry first, pages, and counts every lease', async () => {
    const group = `${prefix}query/`;
    const ttls = [50, 20, 40, 30];
    const granted = [];
    for (const [i, ttl] of ttls.entries())
      granted.push(await grant({ ttl: String(ttl), key: `${group}${i}`, value: 'v' }));
    const grantedAt = Date.now();
    const byExpiry = [...granted].sort((a, b) => a.grantedTTL - b.grantedTTL).map((l) => l.id);

    const all = (await (await listLeases(`key=${group}`)).json()) as LeasesResponse;
    expect(all.matched).toBe(4);
    expect(all.leases.map((l) => l.id)).toEqual(byExpiry);
    expect(all.query).toMatchObject({ sort: 'expiry', key: group, offset: 0, limit: 50 });
    expect(all.total).toBeGreaterThanOrEqual(4);
    expect(all.summary.alive).toBeGreaterThanOrEqual(4);
    const bucketed = all.summary.histogram.reduce((n, b) => n + b.count, 0);
    expect(bucketed).toBe(all.summary.alive);
    // The stats are the last round's: one that began before the last grant read only three of
    // them (CI, once). A round that began after reads all four: they are on screen.
    const round = await waitFor(
      async () => {
        const { sampler } = (await (await listLeases(`key=${group}`)).json()) as LeasesResponse;
        return (sampler.lastRound?.at ?? 0) >= grantedAt && sampler.lastRound;
      },
      5000,
      'a round begun after the grants',
    );
    expect(round.reads).toBeGreaterThanOrEqual(4);

    const second = (await (
      await listLeases(`key=${group}&offset=1&limit=2`)
    ).json()) as LeasesResponse;
    expect(second.leases.map((l) => l.id)).toEqual(byExpiry.slice(1, 3));

    const one = granted[2]?.id ?? '';
    const byId = (await (
      await listLeases(`id=${one.slice(-6).toUpperCase()}`)
    ).json()) as LeasesResponse;
    expect(byId.leases.map((l) => l.id)).toContain(one);

    const newest = (await (await listLeases(`key=${group}&sort=newest`)).json()) as LeasesResponse;
    expect(newest.leases.map((l) => l.id)).toEqual([...granted].reverse().map((l) => l.id));
  });
});
