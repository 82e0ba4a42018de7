import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { uniqueKey } from './helpers';

// axe-core on every page, in the light and the dark theme: no serious or critical violations.
// Each page is checked with something on it (a lease with keys, the scenarios' sections, the
// presenter view of that lease), since an empty page hides most problems. The loading states are
// checked on their own, with the answers they wait for held back: they show only for a moment, and
// a scan that met one by chance failed now and then.

const THEMES = ['light', 'dark'] as const;

async function violations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) => `${v.id} (${v.impact}): ${v.nodes.length} nodes, e.g. ${v.nodes[0]?.target.join(' ')}`,
    );
}

/** Opens each page in `theme`, waits for `settled`, and gathers each page's violations. */
async function scan(
  page: Page,
  theme: (typeof THEMES)[number],
  paths: string[],
  settled: (path: string) => Promise<void>,
): Promise<Record<string, string[]>> {
  await page.addInitScript((t) => localStorage.setItem('lease-dashboard-theme', t), theme);
  const found: Record<string, string[]> = {};
  for (const path of paths) {
    await page.goto(path);
    await expect(page.locator('html'), `${path}: the theme`).toHaveAttribute('data-theme', theme);
    await settled(path);
    const seen = await violations(page);
    if (seen.length > 0) found[path] = seen;
  }
  return found;
}

for (const theme of THEMES)
  test(`no serious or critical axe-core violations on any page, ${theme} theme`, async ({
    page,
    leases,
  }) => {
    // axe-core's scans are CPU-bound: the pages take far longer on a loaded 2-core machine.
    test.setTimeout(120_000);
    const id = await leases.grant(120, { key: uniqueKey('axe') });
    const paths = ['/', '/scenarios', `/leases/${id}`, '/findings', '/audit'];
    const found = await scan(page, theme, paths, async (path) => {
      // Live parts settled: the list has its rows, the presenter its countdown.
      if (path === '/') await expect(page.getByRole('row', { name: `Lease ${id}` })).toBeVisible();
      if (path.startsWith('/leases/'))
        await expect(page.getByTestId('presenter-remaining')).toBeVisible();
      if (path === '/scenarios')
        await expect(page.getByRole('region', { name: 'A lock' })).toBeVisible();
      // Shown with or without findings, once the answer is in.
      if (path === '/findings')
        await expect(page.getByRole('region', { name: 'What was checked' })).toBeVisible();
      // Shown with or without entries, once the answer is in.
      if (path === '/audit')
        await expect(page.getByRole('navigation', { name: 'Audit pages' })).toBeVisible();
    });
    expect(found, `pages with violations in the ${theme} theme`).toEqual({});
  });

for (const theme of THEMES)
  test(`no serious or critical axe-core violations while pages load, ${theme} theme`, async ({
    page,
    leases,
  }) => {
    test.setTimeout(120_000);
    const id = await leases.grant(120, { key: uniqueKey('axe-loading') });
    // The answers the charts wait for never come: each page stays loading while it is scanned.
    await page.route(/\/api\/(leases\/[0-9a-f]+|scenarios|findings|audit)(\?|$)/, () => undefined);
    const paths = [`/?id=${id}`, '/scenarios', `/leases/${id}`, '/findings', '/audit'];
    const found = await scan(page, theme, paths, (path) =>
      expect(page.locator('.chart-skeleton').first(), `${path}: loading`).toBeVisible(),
    );
    expect(found, `pages with violations while loading, ${theme} theme`).toEqual({});
  });
