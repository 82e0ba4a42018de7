import type { Browser, Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { etcdctl } from './etcd-side';

// What the audience room specs share: the presenter opens a room on /scenarios, phones (390 px
// wide, each a browser context of its own) join it at /join/<code>, and each test ends its room,
// pass or fail, which revokes every member's lease.

export const MEMBERS = '/lease-dashboard/scenarios/room/';

let opened: { page: Page; code: string } | null = null;

export function endRoomAfterEach() {
  test.afterEach(async () => {
    if (!opened) return;
    const { page, code } = opened;
    opened = null;
    const panel = page.getByRole('region', { name: 'The room joins in' });
    const end = panel.getByRole('button', { name: 'End the room' });
    if (await end.isVisible().catch(() => false)) await end.click();
    await expect(panel.getByText(new RegExp(`Room ${code} ended`))).toBeVisible();
  });
}

export async function openRoom(page: Page): Promise<{ panel: Locator; code: string }> {
  await page.goto('/scenarios');
  const panel = page.getByRole('region', { name: 'The room joins in' });
  await panel.getByRole('button', { name: 'Open a room' }).click();
  const address = panel.getByText(/^Join at http:\/\/.*\/join\/[A-Z0-9]{6}$/);
  await expect(address).toBeVisible();
  const code = /\/join\/([A-Z0-9]{6})$/.exec((await address.textContent()) ?? '')?.[1] ?? '';
  opened = { page, code };
  await expect(panel.getByRole('img', { name: /^QR code for http/ })).toBeVisible();
  return { panel, code };
}

export async function phone(
  browser: Browser,
  baseURL: string | undefined,
  code: string,
  name: string,
  {
    locale = 'en-US',
    colorScheme = 'light' as 'light' | 'dark',
    words = ENGLISH,
    theme = null as 'light' | 'dark' | null,
  } = {},
) {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 390, height: 844 },
    locale,
    colorScheme,
  });
  if (theme)
    await context.addInitScript((t) => localStorage.setItem('lease-dashboard-theme', t), theme);
  const page = await context.newPage();
  await page.goto(`/join/${code}`);
  await page.getByLabel(words.name).fill(name);
  await page.getByRole('button', { name: words.join, exact: true }).click();
  await expect(page.getByRole('heading', { name: words.you(name) })).toBeVisible();
  const lease = (await page.getByText(/^[0-9a-f]{16}$/).textContent()) ?? '';
  return { context, page, lease };
}

export const ENGLISH = { name: 'Your name', join: 'Join', you: (n: string) => `You are ${n}` };
export const CHINESE = { name: '你的名字', join: '加入', you: (n: string) => `你是 ${n}` };

/** etcd's remaining TTL for the lease, -1 once etcd says it has expired (or been revoked). */
export async function remaining(lease: string): Promise<number> {
  const out = await etcdctl('lease', 'timetolive', lease);
  if (/already expired/.test(out)) return -1;
  const ttl = /remaining\((-?\d+)s\)/.exec(out)?.[1];
  if (ttl === undefined) throw new Error(`unexpected etcdctl output: ${out}`);
  return Number(ttl);
}
