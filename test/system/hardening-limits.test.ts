import { Etcd3 } from 'etcd3';
import { afterAll, expect, it } from 'vitest';
import {
  actionId,
  callAction,
  callFormAction,
  type ActionAnswer,
  type Poster,
} from '../../e2e/actions';
import { etcdctl, putWithLease, remainingInEtcd } from '../../e2e/etcd-side';
import { dashboards } from './dashboards';
import { overFetch } from './http';
import { leasesOfEachTest } from './leases';

// What an adversarial pass broke with limits, against the production build and a real etcd:
// registering service instances in a loop, scenarios ignoring the grant limit, registers racing
// resets, and one lease's keys making every answer heavy.

type Result = { ok: boolean; code?: string; text?: string; data?: unknown };
const resultOf = (answer: ActionAnswer) => answer.result as Result;

const scenario = (request: Poster, baseURL: string, name: string, input: object) =>
  callAction(request, baseURL, actionId(name), [input]).then(resultOf);

type Registry = { instances: { name: string; leaseId: string; key: string }[]; prefix: string };

const { main, limited } = dashboards();
const request = overFetch;
const leases = leasesOfEachTest();
/** A client of the file's own, as another program next to the dashboard. */
const etcd = new Etcd3({ hosts: process.env.ETCD_ENDPOINTS ?? '' });
afterAll(() => etcd.close());

/** Leases etcd holds keys for under a prefix, by etcdctl (another client's view). */
async function keysUnder(prefix: string): Promise<string[]> {
  const out = await etcdctl('get', prefix, '--prefix', '--keys-only');
  return out.split('\n').filter(Boolean);
}

it('the scenarios obey the grant limit, and the registry holds at most 10 instances', async () => {
  const base = main.baseURL;
  const registry = (op: string) => scenario(request, base, 'registryAction', { op });
  await registry('reset');
  const answers = await Promise.all(Array.from({ length: 12 }, () => registry('register')));
  const refused = answers.filter((a) => !a.ok);
  expect(refused.map((a) => a.code)).toEqual(['rate_limited', 'rate_limited']);
  expect(refused[0]?.text).toMatch(/^At most 10 instances at a time/);
  // Each answer is the registry as that register left it: the fullest is the last one run.
  const states = answers.filter((a) => a.ok).map((a) => a.data as Registry);
  const last = states.reduce((a, b) => (b.instances.length > a.instances.length ? b : a));
  for (const i of last.instances) leases.track(i.leaseId);
  expect(new Set(last.instances.map((i) => i.name)).size).toBe(10);
  expect(await keysUnder(last.prefix)).toHaveLength(10);
  expect((await registry('reset')).ok).toBe(true);
  expect(await keysUnder(last.prefix)).toEqual([]);

  // A dashboard allowing 3 grants a minute: register, a web session and DHCP share them.
  const l = limited.baseURL;
  const sessionStart = () => scenario(request, l, 'sessionAction', { op: 'start' });
  const dhcpStart = () => scenario(request, l, 'dhcpAction', { op: 'start' });
  const tries = [
    ...(await Promise.all(
      Array.from({ length: 4 }, () => scenario(request, l, 'registryAction', { op: 'register' })),
    )),
    await sessionStart(),
    await dhcpStart(),
  ];
  for (const t of tries.filter((a) => a.ok))
    for (const i of (t.data as Registry).instances ?? []) leases.track(i.leaseId);
  expect(tries.filter((t) => t.ok)).toHaveLength(3);
  expect(tries.filter((t) => !t.ok).map((t) => [t.code, t.text?.slice(0, 27)])).toEqual(
    Array.from({ length: 3 }, () => ['rate_limited', 'Too many leases granted: at']),
  );
  await scenario(request, l, 'registryAction', { op: 'reset' });
});

it('registers racing resets leave no lease alive after the last reset', async () => {
  const base = main.baseURL;
  const registry = (op: string) => scenario(request, base, 'registryAction', { op });
  await registry('reset');
  const ops = ['register', 'register', 'reset', 'register', 'register', 'reset', 'register'];
  const answers = await Promise.all(ops.map((op) => registry(op)));
  const made = new Set<string>();
  for (const a of answers)
    for (const i of (a.data as Registry | undefined)?.instances ?? [])
      made.add(leases.track(i.leaseId));
  const names = answers
    .filter((a, n) => a.ok && ops[n] === 'register')
    .map((a) => (a.data as Registry).instances.map((i) => i.name));
  for (const list of names) expect(new Set(list).size, list.join(', ')).toBe(list.length);
  const final = await registry('reset');
  expect(final).toMatchObject({ ok: true, data: { instances: [] } });
  expect(made.size).toBeGreaterThan(0);
  for (const id of made) expect(await remainingInEtcd(id), `lease ${id}`).toBe(-1);
  expect(await keysUnder((final.data as Registry).prefix)).toEqual([]);
});

it('one lease with 1,000 keys of 4 KiB keeps every answer small, and attach is bounded', async () => {
  const base = main.baseURL;
  const prefix = `/e2e-heavy/${Date.now()}/`;
  const id = await leases.grant(120);
  const name = (n: number) => `${prefix}${String(n).padStart(4, '0')}-${'k'.repeat(4000)}`;
  await putWithLease(
    etcd,
    id,
    prefix,
    Array.from({ length: 1000 }, (_, n) => name(n)),
    'v',
  );
  // 4 MB of key names reach every dashboard of the run through its watch: give them time.
  await expect
    .poll(
      async () => {
        const res = await fetch(`${base}/api/leases?id=${id}`);
        return ((await res.json()) as { leases: { keyCount?: number }[] }).leases[0]?.keyCount;
      },
      { timeout: 30_000 },
    )
    .toBe(1000);

  const list = await fetch(`${base}/api/leases`);
  expect((await list.arrayBuffer()).byteLength).toBeLessThan(64 * 1024);
  const detail = await fetch(`${base}/api/leases/${id}`);
  expect((await detail.arrayBuffer()).byteLength).toBeLessThan(256 * 1024);

  const attach = await callFormAction(request, base, actionId('attachKeyAction'), {
    leaseId: id,
    key: `${prefix}one-more`,
    value: 'v',
  });
  expect(attach.result).toMatchObject({
    result: {
      ok: false,
      code: 'invalid_input',
      fieldErrors: {
        leaseId: {
          code: 'invalid_input',
          text: expect.stringMatching(/already holds 1,?000 keys/),
          message: { key: 'errors.tooManyKeys' },
        },
      },
    },
  });
  expect(await etcdctl('get', `${prefix}one-more`)).toBe('');
  // Let the dashboards take in the 1,000 deletes before the next test.
  await etcdctl('lease', 'revoke', id);
  await expect
    .poll(
      async () =>
        (
          (await (await fetch(`${base}/api/leases/${id}`)).json()) as {
            lease?: { status: string };
          }
        ).lease?.status,
      { timeout: 30_000 },
    )
    .toBe('revoked');
});
