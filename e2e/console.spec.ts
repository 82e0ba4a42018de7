import { expect, test } from './fixtures';
import { DashboardPage, uniqueKey } from './helpers';

// The console layout: the lease list is the page. At 1920x1080 with 60 leases, at least 20 rows
// show on the first screen, one line each; the selected lease's detail sits beside the list. On a
// phone it still works (nothing wider than the screen but the list's own scrolling box), and the
// addresses people share still open what they did.

test('60 leases at 1920x1080: 20 rows or more on the first screen, one line each', async ({
  page,
  leases,
}) => {
  test.setTimeout(90_000);
  const prefix = uniqueKey('console/');
  const ids: string[] = [];
  for (let i = 0; i < 60; i++) ids.push(await leases.grant(600 + i, { key: `${prefix}${i}` }));
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(`/?key=${encodeURIComponent(prefix)}&sort=expiry`);
  const rows = page.getByRole('table', { name: 'Leases', exact: true }).locator('tbody > tr');
  await expect(rows).toHaveCount(50);
  const onFirstScreen = await rows.evaluateAll(
    (all) =>
      all.filter((r) => {
        const box = r.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= window.innerHeight;
      }).length,
  );
  expect(onFirstScreen).toBeGreaterThanOrEqual(20);
  const heights = await rows.evaluateAll((all) => all.map((r) => r.getBoundingClientRect().height));
  expect(Math.max(...heights)).toBeLessThan(48);

  // The first lease's detail (its keys and chart) sits beside the list, not below it.
  const list = await page.getByRole('table', { name: 'Leases', exact: true }).boundingBox();
  const detail = await page.getByRole('list', { name: 'Keys of the selected lease' }).boundingBox();
  expect(detail && list && detail.x > list.x + list.width - 1).toBe(true);
  await expect(page.getByRole('list', { name: 'Keys of the selected lease' })).toContainText(
    `${prefix}0`,
  );
});

test('on a phone the page fits the screen, and shared addresses still open what they showed', async ({
  page,
  leases,
}) => {
  const key = uniqueKey('phone');
  const id = await leases.grant(300, { key });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/?id=${id}&key=${encodeURIComponent(key)}&sort=newest`);
  const row = new DashboardPage(page).row(id);
  await expect(row).toBeVisible();
  await expect(page.getByRole('search', { name: 'Find leases' }).getByLabel('Sort')).toHaveValue(
    'newest',
  );
  // Nothing wider than the screen, but inside a box that scrolls (the list, the members table).
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter(
        (e) =>
          e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-scroll'),
      )
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
  );
  expect(wide).toEqual([]);
  await page.goto(`/leases/${id}`);
  await expect(page.getByTestId('presenter-remaining')).toBeVisible();
});
