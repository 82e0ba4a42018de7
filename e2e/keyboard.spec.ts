import { expect, test } from './fixtures';
import { DashboardPage, leaseIdsInEtcd, uniqueKey } from './helpers';

// The lease list from the keyboard: the arrow keys move the selection (from within the list), and
// the selected lease answers r (renew once), k (keep-alive on/off) and x (revoke, after asking), as
// the presenter view does. The focus is always visible.

test('arrows move through the list; r, k and x act on the selected lease', async ({
  page,
  leases,
}) => {
  const prefix = uniqueKey('keys/');
  const ids: string[] = [];
  for (const ttl of [100, 200, 300]) ids.push(await leases.grant(ttl, { key: `${prefix}${ttl}` }));
  const [first, second] = ids as [string, string, string];
  await page.goto(`/?key=${encodeURIComponent(prefix)}`);
  const dashboard = new DashboardPage(page);
  const select = (id: string) => dashboard.row(id).getByRole('button', { name: id, exact: true });

  // Outside the list, the arrows scroll the page and select nothing.
  await page.keyboard.press('ArrowDown');
  await expect(select(second)).toHaveAttribute('aria-pressed', 'false');

  await select(first).click();
  await page.keyboard.press('ArrowDown');
  await expect(select(second)).toHaveAttribute('aria-pressed', 'true');
  await expect(select(second)).toBeFocused();
  await expect(select(second)).toHaveCSS('outline-style', 'solid');

  const row = dashboard.row(second);
  // With the focus outside the list (here the grant button), r renews nothing.
  await dashboard.grantForm().getByRole('button', { name: 'Grant lease' }).focus();
  await page.keyboard.press('r');
  await expect(select(second)).toHaveAttribute('aria-pressed', 'true');
  await expect(row.getByText(/^Renewed/)).toHaveCount(0);
  await select(second).focus();
  await page.keyboard.press('r');
  await expect(row.getByText(/^Renewed: \d+ s -> (199|200) s$/)).toBeVisible();

  const keepAlive = row.getByRole('switch', { name: 'Keep alive' });
  // The row answers the keyboard again once its last action is done, as its buttons show: the
  // switch can show the new state a moment before.
  const idle = () => expect(row.getByRole('button', { name: 'Revoke' })).toBeEnabled();
  await page.keyboard.press('k');
  await expect(keepAlive).toHaveAttribute('aria-checked', 'true');
  await idle();
  await page.keyboard.press('k');
  await expect(keepAlive).toHaveAttribute('aria-checked', 'false');
  await idle();

  await page.keyboard.press('x');
  const dialog = page.getByRole('dialog', { name: 'Revoke this lease?' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(await leaseIdsInEtcd()).toContain(second);
  await select(second).focus();
  await page.keyboard.press('x');
  await dialog.getByRole('button', { name: 'Revoke' }).click();
  await expect(row.getByText('Revoked; etcd deleted 1 key')).toBeVisible();
  expect(await leaseIdsInEtcd()).not.toContain(second);
  expect(await leaseIdsInEtcd()).toContain(first);
});
