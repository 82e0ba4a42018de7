import type { Page } from '@playwright/test';
import { offline } from '../playwright.config';
import { expect, test } from './fixtures';
import {
  etcdctl,
  leaseIdsInEtcd,
  remainingInEtcd,
  remainingShown,
  runTutorialToTtlBefore,
  snapshot,
  uniqueKey,
} from './helpers';

// The interface in Simplified Chinese: chosen from the browser's language (this file's browser
// asks for zh-CN), switched to English and back with the language switch, which the browser then
// remembers. The numbers, IDs, keys and etcd's own names stay as etcd gives them.

test.use({ locale: 'zh-CN' });

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });

test('a browser that asks for Chinese gets Chinese; the switch changes it and is remembered', async ({
  page,
  context,
}) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(heading(page, 'etcd 租约仪表盘')).toBeVisible();
  await expect(page.getByRole('link', { name: '引导场景' })).toBeVisible();
  await expect(page.getByRole('form', { name: '授予租约' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '租约', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: '事件', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: '集群', exact: true })).toBeVisible();

  // To English with the switch: the same address, every word in English.
  const switchToEnglish = page.getByRole('combobox', { name: '语言' });
  await expect(switchToEnglish).toHaveValue('zh-CN');
  await switchToEnglish.selectOption('en');
  // The whole page renders again in the other language: with the suite's 80-odd leases on a
  // loaded 2-core machine that has taken over 5 s (0.7-1.3 s alone, measured 2026-11-27).
  await expect(heading(page, 'etcd lease dashboard')).toBeVisible({ timeout: 15_000 });
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('form', { name: 'Grant a lease' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Guided scenarios' })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/');
  expect((await context.cookies()).find((c) => c.name === 'NEXT_LOCALE')?.value).toBe('en');

  // Remembered over the browser's own languages, on every page.
  await page.reload();
  await expect(heading(page, 'etcd lease dashboard')).toBeVisible();
  await page.goto('/scenarios');
  await expect(heading(page, 'Lease scenarios')).toBeVisible();

  // And back to Chinese.
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await expect(heading(page, '租约场景')).toBeVisible({ timeout: 15_000 });
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('region', { name: '教程：一步一步来' })).toBeVisible();
  await page.goto('/');
  await expect(heading(page, 'etcd 租约仪表盘')).toBeVisible();
});

test('in Chinese: a field error, a grant, its events and a renewal, in Chinese words', async ({
  page,
  leases,
}) => {
  await page.goto('/');
  const form = page.getByRole('form', { name: '授予租约' });
  const ttl = form.getByLabel('TTL（秒）');
  await ttl.fill('0');
  await form.getByRole('button', { name: '授予租约' }).click();
  // The server's validation message, by its catalog key: beside the field and in the status line.
  await expect(form.locator('#grant-ttl-error')).toHaveText('TTL 至少为 1 秒');
  await expect(form.getByRole('status')).toHaveText('TTL 至少为 1 秒');

  const key = uniqueKey('i18n');
  await ttl.fill('10');
  await form.getByLabel('键', { exact: true }).fill(key);
  await form.getByRole('button', { name: '授予租约' }).click();
  const status = form.getByRole('status');
  await expect(status).toHaveText(/^已授予租约 [0-9a-f]{16}，TTL 为 10 秒，并随它写入了 /);
  const id = leases.track(
    /已授予租约 ([0-9a-f]{16})/.exec((await status.textContent()) ?? '')?.[1] ?? '',
  );
  await expect(status).toHaveText(`已授予租约 ${id}，TTL 为 10 秒，并随它写入了 ${key}。`);
  expect(await etcdctl('get', key, '--print-value-only')).toBe('127.0.0.1');

  // The server's event sentences, each viewer reading them in their own language.
  const log = page.getByRole('log', { name: '租约事件' });
  await expect(log).toContainText(`仪表盘授予了租约 ${id}，TTL 为 10 秒，并随它写入了 ${key}`);
  await expect(log).toContainText(`键 ${key} 随租约 ${id} 写入`);

  const row = page.getByRole('row', { name: `租约 ${id}` });
  await expect(row.getByRole('progressbar', { name: `租约 ${id} 的剩余 TTL` })).toBeVisible();
  await row.getByRole('button', { name: '续约一次' }).click();
  await expect(row.getByText(/^已续约：\d+ 秒 -> (9|10) 秒$/)).toBeVisible();
  await expect(log).toContainText(
    new RegExp(`仪表盘为租约 ${id} 续约了一次：剩余 TTL \\d+ 秒 -> (9|10) 秒`),
  );
});

