import { randomUUID } from 'node:crypto';
import { guarded, readOnly } from '../playwright.config';
import { actionId, callAction, callFormAction } from './actions';
import { expect, test } from './fixtures';
import { etcdctl, leaseIdsInEtcd } from './helpers';

// Revoke by key prefix in the browser: the preview's counts are etcd's own, only the previewed
// leases go (not one put under the prefix after the preview), and bad prefixes and forged requests
// change nothing in etcd.

const keysUnder = async (prefix: string) =>
  (await etcdctl('get', '--prefix', '--keys-only', prefix)).split('\n').filter(Boolean);

test('a preview counts what etcd holds, and the revoke takes exactly the previewed leases', async ({
  page,
  leases,
}) => {
  const base = `/e2e/${randomUUID().slice(0, 8)}/`;
  const prefix = `${base}services/`;
  const a = await leases.grant(300, { key: `${prefix}web/1` });
  await etcdctl('put', `--lease=${a}`, `${prefix}web/2`, 'v');
  const b = await leases.grant(300, { key: `${prefix}api/1` });
  // b also holds a key outside the prefix: etcd deletes that too, and the preview says so.
  await etcdctl('put', `--lease=${b}`, `${base}config/api`, 'v');
  const elsewhere = await leases.grant(300, { key: `${base}config/other` });

  await page.goto('/');
  const panel = page.locator('details').filter({ hasText: 'Revoke by key prefix' });
  await panel.getByText('Revoke by key prefix').first().click();
  await panel.getByRole('textbox', { name: 'Key prefix' }).fill(prefix);
  await panel.getByRole('button', { name: 'Preview' }).click();
  const preview = panel.getByTestId('prefix-preview');
  const inEtcd = await keysUnder(prefix);
  expect(inEtcd).toHaveLength(3);
  await expect(preview).toContainText(
    `Takes 2 leases and the ${inEtcd.length} keys they hold under ${prefix}. One of them also holds 1 key outside it`,
  );
  await expect(preview.getByRole('listitem').filter({ hasText: b })).toContainText(
    `${base}config/api`,
  );

  // A lease that joins the prefix after the preview is not taken.
  const late = await leases.grant(300, { key: `${prefix}late/1` });
  await panel.getByRole('button', { name: 'Revoke 2 leases' }).click();
  await expect(panel.getByRole('status')).toHaveText(`Revoked 2 leases under ${prefix}`);
  const left = await leaseIdsInEtcd();
  expect(left).not.toContain(a);
  expect(left).not.toContain(b);
  expect(left).toContain(late);
  expect(left).toContain(elsewhere);
  expect(await keysUnder(base)).toEqual([`${base}config/other`, `${prefix}late/1`]);
});

test('bad prefixes and forged confirmations change nothing', async ({ page, request, leases }) => {
  const prefix = `/e2e/${randomUUID().slice(0, 8)}/`;
  const id = await leases.grant(300, { key: `${prefix}k` });
  await page.goto('/');
  const panel = page.locator('details').filter({ hasText: 'Revoke by key prefix' });
  await panel.getByText('Revoke by key prefix').first().click();

  // Empty: refused, naming the field.
  await panel.getByRole('button', { name: 'Preview' }).click();
  await expect(panel.getByText('Prefix is required', { exact: false }).first()).toBeVisible();

  // A broad prefix (one path segment; `/` is one too) is previewed, but the confirmation must type
  // the lease count back. The test owns every key under this one.
  const broad = `/e2e-${randomUUID().slice(0, 8)}/`;
  const wide = await leases.grant(300, { key: `${broad}a/b` });
  await panel.getByRole('textbox', { name: 'Key prefix' }).fill(broad);
  await panel.getByRole('button', { name: 'Preview' }).click();
  const confirm = panel.getByRole('button', { name: 'Revoke 1 lease' });
  await confirm.click();
  await expect(panel.getByText('Type the number of leases (1)').first()).toBeVisible();
  await panel.getByLabel(`Type 1 to revoke every lease under ${broad}`).fill('2');
  await confirm.click();
  await expect(panel.getByText('Type the number of leases (1)').first()).toBeVisible();
  expect(await leaseIdsInEtcd()).toContain(wide);
  await panel.getByLabel(`Type 1 to revoke every lease under ${broad}`).fill('1');
  await confirm.click();
  await expect(panel.getByRole('status')).toHaveText(`Revoked 1 lease under ${broad}`);
  expect(await leaseIdsInEtcd()).not.toContain(wide);

  // A confirmation without a preview: a made-up token.
  const base = test.info().project.use.baseURL ?? '';
  const answer = await callAction(request, base, actionId('revokePrefixAction'), [
    { prefix, token: randomUUID() },
  ]);
  expect(answer.result).toMatchObject({ ok: false, code: 'invalid_input' });
  expect(JSON.stringify(answer.result)).toContain('preview it first');
  // Read-only: even the preview is refused.
  const readOnlyAnswer = await callAction(
    request,
    readOnly.baseURL,
    actionId('previewPrefixRevokeAction'),
    [{ prefix }],
  );
  expect(readOnlyAnswer.result).toMatchObject({
    ok: false,
    code: 'read_only',
    text: expect.stringContaining('read-only'),
  });
  expect(await leaseIdsInEtcd()).toContain(id);
  expect(await keysUnder(prefix)).toEqual([`${prefix}k`]);
});

