import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { guarded, readOnly, WATCHED_PREFIX } from '../playwright.config';
import { actionId, callAction, callFormAction } from './actions';
import { expect, test } from './fixtures';
import { DashboardPage, etcdctl, leaseIdsInEtcd, uniqueKey } from './helpers';

// The access modes in the browser, each against its own dashboard on the run's etcd: read-only,
// and a dashboard with a sign-in token, a key prefix and protected reads. Plus the security headers
// and a check that no secret reaches the browser.

test('read-only: the page says so, its controls are disabled, and the server refuses changes', async ({
  page,
  request,
  leases,
}) => {
  const id = await leases.grant(60);
  await page.goto(readOnly.baseURL);
  await expect(page.getByRole('note').filter({ hasText: 'Read-only.' })).toContainText(
    'DASHBOARD_READ_ONLY=true',
  );
  await expect(page.getByRole('button', { name: 'Grant lease' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Attach key' })).toBeDisabled();
  const row = page.getByRole('row', { name: `Lease ${id}` });
  await expect(row.getByRole('button', { name: 'Renew once' })).toBeDisabled();
  await expect(row.getByRole('button', { name: 'Revoke' })).toBeDisabled();
  await expect(row.getByRole('switch', { name: 'Keep alive' })).toBeDisabled();

  // A request made without the page is refused just the same.
  const before = await leaseIdsInEtcd();
  const grant = await callFormAction(request, readOnly.baseURL, actionId('grantLeaseAction'), {
    ttl: '10',
  });
  expect(grant.result).toMatchObject({
    result: { ok: false, code: 'read_only', text: expect.stringContaining('read-only') },
  });
  const revoke = await callAction(request, readOnly.baseURL, actionId('revokeLeaseAction'), [
    { leaseId: id },
  ]);
  expect(revoke.result).toMatchObject({
    ok: false,
    code: 'read_only',
    text: expect.stringContaining('read-only'),
  });
  expect(await leaseIdsInEtcd()).toEqual(expect.arrayContaining([...before]));
  expect((await leaseIdsInEtcd()).length).toBe(before.length);
});

test('a scoped watch: the page names what it watches, and which leases have no live key events', async ({
  page,
  leases,
}) => {
  const outside = uniqueKey('unwatched');
  const inside = `${WATCHED_PREFIX}${uniqueKey('watched').slice(1)}`;
  const unwatched = await leases.grant(120, { key: outside });
  const watched = await leases.grant(120, { key: inside });
  await page.goto(`${readOnly.baseURL}/?id=${unwatched}`);
  await expect(page.getByTestId('watch-scope')).toContainText(
    `Live key events cover only keys under ${WATCHED_PREFIX}`,
  );
  const row = page.getByRole('row', { name: `Lease ${unwatched}` });
  await expect(row.getByText(outside)).toBeVisible();
  await expect(row.getByTestId('unwatched-keys')).toHaveText(
    'Live key events off (outside the watched prefixes)',
  );
  await page.goto(`${readOnly.baseURL}/?id=${watched}`);
  const watchedRow = page.getByRole('row', { name: `Lease ${watched}` });
  await expect(watchedRow.getByText(inside)).toBeVisible();
  await expect(watchedRow.getByTestId('unwatched-keys')).toHaveCount(0);
});

test('token, prefix and protected reads: sign in, write only under the prefix, sign out', async ({
  page,
  request,
  context,
  leases,
}) => {
  // Before signing in: nothing to see, and the API says why.
  const api = await request.get(`${guarded.baseURL}/api/leases`);
  expect(api.status()).toBe(401);
  expect(await api.json()).toMatchObject({
    code: 'sign_in_required',
    text: expect.stringContaining('Sign in'),
    message: { key: 'errors.signInToRead' },
  });
  await page.goto(guarded.baseURL);
  await expect(page.getByRole('table', { name: 'Leases', exact: true })).toHaveCount(0);
  const signIn = page.getByRole('form', { name: 'Sign in' });
  await signIn.getByLabel('Dashboard token').fill('not-the-token-at-all');
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await expect(signIn.getByRole('status')).toHaveText('That is not the dashboard token');

  await signIn.getByLabel('Dashboard token').fill(guarded.token);
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Signed in: this browser may change etcd.')).toBeVisible();
  const cookie = (await context.cookies()).find((c) => c.name === 'lease-dashboard-session');
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  expect(cookie?.value).not.toContain(guarded.token);

  // Keys only under the prefix.
  const form = page.getByRole('form', { name: 'Grant a lease' });
  await form.getByLabel('Key', { exact: true }).fill(uniqueKey('outside'));
  await form.getByRole('button', { name: 'Grant lease' }).click();
  await expect(form.getByRole('status')).toHaveText(
    `Key must start with ${guarded.prefix} (DASHBOARD_KEY_PREFIX)`,
  );
  // The key is put with the lease, so revoking the lease at the end deletes it too.
  const inside = `${guarded.prefix}${Date.now()}`;
  await leases.grantInPage(new DashboardPage(page), { key: inside });
  expect(await etcdctl('get', inside, '--print-value-only')).toBe('127.0.0.1');

  // The page's HTML and scripts never carry the token.
  const html = await (await request.get(guarded.baseURL)).text();
  expect(html).not.toContain(guarded.token);
  for (const src of await page
    .locator('script[src]')
    .evaluateAll((s) => s.map((e) => (e as HTMLScriptElement).src))) {
    expect(await (await request.get(src)).text()).not.toContain(guarded.token);
  }

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('form', { name: 'Sign in' })).toBeVisible();
});

test('pages carry security headers, and the build holds no secret', async ({
  request,
  baseURL,
}) => {
  const res = await request.get(baseURL ?? '');
  const headers = res.headers();
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['x-powered-by']).toBeUndefined();

  // Everything the browser can download from the build: no token, and none of the code that reads
  // etcd's credentials (lib/config/env.ts). The variables' names alone may appear: the catalogs'
  // error messages tell an operator which ones to set.
  const secrets = [guarded.token, 'ETCD_PASSWORD:', 'DASHBOARD_TOKEN='];
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => {
      const p = path.join(dir, f);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
  const files = walk('.next/static');
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const secret of secrets) expect(text, `${file} holds ${secret}`).not.toContain(secret);
  }
});
