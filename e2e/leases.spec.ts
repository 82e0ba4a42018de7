import { DashboardPage, etcdctl, uniqueKey } from './helpers';
import { expect, test } from './fixtures';

test('a lease granted with etcdctl appears in the list with its key', async ({ page, leases }) => {
  const key = uniqueKey('from-etcdctl');
  const id = await leases.grant(60, { key });

  await page.goto('/');
  const dashboard = new DashboardPage(page);
  const row = dashboard.row(id);
  await expect(row).toBeVisible();
  await expect(row.getByText(key)).toBeVisible();
  await expect(dashboard.bar(id)).toHaveAttribute('aria-valuemax', '60');

  await etcdctl('lease', 'revoke', id);
  await expect(row.getByText(/revoked by another client/)).toBeVisible();
});

test('a short lease expires: shown as expired, its key shown deleted and gone from etcd', async ({
  page,
  leases,
}) => {
  await page.goto('/');
  const dashboard = new DashboardPage(page);
  const key = uniqueKey('expiring');
  const id = await leases.grantInPage(dashboard, { ttl: '3', key, value: 'bye' });
  const row = dashboard.row(id);
  await expect(row.getByText(key)).toBeVisible();

  await expect(row.getByText(/^expired/)).toBeVisible({ timeout: 8000 });
  await expect(row.getByRole('deletion')).toHaveText(key);
  await expect(row.getByRole('button', { name: 'Renew once' })).toBeDisabled();
  expect(await etcdctl('get', key)).toBe('');
});

test('etcd clamps a 1 s lease to 2 s and the page says so', async ({ page, leases }) => {
  await page.goto('/');
  const dashboard = new DashboardPage(page);
  const id = await leases.grantInPage(dashboard, { ttl: '1', key: '', value: '' });
  await expect(dashboard.grantForm().getByRole('status')).toHaveText(
    `Granted lease ${id} with TTL 2 s. You asked for 1 s; etcd granted 2 s (its minimum TTL).`,
  );
});

test('revoke deletes the lease and its keys', async ({ page, leases }) => {
  await page.goto('/');
  const dashboard = new DashboardPage(page);
  const key = uniqueKey('revoked');
  const id = await leases.grantInPage(dashboard, { ttl: '60', key, value: 'v' });
  const row = dashboard.row(id);
  await row.getByRole('button', { name: 'Revoke' }).click();
  // It asks first, saying what goes: a Cancel changes nothing.
  const dialog = page.getByRole('dialog', { name: 'Revoke this lease?' });
  await expect(dialog.getByTestId('revoke-consequences')).toHaveText('deletes 1 key');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(await etcdctl('get', key, '--print-value-only')).toBe('v');
  await row.getByRole('button', { name: 'Revoke' }).click();
  await dialog.getByRole('button', { name: 'Revoke' }).click();
  await expect(row.getByText('Revoked; etcd deleted 1 key')).toBeVisible();
  await expect(row.getByText(/^revoked/)).toBeVisible();
  expect(await etcdctl('get', key)).toBe('');
});

test('attach a key to an existing lease', async ({ page, leases }) => {
  await page.goto('/');
  const dashboard = new DashboardPage(page);
  const id = await leases.grantInPage(dashboard, { ttl: '60', key: '', value: '' });
  const key = uniqueKey('attached');
  const form = dashboard.attachForm();
  await form.getByLabel('Lease ID', { exact: true }).fill(id);
  await form.getByLabel('Key', { exact: true }).fill(key);
  await form.getByLabel('Value', { exact: true }).fill('10.0.0.7');
  await form.getByRole('button', { name: 'Attach key' }).click();
  await expect(form.getByRole('status')).toHaveText(`Put ${key} with lease ${id}.`);
  await expect(dashboard.row(id).getByText(key)).toBeVisible();
  expect(await etcdctl('get', key, '--print-value-only')).toBe('10.0.0.7');
});

test('the attach form follows the selected lease, but never overwrites an ID the user typed', async ({
  page,
  leases,
}) => {
  await page.goto('/');
  const dashboard = new DashboardPage(page);
  const leaseIdField = dashboard.attachForm().getByLabel('Lease ID', { exact: true });
  const first = await leases.grantInPage(dashboard, { ttl: '60', key: '', value: '' });
  await expect(leaseIdField).toHaveValue(first);

  await leaseIdField.fill('00000000000000aa');
  const second = await leases.grantInPage(dashboard, { ttl: '60', key: '', value: '' });
  await expect(dashboard.row(second)).toBeVisible();
  await expect(leaseIdField).toHaveValue('00000000000000aa');
});

test('durations read as people say them, with the exact seconds a hover away', async ({
  page,
  leases,
}) => {
  const id = await leases.grant(3600, { key: uniqueKey('hour') });
  await page.goto(`/?id=${id}`);
  const row = new DashboardPage(page).row(id);
  const granted = row.getByRole('cell', { name: '1h', exact: true });
  await expect(granted).toHaveAttribute('title', '3600 s');
  const remaining = row.getByTestId('remaining-seconds');
  await expect(remaining).toHaveText(/^59m [1-5]?\ds$/);
  await expect(remaining).toHaveAttribute('title', /^35\d\d s$/);
  await expect(page.getByRole('log', { name: 'Lease events' })).toContainText(
    `Lease ${id} granted by another client with TTL 1h (3600 s)`,
  );

  await page.goto(`/leases/${id}`);
  await expect(page.getByTestId('presenter-remaining')).toHaveText(/^59m [1-5]?\ds$/);
  await expect(page.getByText('of 1h left')).toBeVisible();
});
