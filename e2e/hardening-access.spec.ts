import { createHmac } from 'node:crypto';
import { request as http } from 'node:http';
import { expect, type APIRequestContext } from '@playwright/test';
import type { KeepAliveView } from '@/lib/shared/contract';
import { guarded, misconfigured } from '../playwright.config';
import { actionId, callAction, callFormAction } from './actions';
import { test } from './fixtures';
import { etcdctl, remainingInEtcd, uniqueKey } from './helpers';

// Who may do what, against the production build: the key prefix checked on every renewal, a
// prefix without its slash, sessions that end on sign-out, a foreign Host (DNS rebinding), and
// action bodies Next.js could not decode.

async function signIn(request: APIRequestContext): Promise<void> {
  const answer = await callFormAction(request, guarded.baseURL, actionId('signInAction'), {
    token: guarded.token,
  });
  expect(answer.result).toMatchObject({ result: { ok: true } });
}

test('under a prefix, keep-alive stops when a key outside it appears, and keyless strangers are refused', async ({
  request,
  leases,
}) => {
  await signIn(request);
  const base = guarded.baseURL;
  // TTL 6 s: kept alive every 2 s, so a renewal comes soon after the foreign key appears.
  const grant = await callFormAction(request, base, actionId('grantLeaseAction'), {
    ttl: '6',
    key: uniqueKey('mine').replace('/e2e/', guarded.prefix),
    value: 'v',
  });
  const id = leases.track((grant.result as { result: { data: { id: string } } }).result.data.id);
  const on = await callAction(request, base, actionId('setKeepAliveAction'), [
    { leaseId: id, on: true },
  ]);
  expect(on.result).toMatchObject({ ok: true, data: { keepAlive: { on: true } } });

  await etcdctl('put', `--lease=${id}`, uniqueKey('db-leader').replace('/e2e/', '/prod-e2e/'), 'x');
  await expect
    .poll(
      async () => {
        const detail = (await (await request.get(`${base}/api/leases/${id}`)).json()) as {
          lease: { keepAlive: KeepAliveView | null };
        };
        return detail.lease.keepAlive;
      },
      { timeout: 10_000 },
    )
    .toMatchObject({
      on: false,
      stopReason: {
        text: expect.stringContaining(`holds keys outside ${guarded.prefix}`),
        message: { key: 'keepAlive.reasons.mayNotRenew' },
      },
    });
  for (const name of ['renewLeaseAction', 'revokeLeaseAction'])
    expect(
      (await callAction(request, base, actionId(name), [{ leaseId: id }])).result,
    ).toMatchObject({
      ok: false,
      code: 'outside_prefix',
    });
  const schedule = await callAction(request, base, actionId('setKeepAliveAction'), [
    { leaseId: id, on: true, schedule: 'half' },
  ]);
  expect(schedule.result).toMatchObject({ ok: false, code: 'outside_prefix' });

  const stranger = await leases.grant(60);
  const revoke = await callAction(request, base, actionId('revokeLeaseAction'), [
    { leaseId: stranger },
  ]);
  expect(revoke.result).toMatchObject({
    ok: false,
    code: 'outside_prefix',
    text: expect.stringContaining(
      'holds no keys under /guarded/ and was not granted by this dashboard',
    ),
  });
  // Nor can it be adopted by putting a key under the prefix on it, and then revoked.
  const adopt = await callFormAction(request, base, actionId('attachKeyAction'), {
    leaseId: stranger,
    key: uniqueKey('adopted').replace('/e2e/', guarded.prefix),
    value: 'v',
  });
  expect(adopt.result).toMatchObject({ result: { ok: false, code: 'outside_prefix' } });
  expect(await remainingInEtcd(stranger)).toBeGreaterThan(0);
});

