import { DashboardPage, etcdctl, leaseIdsInEtcd, remainingInEtcd, uniqueKey } from './helpers';
import { expect, test } from './fixtures';

// The presenter view, /leases/<hex id>: one lease, large, driven from the keyboard.

test('presenter view: r renews, k toggles keep-alive, x revokes after confirming', async ({
  page,
  leases,
}) => {
  const dashboard = new DashboardPage(page);
  await page.goto('/');
  const key = uniqueKey('presented');
  const id = await leases.grantInPage(dashboard, { ttl: '10', key });
  await page.getByRole('link', { name: 'presenter view' }).click();
  await expect(page).toHaveURL(new RegExp(`/leases/${id}$`));
  await expect(page.getByRole('heading', { name: `Lease ${id}` })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Attached keys' })).toContainText(key);

  // r: renew once, as the button does.
  await expect
    .poll(async () => Number(await page.getByTestId('presenter-remaining').textContent()), {
      timeout: 6000,
    })
    .toBeLessThanOrEqual(8);
  await page.keyboard.press('r');
  await expect(
    page.getByRole('status').filter({ hasText: /^Renewed: \d+ s -> (9|10) s$/ }),
  ).toBeVisible();
  expect(await remainingInEtcd(id)).toBeGreaterThanOrEqual(8);

  // k: keep-alive on, then off.
  const keepAlive = page.getByRole('switch', { name: 'Keep alive' });
  await page.keyboard.press('k');
  await expect(keepAlive).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press('k');
  await expect(keepAlive).toHaveAttribute('aria-checked', 'false');

  // x: asks first; Cancel keeps the lease, Revoke revokes it.
  await page.keyboard.press('x');
  const dialog = page.getByRole('dialog', { name: 'Revoke this lease?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(await leaseIdsInEtcd()).toContain(id);
  await page.keyboard.press('x');
  await dialog.getByRole('button', { name: 'Revoke' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Revoked; etcd deleted 1 key' }),
  ).toBeVisible();
  expect(await leaseIdsInEtcd()).not.toContain(id);
  expect(await etcdctl('get', key)).toBe('');
  await expect(page.getByRole('log', { name: 'Lease events' })).toContainText(
    `Lease ${id} revoked from the dashboard`,
  );
});

test('presenter view: light and dark themes, remembered', async ({ page, leases }) => {
  const id = await leases.grant(30);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`/leases/${id}`);
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const background = () =>
    page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(await background()).toBe('rgb(17, 19, 24)');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByRole('button', { name: 'Light theme' }).click();
  expect(await background()).toBe('rgb(246, 247, 249)');
});

test('presenter view explains a malformed lease ID', async ({ page }) => {
  await page.goto('/leases/not-a-lease');
  await expect(page.getByRole('heading', { name: 'No such lease ID' })).toBeVisible();
  await expect(page.getByText(/Lease ID must be the hex ID etcdctl prints/)).toBeVisible();
});
