import type { Locator, Page } from '@playwright/test';
import type { LeaseDetailResponse } from '@/lib/shared/contract';
import type { TtlPoint } from '@/lib/shared/contract-history';
import { etcdctl, expectAxisInOrder, snapshot, uniqueKey } from './helpers';
import { expect, test } from './fixtures';

// The chart tells the truth: the history GET /api/leases/<id> answers is the lease model's line (a
// fall of one second a second, a renewal a vertical jump), and the chart draws exactly it. The
// presenter view fills a 1920x1080 screen with it, with no text under 18 px.

async function history(page: Page, id: string): Promise<TtlPoint[]> {
  const res = await page.request.get(`/api/leases/${id}`);
  expect(res.ok()).toBe(true);
  return ((await res.json()) as LeaseDetailResponse).history;
}

/** Jumps up in the history: two points at the same time, the second higher. */
const jumpsIn = (points: TtlPoint[]) =>
  points.filter((p, i) => i > 0 && p.t === points[i - 1]!.t && p.ttl > points[i - 1]!.ttl + 0.5);

/** Slopes (seconds per second) of every straight piece between two jumps. */
function slopes(points: TtlPoint[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1]!, points[i]!];
    if (b.t - a.t >= 200 && a.ttl > 0 && b.ttl > 0)
      out.push((b.ttl - a.ttl) / ((b.t - a.t) / 1000));
  }
  return out;
}

/** Vertical rises in the drawn remaining-TTL line: consecutive points at one x, the second higher. */
async function drawnJumps(chart: Locator): Promise<number> {
  const d = (await chart.locator('.recharts-line-curve').nth(1).getAttribute('d')) ?? '';
  const xy = [...d.matchAll(/(-?[\d.]+)[ ,](-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
  return xy.filter(([x, y], i) => {
    const prev = xy[i - 1];
    return prev && Math.abs(x! - prev[0]!) < 0.5 && y! < prev[1]! - 5;
  }).length;
}

test('a 6 s lease kept alive every TTL/3 is a sawtooth: vertical jumps, a fall of 1 s/s between', async ({
  page,
  leases,
}) => {
  test.setTimeout(60_000);
  const id = await leases.grant(6, { key: uniqueKey('sawtooth'), value: 'x' });
  await page.goto(`/leases/${id}`);
  const keepAlive = page.getByRole('switch', { name: 'Keep alive' });
  await keepAlive.click();
  await expect(keepAlive).toHaveAttribute('aria-checked', 'true');
  const startedAt = Date.now();

  // Within 10 s, three renewals or more, each a jump in the history and on the chart.
  await expect
    .poll(async () => jumpsIn(await history(page, id)).length, { timeout: 10_000 })
    .toBeGreaterThanOrEqual(3);
  expect(Date.now() - startedAt).toBeLessThan(10_500);
  const points = await history(page, id);
  for (const jump of jumpsIn(points)) expect(jump).toMatchObject({ mark: 'renewed' });
  for (const slope of slopes(points)) expect(slope).toBeCloseTo(-1, 1);
  const chart = page.getByTestId('lease-chart');
  await expect.poll(() => drawnJumps(chart), { timeout: 3000 }).toBeGreaterThanOrEqual(3);
  await expectAxisInOrder(chart);
  await keepAlive.click();
  await expect(keepAlive).toHaveAttribute('aria-checked', 'false');
});

test('a renewal by etcdctl lease keep-alive --once is a vertical jump, its time an estimate', async ({
  page,
  leases,
}) => {
  test.setTimeout(45_000);
  const id = await leases.grant(20, { key: uniqueKey('renewed-elsewhere'), value: 'x' });
  await page.goto(`/leases/${id}`);
  const chart = page.getByTestId('lease-chart');
  // Let it fall a few seconds first, so the renewal is a jump of several seconds.
  await expect
    .poll(async () => (await history(page, id)).at(-1)?.ttl ?? 99, { timeout: 10_000 })
    .toBeLessThan(16);
  await etcdctl('lease', 'keep-alive', '--once', id);
  await expect
    .poll(async () => jumpsIn(await history(page, id)), { timeout: 5000 })
    .toEqual([expect.objectContaining({ mark: 'renewed-elsewhere', estimated: true })]);
  const [jump] = jumpsIn(await history(page, id));
  expect(jump!.ttl).toBeGreaterThan(18);
  await expect.poll(() => drawnJumps(chart), { timeout: 3000 }).toBe(1);
  await expect(chart.getByText('≈ renewed by another client')).toBeVisible();
  await expect(chart.getByTestId('chart-summary')).toContainText(
    '1 renewal by another client (times estimated, within a second)',
  );
});

for (const theme of ['light', 'dark'] as const)
  test(`the presenter view fills 1920x1080: a 1400x400 chart, no text under 18 px (${theme})`, async ({
    page,
    leases,
  }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.addInitScript((t) => localStorage.setItem('lease-dashboard-theme', t), theme);
    const id = await leases.grant(60, { key: uniqueKey('room'), value: 'x' });
    await page.goto(`/leases/${id}`);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    const chart = page.getByTestId('lease-chart');
    await expect(chart.locator('.recharts-line-curve')).toHaveCount(2);
    const box = await chart.locator('.recharts-wrapper > svg.recharts-surface').boundingBox();
    expect(box?.width, 'chart width').toBeGreaterThanOrEqual(1400);
    expect(box?.height, 'chart height').toBeGreaterThanOrEqual(400);
    // The shortcuts still work: r renews once, and the chart shows the jump.
    await expect(page.getByTestId('presenter-remaining')).not.toHaveText('60', { timeout: 5000 });
    await page.keyboard.press('r');
    await expect.poll(async () => jumpsIn(await history(page, id)).length).toBe(1);
    await expect(page.getByRole('status').first()).toContainText('Renewed: ');

    const small = await page.evaluate(() => {
      const found: string[] = [];
      for (const el of document.querySelectorAll<HTMLElement | SVGElement>('body *')) {
        const text = [...el.childNodes]
          .filter((n) => n.nodeType === Node.TEXT_NODE)
          .map((n) => n.textContent ?? '')
          .join('')
          .trim();
        if (!text) continue;
        const rect = el.getBoundingClientRect();
        // On the first screen, drawn, and not the screen readers' summary (1 px, clipped).
        if (rect.width <= 1 || rect.height <= 1 || rect.top >= innerHeight || rect.bottom <= 0)
          continue;
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden' || style.display === 'none') continue;
        const px = parseFloat(style.fontSize);
        if (px < 18) found.push(`${el.tagName.toLowerCase()} "${text.slice(0, 40)}": ${px} px`);
      }
      return found;
    });
    expect(small).toEqual([]);
    if (theme === 'dark') await snapshot(page.locator('main'), 'presenter');
  });
