import { DashboardPage, etcdctl, remainingInEtcd } from './helpers';
import { expect, test } from './fixtures';

// The tutorial, in the browser: grant 10 s with /service/self = 127.0.0.1, watch about 5 s pass
// (remaining 4-5), "Renew once", remaining back at 9-10, and the chart showing both TTLs.

test('grant, count down, renew once, and chart granted against remaining TTL', async ({
  page,
  leases,
}) => {
  const dashboard = new DashboardPage(page);
  await page.goto('/');

  const form = dashboard.grantForm();
  // The form starts with the tutorial's values.
  await expect(form.getByLabel('TTL (seconds)')).toHaveValue('10');
  await expect(form.getByLabel('Key', { exact: true })).toHaveValue('/service/self');
  await expect(form.getByLabel('Value', { exact: true })).toHaveValue('127.0.0.1');
  const id = await leases.grantInPage(dashboard, {});
  await expect(form.getByRole('status')).toHaveText(
    `Granted lease ${id} with TTL 10 s and put /service/self on it.`,
  );
  expect(await etcdctl('get', '/service/self', '--print-value-only')).toBe('127.0.0.1');

  const row = dashboard.row(id);
  await expect(row).toBeVisible();
  await expect(row.getByText('/service/self')).toBeVisible();
  await expect(dashboard.bar(id)).toHaveAttribute('aria-valuemax', '10');

  // About five seconds later the bar reads 4-5, and agrees with etcd to within a second.
  // Checked every 100 ms (Playwright's default backs off to a second, and the bar may pass 4 by then).
  await expect
    .poll(() => dashboard.remainingShown(id), { timeout: 8000, intervals: [100] })
    .toBeLessThanOrEqual(5);
  const [shown, inEtcd] = await Promise.all([dashboard.remainingShown(id), remainingInEtcd(id)]);
  expect(shown).toBeGreaterThanOrEqual(4);
  expect(Math.abs(shown - inEtcd)).toBeLessThanOrEqual(1);

  await row.getByRole('button', { name: 'Renew once' }).click();
  // What was left when the renewal landed: a second or two less when the machine is slow to click.
  await expect(row.getByText(/^Renewed: [1-5] s -> (9|10) s$/)).toBeVisible();
  await expect.poll(() => dashboard.remainingShown(id)).toBeGreaterThanOrEqual(9);
  expect(await remainingInEtcd(id)).toBeGreaterThanOrEqual(8);

  // The chart: granted TTL and remaining TTL as two named series, the renewal as a jump.
  const chart = page.getByTestId('lease-chart');
  await expect(chart.getByText('Granted TTL', { exact: true })).toBeVisible();
  await expect(chart.getByText('Remaining TTL', { exact: true })).toBeVisible();
  await expect(chart.locator('.recharts-line')).toHaveCount(2);
  await expect(chart).toHaveAttribute('data-jumps', '1');
  await expect(page.getByRole('heading', { name: `Lease ${id} over time` })).toBeVisible();
});