test('a key prefix without its trailing slash is refused at start-up, naming the variable', async ({
  request,
  page,
}) => {
  const health = await request.get(`${misconfigured.baseURL}/api/health`);
  expect(health.status()).toBe(503);
  expect(await health.json()).toMatchObject({
    problem: 'config',
    error: {
      code: 'config_invalid',
      text: expect.stringMatching(/^DASHBOARD_KEY_PREFIX must end with \/ \(like \/demo\/\)/),
    },
  });
  const before = await etcdctl('get', '/demo', '--prefix', '--keys-only');
  const grant = await callFormAction(request, misconfigured.baseURL, actionId('grantLeaseAction'), {
    ttl: '30',
    key: '/demo-prod/x',
    value: 'v',
  });
  expect(grant.result).toMatchObject({ result: { ok: false, code: 'config_invalid' } });
  expect(await etcdctl('get', '/demo', '--prefix', '--keys-only')).toBe(before);
  await page.goto(misconfigured.baseURL);
  await expect(page.getByText(/DASHBOARD_KEY_PREFIX must end with \//)).toBeVisible();
});

test('a session cookie replayed after sign-out is refused, and one cannot be made from the token', async ({
  request,
  playwright,
}) => {
  await signIn(request);
  const cookie = (await request.storageState()).cookies.find(
    (c) => c.name === 'lease-dashboard-session',
  );
  expect(cookie?.value).toBeTruthy();
  expect((await request.get(`${guarded.baseURL}/api/leases`)).status()).toBe(200);
  await callAction(request, guarded.baseURL, actionId('signOutAction'), []);

  const forged = createHmac('sha256', guarded.token)
    .update('lease-dashboard session v1')
    .digest('base64url');
  for (const value of [cookie?.value ?? '', forged]) {
    const replay = await playwright.request.newContext({
      extraHTTPHeaders: { Cookie: `lease-dashboard-session=${value}` },
    });
    expect((await replay.get(`${guarded.baseURL}/api/leases`)).status()).toBe(401);
    await replay.dispose();
  }
});

/** A request with a Host header of our choosing (the browser's request API would set its own). */
function withHost(
  url: string,
  host: string,
  init: { method?: string; headers?: object; body?: string } = {},
) {
  return new Promise<number>((resolve, reject) => {
    const req = http(
      url,
      { method: init.method ?? 'GET', headers: { ...init.headers, Host: host } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

test('a request naming a foreign Host is refused, whatever it asks', async ({
  baseURL,
  leases,
}) => {
  const id = await leases.grant(60);
  await expect.poll(() => remainingInEtcd(id), { timeout: 5000 }).toBeLessThanOrEqual(58);
  const evil = { Origin: 'http://evil.example' };
  expect(await withHost(`${baseURL}/`, 'evil.example', { headers: evil })).toBe(421);
  expect(await withHost(`${baseURL}/api/leases`, 'evil.example:80', { headers: evil })).toBe(421);
  const renew = await withHost(`${baseURL}/`, 'evil.example', {
    method: 'POST',
    headers: {
      ...evil,
      'Next-Action': actionId('renewLeaseAction'),
      'Content-Type': 'text/plain;charset=UTF-8',
    },
    body: JSON.stringify([{ leaseId: id }]),
  });
  expect(renew).toBe(421);
  expect(await remainingInEtcd(id), 'the lease was not renewed').toBeLessThanOrEqual(58);
  expect(await withHost(`${baseURL}/api/leases`, new URL(baseURL ?? '').host)).toBe(200);
});

test('malformed action bodies get a 4xx and change nothing', async ({ request, baseURL }) => {
  const leasesNow = async () => new Set((await etcdctl('lease', 'list')).split('\n').slice(1));
  const before = await leasesNow();
  const bodies: [string, string][] = [
    ['not JSON', '{leaseId:'],
    ['truncated', '[{"leaseId":"694d'],
    ['nested 20,000 deep', `${'['.repeat(20_000)}${']'.repeat(20_000)}`],
    ['an unknown reference', '["$F1"]'],
    ['1 MB', JSON.stringify([{ leaseId: 'x'.repeat(1_100_000) }])],
  ];
  for (const [what, data] of bodies) {
    const res = await request.post(`${baseURL}/`, {
      headers: {
        'Next-Action': actionId('renewLeaseAction'),
        Origin: baseURL ?? '',
        'Content-Type': 'text/plain;charset=UTF-8',
      },
      data,
    });
    expect([400, 413], what).toContain(res.status());
    expect(await res.text(), what).not.toMatch(/\n\s+at /);
  }
  // No lease appeared (others may have expired meanwhile).
  expect([...(await leasesNow())].filter((id) => !before.has(id))).toEqual([]);
});
