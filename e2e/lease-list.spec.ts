import { DashboardPage, etcdctl, uniqueKey } from './helpers';
import { expect, test } from './fixtures';

// The lease list as an operator with many leases uses it: find by key prefix or part of an ID,
// soonest expiry first, pages, the counts and the histogram; checked against what etcdctl made.

test('find leases by key prefix and ID, sorted soonest expiry first, a page at a time', async ({
  page,
  leases,
}) => {
  const prefix = uniqueKey('group/');
  // Granted in this order; they expire in the order 200, 300, 400. Long enough that none runs out
  // while the test walks through (it takes 25 s on a loaded machine): the revoke at the end must
  // find the lease alive, with time to spare, or it is rightly shown expired, not revoked.
  const ttls = [400, 200, 300];
  const ids: string[] = [];
  for (const [i, ttl] of ttls.entries())
    ids.push(await leases.grant(ttl, { key: `${prefix}${i}` }));
  const [id400, id200, id300] = ids as [string, string, string];

  await page.goto('/');
  const dashboard = new DashboardPage(page);
  const table = page.getByRole('table', { name: 'Leases', exact: true });
  const shownIds = () =>
    table
      .locator('tbody > tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')?.replace('Lease ', '')));

  const find = page.getByRole('search', { name: 'Find leases' });
  await find.getByLabel('Key prefix').fill(prefix);
  await expect(page.getByText('Showing 1-3 of 3')).toBeVisible();
  await expect.poll(shownIds).toEqual([id200, id300, id400]);
  await expect(page).toHaveURL(new RegExp(`\\?key=${encodeURIComponent(prefix)}`));

  await find.getByLabel('Sort').selectOption({ label: 'Newest first' });
  await expect.poll(shownIds).toEqual([id300, id200, id400]);

  // Part of an ID, typed in capitals: etcdctl's hex is lowercase, the filter does not mind.
  await find.getByLabel('Lease ID contains').fill(id200.slice(-7).toUpperCase());
  await expect.poll(shownIds).toEqual([id200]);

  // Not hex: the field says so, keeps what was typed, and the list stays as it was.
  await find.getByLabel('Lease ID contains').fill(`${id200.slice(-7)}xyz`);
  await expect(find.getByRole('alert')).toHaveText(
    'id must be part of a hex lease ID, like 694d9a',
  );
  await expect(find.getByLabel('Lease ID contains')).toHaveValue(`${id200.slice(-7)}xyz`);
  await expect.poll(shownIds).toEqual([id200]);

  // Reloading keeps the last good filter (it is in the address).
  await find.getByLabel('Lease ID contains').fill('');
  await expect.poll(shownIds).toHaveLength(3);
  await page.reload();
  await expect(find.getByLabel('Key prefix')).toHaveValue(prefix);
  await expect(find.getByLabel('Sort')).toHaveValue('newest');
  await expect.poll(shownIds).toEqual([id300, id200, id400]);

  // Two to a page.
  await page.goto(`/?key=${encodeURIComponent(prefix)}&limit=2`);
  await expect(page.getByText('Showing 1-2 of 3')).toBeVisible();
  await expect.poll(shownIds).toEqual([id200, id300]);
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page.getByText('Showing 3-3 of 3')).toBeVisible();
  await expect.poll(shownIds).toEqual([id400]);
  await expect(page.getByRole('button', { name: 'Next page' })).toBeDisabled();

  // A revoked lease goes after the alive ones, and the counts say so. (Not "one more than before":
  // the count is over a sliding minute, and earlier tests' revokes leave it as this one comes in.)
  await page.getByRole('button', { name: 'Previous page' }).click();
  await etcdctl('lease', 'revoke', id200);
  await expect(dashboard.row(id300)).toBeVisible();
  await expect.poll(shownIds).toEqual([id300, id400]);
  await expect
    .poll(async () => Number(await page.getByTestId('count-revoked').textContent()))
    .toBeGreaterThanOrEqual(1);
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(dashboard.row(id200).getByText(/revoked by another client/)).toBeVisible();
});

test('the summary counts what etcd holds and spreads it over a histogram', async ({
  page,
  leases,
}) => {
  const soon = await leases.grant(8, { key: uniqueKey('soon') });
  await leases.grant(600, { key: uniqueKey('later') });
  await page.goto('/');
  const aliveInEtcd = async () =>
    (await etcdctl('lease', 'list')).split('\n').filter((l) => /^[0-9a-f]{16}$/.test(l)).length;

  // "Alive" agrees with etcdctl lease list (polled: other leases may come and go meanwhile).
  await expect
    .poll(
      async () =>
        Number(await page.getByTestId('count-alive').textContent()) - (await aliveInEtcd()),
    )
    .toBe(0);
  await expect
    .poll(async () => Number(await page.getByTestId('count-expiring').textContent()))
    .toBeGreaterThanOrEqual(1);
  const histogram = page.getByRole('table', { name: 'Alive leases by remaining TTL' });
  const bucket = (label: string) => histogram.getByRole('row', { name: label }).getByRole('cell');
  await expect
    .poll(async () => Number(await bucket('< 10s').textContent()))
    .toBeGreaterThanOrEqual(1);
  await expect
    .poll(async () => Number(await bucket('5-15m').textContent()))
    .toBeGreaterThanOrEqual(1);
  await expect(page.getByTestId('sampler-pace')).toContainText(
    'Leases on screen are read every second',
  );

  // It expires: shown expired, and counted under "Expired in the last minute" (at least it: the
  // count is over a sliding minute, and earlier tests' expiries leave it as this one comes in).
  await expect
    .poll(() => etcdctl('lease', 'timetolive', soon), { timeout: 15_000 })
    .toMatch(/already expired/);
  await expect(new DashboardPage(page).row(soon).getByText(/^expired/)).toBeVisible();
  await expect
    .poll(async () => Number(await page.getByTestId('count-expired').textContent()))
    .toBeGreaterThanOrEqual(1);
});
