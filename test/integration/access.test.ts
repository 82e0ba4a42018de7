import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  attachKeyAction,
  grantLeaseAction,
  renewLeaseAction,
  revokeLeaseAction,
  setKeepAliveAction,
} from '@/app/actions';
import type { ActionResult, FormState } from '@/lib/shared/action-result';
import { resetConfig } from '@/lib/dashboard/registry';
import { getKeepAlive, getSampler } from '@/lib/server';
import {
  etcdctl,
  grantWithEtcdctl,
  independentClient,
  leaseIdsInEtcd,
  testPrefix,
} from './helpers';

// The access modes through the real server actions, each refusal checked against etcd: read-only,
// a key prefix, a sign-in token, and the grant rate limit.

const etcd = independentClient();
const prefix = testPrefix();
const made: string[] = [];
const MODES = [
  'DASHBOARD_READ_ONLY',
  'DASHBOARD_KEY_PREFIX',
  'DASHBOARD_TOKEN',
  'DASHBOARD_GRANTS_PER_MINUTE',
];

function mode(env: Record<string, string>) {
  for (const k of MODES) delete process.env[k];
  Object.assign(process.env, env);
  resetConfig();
}

afterEach(() => mode({}));

afterAll(async () => {
  getKeepAlive().close();
  getSampler().stop();
  await Promise.all(made.map((id) => etcdctl('lease', 'revoke', id).catch(() => undefined)));
  await etcdctl('del', '--prefix', prefix);
  etcd.close();
});

const idle = { result: null, values: {} } as FormState<never>;
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};
const grant = async (fields: Record<string, string>) =>
  (await grantLeaseAction(idle, form(fields))).result as ActionResult<{ id: string }>;

async function unchanged(act: () => Promise<unknown>) {
  const leases = await leaseIdsInEtcd(etcd);
  const keys = await etcd.getAll().prefix(prefix).keys();
  const result = await act();
  expect([...(await leaseIdsInEtcd(etcd))].filter((id) => !leases.has(id))).toEqual([]);
  expect(await etcd.getAll().prefix(prefix).keys()).toEqual(keys);
  return result as ActionResult<unknown>;
}

describe('DASHBOARD_READ_ONLY=true', () => {
  it('refuses every change on the server, and etcd stays as it was', async () => {
    const id = await grantWithEtcdctl(60);
    made.push(id);
    await etcdctl('put', `--lease=${id}`, `${prefix}ro`, 'v');
    mode({ DASHBOARD_READ_ONLY: 'true' });
    const refusal = {
      ok: false,
      code: 'read_only',
      text: 'The dashboard is read-only (DASHBOARD_READ_ONLY=true): it changes nothing in etcd',
      message: { key: 'errors.readOnly' },
    };
    for (const act of [
      () => grant({ ttl: '10', key: `${prefix}new`, value: 'v' }),
      async () =>
        (await attachKeyAction(idle, form({ leaseId: id, key: `${prefix}x`, value: 'v' }))).result,
      () => renewLeaseAction({ leaseId: id }),
      () => revokeLeaseAction({ leaseId: id }),
      () => setKeepAliveAction({ leaseId: id, on: true }),
    ]) {
      expect(await unchanged(act)).toEqual(refusal);
    }
    expect(await etcdctl('lease', 'timetolive', id)).toContain('remaining');
    expect(getKeepAlive().view(id)).toBeNull();
  });
});

describe('DASHBOARD_KEY_PREFIX', () => {
  it('writes keys only under the prefix', async () => {
    mode({ DASHBOARD_KEY_PREFIX: `${prefix}in/` });
    const outside = await unchanged(() => grant({ ttl: '30', key: `${prefix}out`, value: 'v' }));
    const problem = {
      code: 'outside_prefix',
      text: `Key must start with ${prefix}in/ (DASHBOARD_KEY_PREFIX)`,
      message: { key: 'errors.keyOutsidePrefix', values: { prefix: `${prefix}in/` } },
    };
    expect(outside).toEqual({ ok: false, ...problem, fieldErrors: { key: problem } });
    const inside = await grant({ ttl: '30', key: `${prefix}in/a`, value: 'v' });
    expect(inside.ok).toBe(true);
    if (inside.ok) made.push(inside.data.id);
    const attach = await unchanged(
      async () =>
        (
          await attachKeyAction(
            idle,
            form({ leaseId: inside.ok ? inside.data.id : '', key: `${prefix}b`, value: 'v' }),
          )
        ).result,
    );
    expect(attach).toMatchObject({
      ok: false,
      fieldErrors: { key: { code: 'outside_prefix', text: expect.any(String) } },
    });
  });

  it('revokes, renews and keeps alive only leases whose keys are all under it', async () => {
    const mixed = await grantWithEtcdctl(60);
    made.push(mixed);
    await etcdctl('put', `--lease=${mixed}`, `${prefix}in/ok`, 'v');
    await etcdctl('put', `--lease=${mixed}`, `${prefix}elsewhere`, 'v');
    mode({ DASHBOARD_KEY_PREFIX: `${prefix}in/` });
    const text = expect.stringMatching(
      new RegExp(`^lease ${mixed} holds keys outside ${prefix}in/ \\(${prefix}elsewhere\\)`),
    );
    for (const act of [
      () => revokeLeaseAction({ leaseId: mixed }),
      () => renewLeaseAction({ leaseId: mixed }),
      () => setKeepAliveAction({ leaseId: mixed, on: true }),
    ]) {
      expect(await unchanged(act)).toEqual({
        ok: false,
        code: 'outside_prefix',
        text,
        message: expect.objectContaining({ key: 'errors.scope.keysOutside' }),
      });
    }
    expect(await etcdctl('get', `${prefix}elsewhere`, '--print-value-only')).toBe('v');
    expect(getKeepAlive().view(mixed)).toBeNull();

    const inside = await grantWithEtcdctl(60);
    await etcdctl('put', `--lease=${inside}`, `${prefix}in/only`, 'v');
    expect(await revokeLeaseAction({ leaseId: inside })).toMatchObject({ ok: true });
  });
});

describe('DASHBOARD_TOKEN', () => {
  it('refuses changes from a request that has not signed in', async () => {
    mode({ DASHBOARD_TOKEN: 'a-token-of-at-least-16-characters' });
    expect(await unchanged(() => grant({ ttl: '10' }))).toEqual({
      ok: false,
      code: 'sign_in_required',
      text: 'Sign in with the dashboard token first: DASHBOARD_TOKEN is set',
      message: { key: 'errors.signInFirst' },
    });
  });
});

describe('DASHBOARD_GRANTS_PER_MINUTE', () => {
  it('refuses a client the grant after its share of the minute', async () => {
    mode({ DASHBOARD_GRANTS_PER_MINUTE: '3' });
    for (let i = 0; i < 3; i++) {
      const ok = await grant({ ttl: '30' });
      expect(ok.ok).toBe(true);
      if (ok.ok) made.push(ok.data.id);
    }
    const fourth = await unchanged(() => grant({ ttl: '30' }));
    expect(fourth).toMatchObject({
      ok: false,
      code: 'rate_limited',
      text: expect.stringMatching(
        /^Too many leases granted: at most 3 a minute from one client \(DASHBOARD_GRANTS_PER_MINUTE\); try again in \d+ s$/,
      ),
    });
  });
});
