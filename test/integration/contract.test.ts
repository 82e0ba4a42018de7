import { afterAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { GET as getCluster } from '@/app/api/cluster/route';
import { GET as getHoldings } from '@/app/api/holdings/route';
import { GET as getLease } from '@/app/api/leases/[id]/route';
import { GET as getLeases } from '@/app/api/leases/route';
import { GET as getScenarios } from '@/app/api/scenarios/route';
import { GET as getFindings } from '@/app/api/findings/route';
import { GET as getHealth } from '@/app/api/health/route';
import { GET as getAudit } from '@/app/api/audit/route';
import { renewLeaseAction, setKeepAliveAction } from '@/app/actions';
import { getSampler } from '@/lib/server';
import { actionFailureSchema } from '@/lib/shared/action-result';
import { keepAliveResultSchema, scenariosResponseSchema } from '@/lib/shared/contract-actions';
import { clusterResponseSchema } from '@/lib/shared/contract-cluster';
import { findingExamplesPageSchema, findingsResponseSchema } from '@/lib/shared/contract-findings';
import { holdingsResponseSchema } from '@/lib/shared/contract-holdings';
import { auditResponseSchema } from '@/lib/shared/contract-audit';
import { errorBodySchema } from '@/lib/shared/contract-problem';
import {
  healthResponseSchema,
  leaseDetailResponseSchema,
  leasesResponseSchema,
} from '@/lib/shared/contract';
import {
  etcdctl,
  grantWithEtcdctl,
  startEtcdctl,
  testPrefix,
  waitFor,
  type RunningEtcdctl,
} from './helpers';

// The browser parses every answer with the shared schemas, so what the route handlers send must
// match them: alive, expired and revoked leases alike. Checked on real answers from a real etcd.
// Parsing must give back the whole answer: zod drops a field no schema names, and the page would
// then never see it.

// Keyless leases count as leaked after a second, so the findings answer holds a finding to check.
process.env.DASHBOARD_LEAK_AGE = '1';

const prefix = testPrefix();
const made: string[] = [];
const running: RunningEtcdctl[] = [];

afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
  await Promise.all(made.map((id) => setKeepAliveAction({ leaseId: id, on: false })));
  await Promise.all(made.map((id) => etcdctl('lease', 'revoke', id).catch(() => undefined)));
});

const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as unknown });

/** The answer parses, and to exactly itself: a field the schema does not name fails here. */
function expectExact(schema: z.ZodType, body: unknown, what: string) {
  const parsed = schema.safeParse(body);
  expect(parsed.error, what).toBeUndefined();
  expect(parsed.data, what).toEqual(body);
}

