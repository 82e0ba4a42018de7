import { expect, test } from '@playwright/test';
import { snapshot } from './helpers';
import { grant, inWorkspace, writeClustersFile } from './replica-helpers';

// One dashboard for two clusters (DASHBOARD_CLUSTERS_FILE), each a real etcd of the test's own: the
// switcher above the page, each cluster's own leases, and one cluster going down while the other
// goes on, its banner and the switcher saying so.

test.describe.configure({ timeout: 90_000 });
test.use({ viewport: { width: 1280, height: 900 } });

test('switches between two clusters, and shows which one is down while the other works', async ({
  page,
}, info) => {
  await inWorkspace(info.outputPath('logs'), async (ws) => {
    const staging = await ws.etcd('staging');
    const production = await ws.etcd('production');
    const file = writeClustersFile(ws.dir, {
      staging: staging.etcd.endpoint,
      production: production.etcd.endpoint,
    });
    const dashboard = await ws.dashboard(
      'clusters',
      { DASHBOARD_CLUSTERS_FILE: file },
      { alone: true },
    );
    const inStaging = await grant(staging.client, 600, '/clusters-e2e/staging/web-1');
    const inProduction = await grant(production.client, 600, '/clusters-e2e/production/web-1');
    const switcher = page.getByRole('navigation', { name: 'Clusters' });
    const row = (id: string) => page.getByRole('row', { name: `Lease ${id}` });

    await test.step("today's URL shows the first cluster, and only its leases", async () => {
      await page.goto(`${dashboard.url}/`);
      await expect(switcher.getByRole('link', { name: 'staging' })).toHaveAttribute(
        'aria-current',
        'page',
      );
      await expect(row(inStaging)).toBeVisible();
      await expect(row(inProduction)).toHaveCount(0);
    });

    await test.step('the switcher opens the other cluster at /c/<name>/, with its own leases', async () => {
      await switcher.getByRole('link', { name: 'production' }).click();
      await expect(page).toHaveURL(`${dashboard.url}/c/production`);
      await expect(switcher.getByRole('link', { name: 'production' })).toHaveAttribute(
        'aria-current',
        'page',
      );
      await expect(row(inProduction)).toBeVisible();
      await expect(row(inStaging)).toHaveCount(0);
      // Its links stay in the cluster.
      await expect(
        page.getByRole('link', { name: 'Findings', exact: true }).first(),
      ).toHaveAttribute('href', '/c/production/findings');
    });

    await test.step('production stops: its page and the switcher say so; staging goes on', async () => {
      await production.etcd.stop();
      await expect(page.getByRole('alert').filter({ hasText: 'Cannot reach etcd' })).toContainText(
        production.etcd.endpoint,
        { timeout: 15_000 },
      );
      const down = switcher.getByRole('listitem').filter({ hasText: 'production' });
      await expect(down).toContainText('not answering', { timeout: 15_000 });
      await expect(switcher.getByRole('listitem').filter({ hasText: 'staging' })).not.toContainText(
        'not answering',
      );
      await snapshot(page.locator('body'), 'clusters');
      await switcher.getByRole('link', { name: 'staging' }).click();
      await expect(page).toHaveURL(`${dashboard.url}/`);
      await expect(row(inStaging)).toBeVisible();
      await expect(page.getByRole('alert').filter({ hasText: 'Cannot reach etcd' })).toHaveCount(0);
    });
  });
});