test('with a token and DASHBOARD_KEY_PREFIX: refused without sign-in, outside the prefix, and per lease', async ({
  request,
  leases,
}) => {
  const base = guarded.baseURL;
  const prefix = `${guarded.prefix}${randomUUID().slice(0, 8)}/`;
  const mine = await leases.grant(300, { key: `${prefix}a` });
  // A lease under the prefix that also holds a key outside DASHBOARD_KEY_PREFIX: not the
  // dashboard's to revoke, whatever the preview said.
  const mixed = await leases.grant(300, { key: `${prefix}b` });
  const outside = `/e2e/${randomUUID().slice(0, 8)}/elsewhere`;
  await etcdctl('put', `--lease=${mixed}`, outside, 'v');

  const preview = (prefixAsked: string) =>
    callAction(request, base, actionId('previewPrefixRevokeAction'), [{ prefix: prefixAsked }]);
  expect((await preview(prefix)).result).toMatchObject({
    ok: false,
    code: 'sign_in_required',
    text: expect.stringContaining('Sign in'),
  });

  const signedIn = await callFormAction(request, base, actionId('signInAction'), {
    token: guarded.token,
  });
  expect(signedIn.result).toMatchObject({ result: { ok: true } });
  expect((await preview('/e2e/')).result).toMatchObject({
    ok: false,
    code: 'outside_prefix',
    fieldErrors: {
      prefix: { code: 'outside_prefix', text: expect.stringContaining(guarded.prefix) },
    },
  });

  const shown = (await preview(prefix)).result as {
    ok: true;
    data: { token: string; leases: { id: string; keysOutside: number }[] };
  };
  expect(shown.data.leases.map((l) => [l.id, l.keysOutside]).sort()).toEqual(
    [
      [mine, 0],
      [mixed, 1],
    ].sort(),
  );
  const done = await callAction(request, base, actionId('revokePrefixAction'), [
    { prefix, token: shown.data.token },
  ]);
  expect(done.result).toMatchObject({
    ok: true,
    data: {
      revoked: [mine],
      // Why: its code, in words, and as a catalog message (a Chinese page says it in Chinese).
      failed: [
        {
          id: mixed,
          error: {
            code: 'outside_prefix',
            text: expect.stringContaining(outside),
            message: { key: expect.stringMatching(/^errors\./) },
          },
        },
      ],
    },
  });
  const left = await leaseIdsInEtcd();
  expect(left).not.toContain(mine);
  expect(left).toContain(mixed);
  expect(await etcdctl('get', outside, '--print-value-only')).toBe('v');
});

test('a previewed lease that gained a key outside the prefix since is left alone, and says so', async ({
  page,
  leases,
}) => {
  const base = `/e2e/${randomUUID().slice(0, 8)}/`;
  const prefix = `${base}jobs/`;
  const stays = await leases.grant(300, { key: `${prefix}a` });
  const goes = await leases.grant(300, { key: `${prefix}b` });
  await page.goto('/');
  const panel = page.locator('details').filter({ hasText: 'Revoke by key prefix' });
  await panel.getByText('Revoke by key prefix').first().click();
  await panel.getByRole('textbox', { name: 'Key prefix' }).fill(prefix);
  await panel.getByRole('button', { name: 'Preview' }).click();
  await expect(panel.getByTestId('prefix-preview')).toContainText('Takes 2 leases');

  // After the preview, another client puts a key elsewhere on one of them.
  await etcdctl('put', `--lease=${stays}`, `${base}config/new`, 'v');
  await panel.getByRole('button', { name: 'Revoke 2 leases' }).click();
  await expect(panel.getByRole('status')).toContainText(
    `Revoked 1 lease under ${prefix}; 1 failed: ${stays}: lease ${stays} changed since the preview`,
  );
  const left = await leaseIdsInEtcd();
  expect(left).toContain(stays);
  expect(left).not.toContain(goes);
  expect(await etcdctl('get', `${base}config/new`, '--print-value-only')).toBe('v');
});
