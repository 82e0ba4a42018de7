import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import type { Etcd3 } from 'etcd3';
import { grant, inWorkspace } from './replica-helpers';

// Findings as an operator meets them: keyless leases that another client granted and forgot are
// found once they pass the leak age (a small DASHBOARD_LEAK_AGE on a dashboard and etcd of the
// test's own, so no other spec's leases count), named on the home page, their rows and the
// findings page, and revoked there after a preview; in English and in Chinese. A read-only
// dashboard shows the same finding and offers no revoke.

test.describe.configure({ timeout: 90_000 });
test.use({ viewport: { width: 1280, height: 1000 } });

const LEAK_AGE_SECONDS = 3;

/**
 * Found after the leak age, then judged and polled: the engine's round and the page's poll both
 * come on top of it.
 */
const FOUND_WITHIN_MS = (LEAK_AGE_SECONDS + 15) * 1000;

/** A lease with no key and no keep-alive, from the test's own client: a leak, once old enough. */
async function grantKeyless(client: Etcd3, ttl: number): Promise<string> {
  const id = await client.lease(ttl, { autoKeepAlive: false }).grant();
  return BigInt(id).toString(16).padStart(16, '0');
}

async function aliveInEtcd(client: Etcd3, id: string): Promise<boolean> {
  const res = await client.leaseClient.leaseTimeToLive({ ID: BigInt(`0x${id}`).toString() });
  return Number(res.TTL) > 0;
}

/** The findings page's part for leaked leases (its heading also carries the severity). */
const leakedSection = (page: Page, title: string) =>
  page.getByRole('region', { name: new RegExp(`^${title}`) });

