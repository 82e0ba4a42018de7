import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { etcdctl } from './etcd-side';
import { CHINESE, MEMBERS, endRoomAfterEach, openRoom, phone, remaining } from './rooms';

// An audience room in the browser: the presenter opens it on /scenarios, a phone (390 px wide)
// joins at /join/<code>, and etcd holds its lease, renewed while the page is open. Each test ends
// its room, pass or fail, which revokes every member's lease.

endRoomAfterEach();

async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes[0]?.target.join(' ')}`);
}

test('a phone joins, its open page renews its lease, and it leaves: etcd and the big screen agree', async ({
  page,
  browser,
  baseURL,
  leases,
}) => {
  const { panel, code } = await openRoom(page);
  const mei = await phone(browser, baseURL, code, 'Mei');
  leases.track(mei.lease);
  const key = `${MEMBERS}${code}/members/Mei`;
  expect(await etcdctl('get', '--print-value-only', key)).toBe('Mei');
  await expect(panel.getByRole('listitem', { name: 'Mei' })).toContainText(mei.lease);

  // The page renews every TTL/3: etcd's remaining TTL goes back up after it has dropped.
  let lowest = Infinity;
  await expect
    .poll(
      async () => {
        const now = await remaining(mei.lease);
        const renewed = now > lowest;
        lowest = Math.min(lowest, now);
        return renewed;
      },
      { timeout: 15_000, intervals: [500] },
    )
    .toBe(true);

  await mei.page.getByRole('button', { name: 'Leave (revoke my lease)' }).click();
  await expect(mei.page.getByText('You left: your lease was revoked')).toBeVisible();
  expect(await remaining(mei.lease)).toBe(-1);
  expect(await etcdctl('get', '--prefix', '--keys-only', `${MEMBERS}${code}/`)).toBe('');
  await expect(panel.getByRole('listitem', { name: 'Mei' })).toHaveCount(0);
  await mei.context.close();
});

test("a closed tab stops renewing: etcd expires the member's lease and its tile goes", async ({
  page,
  browser,
  baseURL,
  leases,
}) => {
  const { panel, code } = await openRoom(page);
  const bo = await phone(browser, baseURL, code, 'Bo');
  leases.track(bo.lease);
  await expect(panel.getByRole('listitem', { name: 'Bo' })).toBeVisible();
  await bo.context.close();
  await expect.poll(() => remaining(bo.lease), { timeout: 15_000 }).toBe(-1);
  await expect(panel.getByRole('listitem', { name: 'Bo' })).toHaveCount(0);
});

test('the phone page fits 390 px in Chinese, dark', async ({ page, browser, baseURL, leases }) => {
  const { code } = await openRoom(page);
  const mei = await phone(browser, baseURL, code, '梅', {
    locale: 'zh-CN',
    colorScheme: 'dark',
    words: CHINESE,
  });
  leases.track(mei.lease);
  await expect(mei.page.getByText('剩余 TTL')).toBeVisible();
  await expect(mei.page.getByRole('button', { name: '离开（撤销我的租约）' })).toBeVisible();
  // Nothing wider than the phone: no sideways scrolling.
  const overflow = await mei.page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await mei.context.close();
});

for (const theme of ['light', 'dark'] as const)
  test(`the room panel and the phone page have no serious axe-core violations, ${theme} theme`, async ({
    page,
    browser,
    baseURL,
    leases,
  }) => {
    test.setTimeout(90_000);
    await page.addInitScript((t) => localStorage.setItem('lease-dashboard-theme', t), theme);
    const { panel, code } = await openRoom(page);
    const mei = await phone(browser, baseURL, code, 'Mei', { theme });
    leases.track(mei.lease);
    // Loaded afresh: the room, and this tab's member (kept in sessionStorage), are still there.
    await page.reload();
    await mei.page.reload();
    await expect(mei.page.getByRole('heading', { name: 'You are Mei' })).toBeVisible();
    await expect(panel.getByRole('listitem', { name: 'Mei' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await expect(mei.page.locator('html')).toHaveAttribute('data-theme', theme);
    expect(await seriousViolations(page), 'the room panel').toEqual([]);
    expect(await seriousViolations(mei.page), 'the phone page').toEqual([]);
    await mei.context.close();
  });