describe('the JSON contract', () => {
  it('holds for every route, with leases in every state', async () => {
    const [alive, revoked, kept, stopped] = await Promise.all(
      [60, 60, 60, 60].map(grantWithEtcdctl),
    );
    if (!alive || !revoked || !kept || !stopped) throw new Error('etcdctl granted no lease');
    made.push(alive, revoked, kept, stopped);
    await etcdctl('put', `--lease=${alive}`, `${prefix}alive`, 'v');
    // A leader of an election: the lease view's holding, in its fullest variant.
    running.push(startEtcdctl('elect', `${prefix}election`, 'alice'));
    // Waits for states to exist, not timings: what the routes say of each state is the contract,
    // and a busy machine may take a while to reach them.
    await waitFor(() => getSampler().lease(revoked), 20_000, 'the sampler to read the leases');
    // Both keep-alive variants: one running, one stopped.
    const on = await setKeepAliveAction({ leaseId: kept, on: true });
    expectExact(keepAliveResultSchema, on.ok && on.data, 'a keep-alive switched on');
    expect(await setKeepAliveAction({ leaseId: stopped, on: true })).toMatchObject({ ok: true });
    const off = await setKeepAliveAction({ leaseId: stopped, on: false });
    expectExact(keepAliveResultSchema, off.ok && off.data, 'a keep-alive switched off');
    await waitFor(
      async () => {
        const res = await getLeases(new Request('http://test/api/leases?kind=election&limit=500'));
        const body = leasesResponseSchema.parse(await res.json());
        return body.leases.some((l) => l.holding?.kind === 'election');
      },
      20_000,
      'the election leader named',
    );
    // Granted last, and read alive before it runs out: a lease never seen alive is never shown
    // expired, and a busy machine may take longer than a short TTL to read it.
    const expiring = await grantWithEtcdctl(8);
    if (!expiring) throw new Error('etcdctl granted no lease');
    made.push(expiring);
    await etcdctl('put', `--lease=${expiring}`, `${prefix}expiring`, 'v');
    await waitFor(
      () => getSampler().lease(expiring)?.status === 'alive',
      6_000,
      'the sampler to read the expiring lease',
    );
    await etcdctl('lease', 'revoke', revoked);
    await waitFor(
      () =>
        getSampler().lease(revoked)?.status === 'revoked' &&
        getSampler().lease(expiring)?.status === 'expired',
      20_000,
      'one lease revoked and one expired',
    );

    const list = await json(await getLeases(new Request('http://test/api/leases?limit=500')));
    expect(list.status).toBe(200);
    expectExact(leasesResponseSchema, list.body, 'the lease list');
    const leases = leasesResponseSchema.parse(list.body).leases;
    expect(new Set(leases.filter((l) => made.includes(l.id)).map((l) => l.status))).toEqual(
      new Set(['alive', 'revoked', 'expired']),
    );
    expect(leases.find((l) => l.id === kept)?.keepAlive?.on).toBe(true);
    expect(leases.find((l) => l.id === stopped)?.keepAlive?.on).toBe(false);
    expect(leases.some((l) => l.holding?.kind === 'election')).toBe(true);

    for (const id of made) {
      const res = await getLease(new Request(`http://test/api/leases/${id}`), {
        params: Promise.resolve({ id }),
      });
      expectExact(leaseDetailResponseSchema, (await json(res)).body, `lease ${id}`);
    }
    expectExact(clusterResponseSchema, (await json(await getCluster())).body, 'the cluster');
    expectExact(scenariosResponseSchema, (await json(await getScenarios())).body, 'the scenarios');
    expectExact(holdingsResponseSchema, (await json(await getHoldings())).body, 'the holdings');
    expectExact(healthResponseSchema, (await json(await getHealth())).body, 'the health');

    const findings = await json(await getFindings(new Request('http://test/api/findings')));
    expect(findings.status).toBe(200);
    expectExact(findingsResponseSchema, findings.body, 'the findings');
    const leaked = findingsResponseSchema
      .parse(findings.body)
      .findings.find((f) => f.kind === 'leaked');
    expect(leaked?.examples.length).toBeGreaterThan(0);
    const page = await json(
      await getFindings(new Request('http://test/api/findings?kind=leaked&page=1')),
    );
    expectExact(findingExamplesPageSchema, page.body, 'a page of a finding');

    // The keep-alives switched on and off above are in the audit trail, with their schedule.
    const audit = await json(await getAudit(new Request(`http://test/api/audit?lease=${stopped}`)));
    expect(audit.status).toBe(200);
    expectExact(auditResponseSchema, audit.body, 'the audit trail');
    expect(auditResponseSchema.parse(audit.body).entries).toEqual([
      expect.objectContaining({ action: 'keep-alive-off', lease: stopped, result: 'ok' }),
      expect.objectContaining({ action: 'keep-alive-on', schedule: 'third', result: 'ok' }),
    ]);
  }, 90_000);

  it("holds for the audit route's errors: the field at fault", async () => {
    const cases: [string, string][] = [
      ['lease=nope', 'lease'],
      ['action=drop', 'action'],
      ['result=maybe', 'result'],
      ['before=0', 'before'],
      ['limit=1000', 'limit'],
    ];
    for (const [query, field] of cases) {
      const bad = await json(await getAudit(new Request(`http://test/api/audit?${query}`)));
      expect(bad.status, query).toBe(400);
      expectExact(errorBodySchema, bad.body, query);
      expect(errorBodySchema.parse(bad.body)).toMatchObject({ code: 'invalid_input', field });
    }
  });

  it("holds for the findings route's errors: the field at fault", async () => {
    const cases: [string, string][] = [
      ['kind=nope', 'kind'],
      ['page=2', 'kind'],
      ['kind=leaked&page=0', 'page'],
      ['kind=leaked&page=x', 'page'],
    ];
    for (const [query, field] of cases) {
      const bad = await json(await getFindings(new Request(`http://test/api/findings?${query}`)));
      expect(bad.status, query).toBe(400);
      expectExact(errorBodySchema, bad.body, query);
      expect(errorBodySchema.parse(bad.body)).toMatchObject({ code: 'invalid_input', field });
    }
  });

  it('holds for errors: a stable code, the English words, the catalog message and the field', async () => {
    const bad = await json(await getLeases(new Request('http://test/api/leases?limit=abc')));
    expect(bad.status).toBe(400);
    // Words no catalog holds (zod's, about a field the page never sends wrong) go as they are.
    expect(errorBodySchema.parse(bad.body)).toEqual({
      code: 'invalid_input',
      text: 'limit must be a whole number',
      message: { key: 'errors.asIs', values: { text: 'limit must be a whole number' } },
      field: 'limit',
    });
    const missing = await json(
      await getLease(new Request('http://test/api/leases/7ffffffffffffff3'), {
        params: Promise.resolve({ id: '7ffffffffffffff3' }),
      }),
    );
    expect(missing.status).toBe(404);
    expect(errorBodySchema.parse(missing.body)).toEqual({
      code: 'lease_not_found',
      text: 'lease 7ffffffffffffff3 is not in etcd and the dashboard has not seen it recently',
      message: { key: 'errors.leaseNotSeen', values: { id: '7ffffffffffffff3' } },
    });
    expectExact(errorBodySchema, bad.body, 'the 400');
    expectExact(errorBodySchema, missing.body, 'the 404');
  });

  it("holds for an action's failure: the same problem, and each field's own", async () => {
    const invalid = await renewLeaseAction({ leaseId: 'not hex' });
    expectExact(actionFailureSchema, invalid, 'an invalid lease ID');
    expect(invalid).toEqual({
      ok: false,
      code: 'invalid_input',
      text: 'Lease ID must be the hex ID etcdctl prints, like 694d9a1b2c3d4e5f',
      message: { key: 'validation.leaseIdHex' },
      fieldErrors: {
        leaseId: {
          code: 'invalid_input',
          text: 'Lease ID must be the hex ID etcdctl prints, like 694d9a1b2c3d4e5f',
          message: { key: 'validation.leaseIdHex' },
        },
      },
    });
    const gone = await renewLeaseAction({ leaseId: '7ffffffffffffff3' });
    expectExact(actionFailureSchema, gone, 'a lease etcd does not have');
    expect(gone).toMatchObject({ ok: false, code: 'lease_not_found' });
  });

  it('rejects an answer that does not match, so the page never half-trusts one', () => {
    const lease = { status: 'alive', id: 'a', firstSeenAt: 1, keepAlive: null, grantedTTL: 10 };
    expect(leasesResponseSchema.shape.leases.safeParse([lease]).success).toBe(false);
  });
});