test('leaked leases: counted on the home page, explained on the findings page, revoked after a preview, in English and Chinese', async ({
  page,
  browser,
}, info) => {
  await inWorkspace(info.outputPath('logs'), async (ws) => {
    const { etcd, client } = await ws.etcd();
    const env = { ETCD_ENDPOINTS: etcd.endpoint, DASHBOARD_LEAK_AGE: String(LEAK_AGE_SECONDS) };
    const [dashboard, readOnly] = await Promise.all([
      ws.dashboard('findings', env, { alone: true }),
      ws.dashboard('findings-read-only', { ...env, DASHBOARD_READ_ONLY: 'true' }, { alone: true }),
    ]);
    const leaked = [await grantKeyless(client, 600), await grantKeyless(client, 600)];
    const kept = await grant(client, 600, `/findings-e2e/${randomUUID().slice(0, 8)}`);

    await test.step('the home page: a panel with the count, and a tag on each leaked row', async () => {
      await page.goto(`${dashboard.url}/`);
      const panel = page.getByRole('region', { name: 'Findings', exact: true });
      const item = panel.getByRole('listitem').filter({ hasText: 'Leaked leases' });
      await expect(item).toBeVisible({ timeout: FOUND_WITHIN_MS });
      await expect(item).toContainText('2');
      await expect(item).toContainText(/Info|Warning|Critical/);
      for (const id of leaked)
        await expect(
          page
            .getByRole('row', { name: `Lease ${id}` })
            .getByRole('link', { name: /Leaked leases/ }),
        ).toBeVisible();
      await expect(
        page.getByRole('row', { name: `Lease ${kept}` }).getByRole('link', { name: /Leaked/ }),
      ).toHaveCount(0);
      await item.getByRole('link', { name: 'Leaked leases' }).click();
      await expect(page).toHaveURL(`${dashboard.url}/findings#leaked`);
    });

    await test.step('the findings page: why, the command to confirm, the leases, a preview', async () => {
      await expect(page.getByRole('heading', { level: 1, name: 'Findings' })).toBeVisible();
      const section = leakedSection(page, 'Leaked leases');
      await expect(section.getByRole('heading', { level: 2 })).toContainText('Leaked leases');
      await expect(section.getByRole('link', { name: /./ }).first()).toHaveAttribute(
        'href',
        /^https?:\/\//,
      );
      await expect(section.getByRole('heading', { name: 'To confirm' })).toBeVisible();
      await expect(
        section.getByRole('button', {
          name: 'Copy the etcdctl command that confirms it: Leaked leases',
        }),
      ).toBeVisible();
      await expect(section.getByRole('heading', { name: 'What to do' })).toBeVisible();
      const examples = section.getByRole('list', {
        name: 'Leases in this finding: Leaked leases',
      });
      for (const id of leaked)
        await expect(examples.getByRole('link', { name: id })).toHaveAttribute(
          'href',
          `/leases/${id}`,
        );
      await expect(examples.getByRole('link', { name: kept })).toHaveCount(0);

      await section.getByText('Revoke these leases', { exact: true }).click();
      await section.getByRole('button', { name: 'Preview' }).click();
      const preview = section.getByTestId('finding-preview');
      await expect(preview).toContainText('Takes 2 leases and the 0 keys they hold.');
      const taken = preview.getByRole('list', { name: 'Leases the revoke takes' });
      for (const id of leaked) await expect(taken).toContainText(id);
      await expect(section.getByRole('button', { name: 'Revoke 2 leases' })).toBeEnabled();
      // Previewed, not confirmed: nothing changed in etcd.
      for (const id of leaked) expect(await aliveInEtcd(client, id)).toBe(true);
    });

    await test.step('read-only: the same finding, and no revoke offered', async () => {
      await page.goto(`${readOnly.url}/findings`);
      const section = leakedSection(page, 'Leaked leases');
      await expect(section).toBeVisible({ timeout: FOUND_WITHIN_MS });
      await expect(section.getByText('Revoke these leases')).toHaveCount(0);
    });

    await test.step('in Chinese: the panel, the page, a preview and the revoke', async () => {
      const context = await browser.newContext({
        locale: 'zh-CN',
        viewport: { width: 1280, height: 1000 },
      });
      ws.later(() => context.close());
      const zh = await context.newPage();
      await zh.goto(`${dashboard.url}/`);
      const panel = zh.getByRole('region', { name: '发现的问题', exact: true });
      const item = panel.getByRole('listitem').filter({ hasText: '泄漏的租约' });
      await expect(item).toContainText('2', { timeout: FOUND_WITHIN_MS });
      await expect(item).toContainText(/提示|警告|严重/);
      await item.getByRole('link', { name: '泄漏的租约' }).click();
      await expect(zh.getByRole('heading', { level: 1, name: '发现的问题' })).toBeVisible();
      const section = leakedSection(zh, '泄漏的租约');
      await expect(section.getByRole('heading', { name: '如何确认' })).toBeVisible();
      await expect(section.getByRole('heading', { name: '该怎么做' })).toBeVisible();
      await section.getByText('撤销这些租约', { exact: true }).click();
      await section.getByRole('button', { name: '预览' }).click();
      await expect(section.getByTestId('finding-preview')).toContainText(
        '将撤销 2 个租约，以及它们持有的 0 个键。',
      );
      await section.getByRole('button', { name: '撤销 2 个租约' }).click();
      // Said by the page, since the finding (and its part of the page) goes with the leases.
      await expect(zh.getByRole('status').filter({ hasText: '已撤销' })).toHaveText(
        '已撤销 2 个租约',
      );
      for (const id of leaked) expect(await aliveInEtcd(client, id)).toBe(false);
      expect(await aliveInEtcd(client, kept)).toBe(true);
      await expect(zh.getByRole('status').filter({ hasText: '没有发现问题' })).toHaveText(
        '没有发现问题：所有租约看起来都正常',
        { timeout: FOUND_WITHIN_MS },
      );
      await expect(zh.getByRole('heading', { name: '检查了什么' })).toBeVisible();
    });

    await test.step('all well again: no panel on the home page, what was checked on the page', async () => {
      await page.goto(`${dashboard.url}/findings`);
      await expect(page.getByRole('status').filter({ hasText: 'No findings' })).toHaveText(
        'No findings: all leases look healthy',
      );
      const checked = page.getByRole('region', { name: 'What was checked' });
      await expect(checked).toContainText(
        `leases with no keys alive longer than ${LEAK_AGE_SECONDS} s (DASHBOARD_LEAK_AGE)`,
      );
      await page.goto(`${dashboard.url}/`);
      await expect(page.getByRole('row', { name: `Lease ${kept}` })).toBeVisible();
      await expect(page.getByRole('region', { name: 'Findings', exact: true })).toHaveCount(0);
    });
  });
});