test('the tutorial in Chinese: grant 10, put, sleep 5, TimeToLive ~4, KeepAliveOnce, TimeToLive ~9', async ({
  page,
  leases,
}) => {
  test.setTimeout(60_000);
  await page.goto('/scenarios');
  const tutorial = page.getByRole('region', { name: '教程：一步一步来' });
  await expect(tutorial).toBeVisible();
  await expect(tutorial).toContainText('每一行都会对 etcd 发起真实的调用，并显示 etcd 的应答。');
  // From the start, whatever an earlier test left.
  await tutorial.getByRole('button', { name: '重置教程' }).click();
  // etcd's answers keep etcd's own field names (ID, TTL, grantedTTL, keys).
  const { id, ttl, step, runStep, stored } = await runTutorialToTtlBefore(
    tutorial,
    { step: '步骤', run: '运行' },
    leases.track,
  );

  // The lesson, in the tutorial's own terms: 授予的 TTL from the grant, 剩余 TTL from TimeToLive.
  const lesson = tutorial.getByRole('note');
  await expect(lesson).toHaveText(
    `Grant 的应答是 TTL 10，即授予的 TTL；TimeToLive 的应答是 TTL ${ttl}，即剩余 TTL。同一个字段名，两种含义。KeepAliveOnce 会把剩余 TTL 重新续回授予的 TTL。`,
  );
  await expect(lesson.locator('strong').first()).toHaveText('TTL 10');
  await expect(lesson.locator('em')).toHaveText(['授予的 TTL', '剩余 TTL']);

  const renewing = Date.now();
  await runStep('keep-alive-once');
  await expect(step('keep-alive-once').locator('output')).toHaveText(`ID: ${id}, TTL: 10`);
  await runStep('ttl-after');
  const output = step('ttl-after').locator('output');
  await remainingShown(output, /TTL: (\d+), grantedTTL: 10/, renewing);
  expect(await remainingInEtcd(id)).toBeGreaterThanOrEqual(
    10 - Math.ceil((Date.now() - renewing) / 1000) - 1,
  );
  // The put reached etcd: what etcdctl read right after it.
  expect(await stored).toBe('127.0.0.1');
  // The lease's countdown beside it, in Chinese.
  await expect(tutorial.locator('.lease-mini').first()).toContainText(
    new RegExp(`租约 ${id}：剩余 \\d+ 秒，共 10 秒`),
  );

  // Done: no step is left to run, until a reset starts it again.
  await expect(step('grant').getByRole('button', { name: '运行' })).toBeDisabled();
  await snapshot(tutorial, 'tutorial-zh-CN');
  await tutorial.getByRole('button', { name: '重置教程' }).click();
  await expect(step('grant').getByRole('button', { name: '运行' })).toBeEnabled();
  expect(await leaseIdsInEtcd()).not.toContain(id);
});

test('no etcd: the banner says so in Chinese, keeping etcd’s own reason as it is', async ({
  page,
}) => {
  // The second dashboard of the run points at a port where no etcd runs.
  const endpoint = `http://127.0.0.1:${offline.etcdPort}`;
  await page.goto(offline.baseURL);
  const banner = page.getByRole('alert').filter({ hasText: '无法连接 etcd' });
  await expect(banner).toContainText(`etcd（${endpoint}）没有应答（connection refused）`);
  await expect(banner).not.toContainText('answering');
});
