import { randomBytes, randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { guarded } from '../playwright.config';
import { actionId, callAction, callFormAction } from './actions';
import { expect, test } from './fixtures';

// The audit page in token mode (the dashboard with a token, a key prefix and protected reads): seen
// only once signed in, reached from the lease list, filtered by lease, action, result and user, a
// page at a time, in English and in Chinese.

const RENEWALS = 52;

const entries = (page: Page, name = 'Audit entries') =>
  page.getByRole('table', { name }).getByRole('row');

test('the audit trail: signed in only, filtered, paged, in both languages', async ({
  page,
  request,
  leases,
}) => {
  const api = await request.get(`${guarded.baseURL}/api/audit`);
  expect(api.status()).toBe(401);
  await page.goto(`${guarded.baseURL}/audit`);
  await expect(page.getByRole('heading', { level: 1, name: 'Audit trail' })).toBeVisible();
  await expect(page.getByRole('search', { name: 'Filter the audit trail' })).toHaveCount(0);

  // Signed in on the lease list, whose menu leads to the trail.
  await page.goto(guarded.baseURL);
  const signIn = page.getByRole('form', { name: 'Sign in' });
  await signIn.getByLabel('Dashboard token').fill(guarded.token);
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Signed in: this browser may change etcd.')).toBeVisible();

  // What to find: a lease granted and renewed through this browser's session, and revokes of a
  // lease etcd does not have.
  const session = page.request;
  const granted = await callFormAction(session, guarded.baseURL, actionId('grantLeaseAction'), {
    ttl: '300',
    key: `${guarded.prefix}audit-${randomUUID().slice(0, 8)}`,
    value: 'v',
  });
  const id = leases.track((granted.result as { result: { data: { id: string } } }).result.data.id);
  for (let i = 0; i < RENEWALS; i++) {
    const renewed = await callAction(session, guarded.baseURL, actionId('renewLeaseAction'), [
      { leaseId: id },
    ]);
    expect(renewed.result).toMatchObject({ ok: true });
  }
  const unknown = `7${randomBytes(8).toString('hex').slice(1)}`;
  for (let i = 0; i < 3; i++)
    await callAction(session, guarded.baseURL, actionId('revokeLeaseAction'), [
      { leaseId: unknown },
    ]);

  await page.getByRole('link', { name: 'Audit trail' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit trail' })).toBeVisible();
  await expect(page.getByText(/Kept in etcd under \/lease-dashboard\/audit\//)).toBeVisible();
  const filters = page.getByRole('search', { name: 'Filter the audit trail' });
  const pager = page.getByRole('navigation', { name: 'Audit pages' });

  // One lease: its grant and renewals, fifty to a page, newest first.
  await filters.getByLabel('Lease ID').fill(id);
  await filters.getByRole('button', { name: 'Filter' }).click();
  await expect(pager).toContainText(`Showing 1-50 of ${RENEWALS + 1}`);
  await expect(entries(page)).toHaveCount(51);
  const newest = entries(page).nth(1);
  await expect(newest.getByRole('cell').nth(1)).toHaveText('token');
  await expect(newest.getByRole('cell').nth(2)).toHaveText('every client');
  await expect(newest.getByRole('cell').nth(3)).toHaveText('Renew once');
  await expect(newest.getByRole('cell').nth(4)).toContainText(id);
  await expect(newest.getByRole('cell').nth(5)).toHaveText('ok');
  await pager.getByRole('button', { name: 'Older' }).click();
  await expect(pager).toContainText(`Showing 51-53 of ${RENEWALS + 1}`);
  await expect(entries(page)).toHaveCount(4);
  await expect(pager.getByRole('button', { name: 'Older' })).toBeDisabled();
  const oldest = entries(page).last();
  await expect(oldest.getByRole('cell').nth(3)).toHaveText('Grant');
  await expect(oldest.getByRole('cell').nth(4)).toContainText('1 key');
  await pager.getByRole('button', { name: 'Newer' }).click();
  await expect(pager).toContainText(`Showing 1-50 of ${RENEWALS + 1}`);
  await expect(pager.getByRole('button', { name: 'Newer' })).toBeDisabled();

  // The failed revokes of another lease, by action and result.
  await filters.getByLabel('Lease ID').fill(unknown);
  await filters.getByLabel('Action').selectOption({ label: 'Revoke' });
  await filters.getByLabel('Result').selectOption({ label: 'Failed' });
  await filters.getByRole('button', { name: 'Filter' }).click();
  await expect(pager).toContainText('Showing 1-3 of 3');
  for (const row of (await entries(page).all()).slice(1))
    await expect(row.getByRole('cell').nth(5)).toHaveText('lease_not_found');
  // Shared as an address: the filters are in it.
  const address = new URL(page.url());
  expect(Object.fromEntries(address.searchParams)).toEqual({
    lease: unknown,
    action: 'revoke',
    result: 'failed',
  });
  await filters.getByLabel('Result').selectOption({ label: 'Succeeded' });
  await filters.getByRole('button', { name: 'Filter' }).click();
  await expect(pager).toContainText('No entries match');
  await expect(page.getByRole('table', { name: 'Audit entries' })).toHaveCount(0);

  // Nobody else made changes to this lease: a user who is not the token matches none of them.
  await filters.getByRole('button', { name: 'Clear' }).click();
  await filters.getByLabel('Lease ID').fill(id);
  await filters.getByLabel('User').fill('alice');
  await filters.getByRole('button', { name: 'Filter' }).click();
  await expect(pager).toContainText('No entries match');
  await filters.getByLabel('User').fill('token');
  await filters.getByLabel('Lease ID').fill('not-a-lease');
  await filters.getByRole('button', { name: 'Filter' }).click();
  await expect(filters.getByRole('alert')).toHaveText(
    /^Lease ID must be the hex ID etcdctl prints/,
  );
  await filters.getByLabel('Lease ID').fill(id);
  await filters.getByRole('button', { name: 'Filter' }).click();
  await expect(pager).toContainText(`Showing 1-50 of ${RENEWALS + 1}`);

  // In Chinese: the same page, the same filters, every word in the other language.
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await expect(page.getByRole('heading', { level: 1, name: '审计记录' })).toBeVisible({
    timeout: 15_000,
  });
  const pages = page.getByRole('navigation', { name: '审计记录分页' });
  await expect(pages).toContainText(`第 1-50 条，共 ${RENEWALS + 1} 条`);
  const table = page.getByRole('table', { name: '审计条目' });
  await expect(table.getByRole('columnheader', { name: '时间' })).toBeVisible();
  await expect(table.getByRole('row').nth(1).getByRole('cell').nth(3)).toHaveText('续约一次');
  await expect(table.getByRole('row').nth(1).getByRole('cell').nth(5)).toHaveText('成功');
  await pages.getByRole('button', { name: '较早' }).click();
  await expect(pages).toContainText(`第 51-53 条，共 ${RENEWALS + 1} 条`);
  await expect(table.getByRole('row').last().getByRole('cell').nth(3)).toHaveText('授予租约');
  await page.getByRole('combobox', { name: '语言' }).selectOption('en');
  await expect(page.getByRole('heading', { level: 1, name: 'Audit trail' })).toBeVisible({
    timeout: 15_000,
  });
});
