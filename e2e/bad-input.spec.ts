import { expect, test } from './fixtures';
import { DashboardPage, etcdctl, leaseIdsInEtcd, uniqueKey } from './helpers';

// Bad input: a clear error naming the field, what the user typed still there, nothing new in etcd.

const badTtls: [string, string][] = [
  ['', 'TTL is required'],
  ['0', 'TTL must be at least 1 second'],
  ['-5', 'TTL must be at least 1 second'],
  ['2.5', 'TTL must be a whole number of seconds'],
  ['ten', 'TTL must be a number of seconds, like 10'],
  ['9000000001', "TTL can be at most 9,000,000,000 seconds (etcd's maximum)"],
];

test('bad TTLs are refused with the field named, input kept, etcd unchanged', async ({ page }) => {
  await page.goto('/');
  const form = new DashboardPage(page).grantForm();
  const key = uniqueKey('never');
  for (const [ttl, message] of badTtls) {
    const before = await leaseIdsInEtcd();
    await form.getByLabel('TTL (seconds)').fill(ttl);
    await form.getByLabel('Key', { exact: true }).fill(key);
    await form.getByRole('button', { name: 'Grant lease' }).click();
    await expect(form.getByRole('status')).toHaveText(message);
    await expect(form.getByText(message, { exact: true }).first()).toBeVisible();
    await expect(form.getByLabel('TTL (seconds)')).toHaveValue(ttl);
    await expect(form.getByLabel('TTL (seconds)')).toHaveAttribute('aria-invalid', 'true');
    await expect(form.getByLabel('Key', { exact: true })).toHaveValue(key);
    expect((await leaseIdsInEtcd()).filter((id) => !before.includes(id))).toEqual([]);
  }
  expect(await etcdctl('get', key)).toBe('');
});

test('attach refuses an empty key, a malformed ID and an unknown lease', async ({ page }) => {
  await page.goto('/');
  const form = new DashboardPage(page).attachForm();
  const key = uniqueKey('never');
  const cases: [string, string, RegExp][] = [
    ['00000000000000ff', '', /^Key is required$/],
    ['not-a-lease', key, /^Lease ID must be the hex ID etcdctl prints/],
    ['7ffffffffffffff3', key, /^lease 7ffffffffffffff3 not found/],
  ];
  for (const [leaseId, k, message] of cases) {
    await form.getByLabel('Lease ID', { exact: true }).fill(leaseId);
    await form.getByLabel('Key', { exact: true }).fill(k);
    await form.getByRole('button', { name: 'Attach key' }).click();
    await expect(form.getByRole('status')).toHaveText(message);
    await expect(form.getByLabel('Lease ID', { exact: true })).toHaveValue(leaseId);
  }
  expect(await etcdctl('get', key)).toBe('');
});

test('a lease ID typed before the page could listen is still there once it does', async ({
  page,
  leases,
}) => {
  // An alive lease, so that the form has one of the list's to put in place of the typing.
  await leases.grant(60, { key: uniqueKey('followed') });
  // The page's scripts (not its styles) are held until the typing is done, as on a slow phone or a
  // loaded machine.
  let release = () => {};
  const scripts = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/_next\/static\/chunks\/.*\.js(\?|$)/, async (route) => {
    await scripts;
    await route.continue();
  });
  await page.goto('/', { waitUntil: 'commit' });
  const dashboard = new DashboardPage(page);
  const field = dashboard.attachForm().getByLabel('Lease ID', { exact: true });
  const typed = '7ffffffffffffff3';
  await field.fill(typed);
  release();
  await dashboard.live();
  await expect(field).toHaveValue(typed);
  // The commands beside the form name it too.
  await dashboard.attachForm().getByText('The same from etcdctl or Go').click();
  await expect(dashboard.attachForm().getByText(`etcdctl put --lease=${typed}`)).toBeVisible();
});
