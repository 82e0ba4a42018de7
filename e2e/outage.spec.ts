import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { offline } from '../playwright.config';
import { startEtcd } from '../scripts/etcd.mjs';
import { DashboardPage } from './helpers';

// The second dashboard points at a port where no etcd runs: the page must still load, say which
// endpoint it tried, refuse actions clearly, and recover by itself once an etcd starts there.

test('no etcd: a banner naming the endpoint, clear errors, recovery when etcd starts, and again after a restart', async ({
  page,
}) => {
  const endpoint = `http://127.0.0.1:${offline.etcdPort}`;
  await page.goto(offline.baseURL);
  const banner = page.getByRole('alert').filter({ hasText: 'Cannot reach etcd' });
  await expect(banner).toContainText(`Cannot reach etcd at ${endpoint}`);

  const form = new DashboardPage(page).grantForm();
  await form.getByLabel('TTL (seconds)').fill('30');
  await form.getByRole('button', { name: 'Grant lease' }).click();
  await expect(form.getByRole('status')).toContainText(`etcd is not answering at ${endpoint}`);
  await expect(form.getByLabel('TTL (seconds)')).toHaveValue('30');
  // The cluster panel names the endpoint that does not answer, and why.
  const members = page.getByRole('table', { name: 'Members' });
  await expect(members.getByRole('row', { name: `Endpoint ${endpoint}` })).toContainText(
    'not answering: connection refused',
  );

  const dir = mkdtempSync(path.join(tmpdir(), 'lease-dashboard-e2e-outage-'));
  const options = {
    dataDir: path.join(dir, 'data'),
    clientPort: offline.etcdPort,
    peerPort: offline.etcdPeerPort,
  };
  let etcd = await startEtcd(options);
  try {
    await expect(banner).toBeHidden({ timeout: 15_000 });
    await expect(page.getByText('No leases in etcd yet.')).toBeVisible();
    const member = members.getByRole('row', { name: 'Member dashboard' });
    await expect(member).toContainText('leader');
    await expect(member).toContainText(/answering \(\d+ ms\)/);

    // The same member stopped and started again: the page says so, a lease's row says how old its
    // last reading is instead of counting down as if nothing happened, then all recovers by itself.
    const dashboard = new DashboardPage(page);
    const id = await dashboard.grant({ ttl: '60' });
    const staleness = dashboard.row(id).getByTestId('staleness');
    await expect(staleness).toBeHidden();
    await etcd.stop();
    await expect(banner).toContainText(`Cannot reach etcd at ${endpoint}`);
    await expect(member).toContainText('not answering: connection refused');
    // A read that failed in the meantime is named too ("; the next read failed: ...").
    await expect(staleness).toHaveText(/^read \d+ s ago(; the next read failed: .+)?$/);
    etcd = await startEtcd(options);
    await expect(banner).toBeHidden({ timeout: 15_000 });
    await expect(member).toContainText(/answering \(\d+ ms\)/);
    await expect(staleness).toBeHidden();
  } finally {
    await etcd.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
