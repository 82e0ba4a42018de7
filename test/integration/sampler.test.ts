import { afterAll, describe, expect, it } from 'vitest';
import { GET as getHealth } from '@/app/api/health/route';
import { GET as getLease } from '@/app/api/leases/[id]/route';
import { LeaseSampler } from '@/lib/sampler/lease-sampler';
import { ttlOf } from '@/lib/shared/lease-view';
import type { HealthResponse, LeaseDetailResponse } from '@/lib/shared/contract';
import { etcdctl, grantWithEtcdctl, remainingInEtcd, testPrefix, waitFor } from './helpers';

// The sampler against a real etcd, driven from outside by etcdctl as another client would.

const sampler = new LeaseSampler();
const made: string[] = [];

afterAll(async () => {
  sampler.stop();
  await Promise.all(made.map((id) => etcdctl('lease', 'revoke', id).catch(() => undefined)));
});

const leaseDetail = async (id: string) => {
  const res = await getLease(new Request(`http://test/api/leases/${id}`), {
    params: Promise.resolve({ id }),
  });
  return {
    status: res.status,
    body: (await res.json()) as LeaseDetailResponse & { text?: string },
  };
};

describe('lease sampler', () => {
  it('answers health with the configured endpoint', async () => {
    // The members' status checks have a short deadline, which the first round can miss on a busy
    // machine (health then says so): what matters is that health answers 200 once they are in.
    const body = await waitFor(
      async () => {
        const res = await getHealth();
        return res.status === 200 ? ((await res.json()) as HealthResponse) : null;
      },
      10_000,
      'health to answer 200',
    );
    expect(body).toMatchObject({ ok: true, error: null, endpoints: [process.env.ETCD_ENDPOINTS] });
  });

  it('records a renewal by another client as the remaining TTL jumping back up (a sawtooth)', async () => {
    await sampler.start();
    const id = await grantWithEtcdctl(6);
    made.push(id);
    await waitFor(
      () => (ttlOf(sampler.lease(id)) ?? 99) <= 3,
      8000,
      'the lease to count down to 3 s',
    );
    await etcdctl('lease', 'keep-alive', '--once', id);
    await waitFor(
      () => (ttlOf(sampler.lease(id)) ?? 0) >= 5,
      3000,
      'the sampler to see the renewal',
    );

    const history = sampler.history(id);
    const jumps = history.slice(1).filter((p, i) => p.ttl > (history[i]?.ttl ?? Infinity));
    expect(jumps.length).toBe(1);
    expect(history.every((p) => p.grantedTTL === 6)).toBe(true);
  });

  it('tells an expiry from a revoke by another client', async () => {
    await sampler.start();
    const expiring = await grantWithEtcdctl(2);
    const revoked = await grantWithEtcdctl(60);
    made.push(expiring, revoked);
    await waitFor(() => sampler.lease(revoked), 3000, 'the sampler to see both leases');
    await etcdctl('lease', 'revoke', revoked);

    await waitFor(() => sampler.lease(revoked)?.status === 'revoked', 3000, 'the revoke to show');
    expect(sampler.lease(revoked)).toMatchObject({ revokedBy: 'other-client' });
    await waitFor(() => sampler.lease(expiring)?.status === 'expired', 6000, 'the expiry to show');
  });

  it('sees an expiry within a second of etcd deleting the lease', async () => {
    await sampler.start();
    const id = await grantWithEtcdctl(3);
    made.push(id);
    await etcdctl('put', `--lease=${id}`, `${testPrefix()}k`, 'v');
    // Watch etcd itself for the moment the lease goes, then measure how long the sampler took.
    const goneInEtcd = await waitFor(
      async () =>
        /already expired/.test(await etcdctl('lease', 'timetolive', id)) ? Date.now() : false,
      8000,
      'etcd to expire the lease',
    );
    const seen = await waitFor(
      () => (sampler.lease(id)?.status === 'expired' ? Date.now() : false),
      3000,
      'the sampler to see it',
    );
    expect(seen - goneInEtcd).toBeLessThan(1000);
  });

  it('serves one lease with its history from the route handler, and explains a bad or unknown ID', async () => {
    const id = await grantWithEtcdctl(30);
    made.push(id);
    // Taken once the dashboard has been reading the lease for two seconds, so that its chart has a
    // first reading and a later one to show.
    const { lease, history } = await waitFor(
      async () => {
        const r = await leaseDetail(id);
        if (r.status !== 200) return false;
        const l = r.body.lease;
        return l.status === 'alive' && l.readAt - l.firstSeenAt >= 2000
          ? { lease: l, history: r.body.history }
          : false;
      },
      6000,
      'the lease to be served, read for two seconds',
    );
    expect(lease).toMatchObject({ id, grantedTTL: 30, status: 'alive' });
    // The chart starts at the first reading and runs to the answer, falling one second a second.
    const [first, last] = [history[0], history.at(-1)];
    // (first seen when LeaseLeases listed it, first read a moment later)
    expect(first).toMatchObject({ grantedTTL: 30 });
    expect((first?.t ?? 0) - lease.firstSeenAt).toBeGreaterThanOrEqual(0);
    expect((first?.t ?? 0) - lease.firstSeenAt).toBeLessThan(1000);
    expect(history).toHaveLength(2);
    expect(last?.t).toBeGreaterThanOrEqual(lease.readAt);
    const slope =
      ((last?.ttl ?? 0) - (first?.ttl ?? 0)) / (((last?.t ?? 0) - (first?.t ?? 0)) / 1000);
    expect(slope).toBeCloseTo(-1, 2);
    // At the row's reading, the line is where that reading puts the deadline: etcd floors it (to R),
    // and an answer may come a little late (lib/sampler/lease-model.ts).
    const atReading = (last?.ttl ?? 0) + ((last?.t ?? 0) - lease.readAt) / 1000;
    expect(atReading - lease.ttl).toBeGreaterThanOrEqual(0);
    expect(atReading - lease.ttl).toBeLessThanOrEqual(1.25);
    // Where it ends agrees with what etcd says is left (both are floored to whole seconds).
    const askedAt = Date.now();
    const inEtcd = await remainingInEtcd(id);
    const byChart = lease.ttl - (askedAt - lease.readAt) / 1000;
    expect(Math.abs(byChart - inEtcd)).toBeLessThanOrEqual(1.5);

    expect((await leaseDetail('nope')).status).toBe(400);
    expect((await leaseDetail('nope')).body.text).toMatch(/^Lease ID must be/);
    expect((await leaseDetail('7ffffffffffffff2')).status).toBe(404);
  });
});
