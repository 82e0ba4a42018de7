import { afterAll, describe, expect, it } from 'vitest';
import { GET as getCluster } from '@/app/api/cluster/route';
import { GET as getLease } from '@/app/api/leases/[id]/route';
import { GET as getLeases } from '@/app/api/leases/route';
import { GET as getScenarios } from '@/app/api/scenarios/route';
import { getSampler } from '@/lib/server';
import { clusterResponseSchema } from '@/lib/shared/response-schemas-cluster';
import {
  errorBodySchema,
  leaseDetailResponseSchema,
  leasesResponseSchema,
  scenariosResponseSchema,
} from '@/lib/shared/response-schemas';
import { etcdctl, grantWithEtcdctl, testPrefix, waitFor } from './helpers';

// The browser parses every answer with the shared schemas, so what the route handlers send must
// match them: alive, expired and revoked leases alike. Checked on real answers from a real etcd.

const prefix = testPrefix();
const made: string[] = [];

afterAll(async () => {
  await Promise.all(made.map((id) => etcdctl('lease', 'revoke', id).catch(() => undefined)));
});

const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as unknown });

describe('the JSON contract', () => {
  it('holds for every route, with leases in every state', async () => {
    const [alive, revoked, expiring] = await Promise.all([60, 60, 1].map(grantWithEtcdctl));
    if (!alive || !revoked || !expiring) throw new Error('etcdctl granted no lease');
    made.push(alive, revoked, expiring);
    await etcdctl('put', `--lease=${alive}`, `${prefix}alive`, 'v');
    await etcdctl('put', `--lease=${expiring}`, `${prefix}expiring`, 'v');
    await waitFor(() => getSampler().lease(revoked), 3000, 'the sampler to read the leases');
    await etcdctl('lease', 'revoke', revoked);
    await waitFor(
      () =>
        getSampler().lease(revoked)?.status === 'revoked' &&
        getSampler().lease(expiring)?.status === 'expired',
      6000,
      'one lease revoked and one expired',
    );

    const list = await json(await getLeases(new Request('http://test/api/leases?limit=500')));
    expect(list.status).toBe(200);
    const leases = leasesResponseSchema.parse(list.body).leases;
    expect(new Set(leases.filter((l) => made.includes(l.id)).map((l) => l.status))).toEqual(
      new Set(['alive', 'revoked', 'expired']),
    );

    for (const id of made) {
      const res = await getLease(new Request(`http://test/api/leases/${id}`), {
        params: Promise.resolve({ id }),
      });
      expect(leaseDetailResponseSchema.safeParse((await json(res)).body).success, id).toBe(true);
    }
    expect(clusterResponseSchema.safeParse((await json(await getCluster())).body).success).toBe(
      true,
    );
    expect(scenariosResponseSchema.safeParse((await json(await getScenarios())).body).success).toBe(
      true,
    );
  });

  it('holds for errors: a message, a stable code and the field', async () => {
    const bad = await json(await getLeases(new Request('http://test/api/leases?limit=abc')));
    expect(bad.status).toBe(400);
    expect(errorBodySchema.parse(bad.body)).toEqual({
      error: 'limit must be a whole number',
      code: 'invalid_input',
      field: 'limit',
    });
    const missing = await json(
      await getLease(new Request('http://test/api/leases/7ffffffffffffff3'), {
        params: Promise.resolve({ id: '7ffffffffffffff3' }),
      }),
    );
    expect(missing.status).toBe(404);
    expect(errorBodySchema.parse(missing.body)).toMatchObject({ code: 'lease_not_found' });
  });

  it('rejects an answer that does not match, so the page never half-trusts one', () => {
    const lease = { status: 'alive', id: 'a', firstSeenAt: 1, keepAlive: null, grantedTTL: 10 };
    expect(leasesResponseSchema.shape.leases.safeParse([lease]).success).toBe(false);
  });
});
