import { DashboardPage, etcdctl, remainingInEtcd, snapshot, uniqueKey } from './helpers';
import { expect, test } from './fixtures';

// Automatic keep-alive and the live event log, in the browser: a short lease outlives its TTL while
// "Keep alive" is on, then expires once it is off; the log (in this page and in a second browser
// watching the same cluster) shows the expiry and the key etcd deleted, and etcd no longer has it.

test('keep a 15 s lease alive, let it go, and watch it expire live', async ({
  page,
  viewer: other,
  leases,
  etcd,
}) => {
  test.setTimeout(120_000);
  const dashboard = new DashboardPage(page);
  await page.goto('/');
  await other.goto('/');
  await expect(other.getByText('live', { exact: true })).toBeVisible();

  const key = uniqueKey('kept');
  // Long enough that the switch is clicked before it runs out: shorter ones ran out on a loaded
  // machine before the click landed, the grant form being a scroll away from the row.
  const TTL = 15;
  const id = await leases.grantInPage(dashboard, { ttl: String(TTL), key, value: 'alive' });
  const row = dashboard.row(id);
  const keepAlive = row.getByRole('switch', { name: 'Keep alive' });
  await expect(keepAlive).toHaveAttribute('aria-checked', 'false');
  await keepAlive.click();
  await expect(keepAlive).toHaveAttribute('aria-checked', 'true');
  await expect(row.getByText(/^Kept alive every TTL\/3: \d+ renewals?/)).toBeVisible();

  // Well past its TTL, etcd still has the lease and its key.
  const until = Date.now() + (TTL + 3) * 1000;
  while (Date.now() < until) {
    expect(
      await remainingInEtcd(id),
      'etcd must keep the lease while it is kept alive',
    ).toBeGreaterThan(0);
    await page.waitForTimeout(500);
  }
  expect(await etcdctl('get', key, '--print-value-only')).toBe('alive');
  await snapshot(page.locator('main'), 'dashboard');
  // Every viewer sees the same keep-alive state.
  await expect(
    other.getByRole('row', { name: `Lease ${id}` }).getByRole('switch', { name: 'Keep alive' }),
  ).toHaveAttribute('aria-checked', 'true');

  // Watch etcd independently, to time when it deletes the key.
  const watcher = await etcd.watch().key(key).create();
  let deletedAt = 0;
  watcher.on('delete', () => (deletedAt = Date.now()));
  await page.evaluate((text) => {
    const w = window as unknown as { seenAt?: number };
    new MutationObserver(() => {
      if (!w.seenAt && document.querySelector('[role=log]')?.textContent?.includes(text))
        w.seenAt = Date.now();
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, `Key ${key} deleted`);

  await keepAlive.click();
  await expect(keepAlive).toHaveAttribute('aria-checked', 'false');
  await expect(row.getByText('Keep-alive stopped: switched off from the dashboard')).toBeVisible();

  const log = page.getByRole('log', { name: 'Lease events' });
  await expect(log).toContainText(`Key ${key} deleted: lease ${id} expired`, {
    timeout: (TTL + 3) * 1000,
  });
  await expect(log).toContainText(`Lease ${id} expired; etcd deleted ${key}`);
  await expect(log).toContainText(`Keep-alive stopped for lease ${id}`);
  await expect(row.getByRole('deletion')).toHaveText(key);
  expect(await etcdctl('get', key)).toBe('');
  expect(await remainingInEtcd(id)).toBe(-1);

  // The chart marks the keep-alive switched on and off, its renewals and the expiry.
  const chart = page.getByTestId('lease-chart');
  await expect(chart.getByText('keep-alive on', { exact: true })).toBeVisible();
  await expect(chart.getByText('keep-alive off', { exact: true })).toBeVisible();
  await expect(chart.getByText('expired', { exact: true })).toBeVisible();

  // The second browser saw the same events.
  await expect(other.getByRole('log', { name: 'Lease events' })).toContainText(
    `Key ${key} deleted: lease ${id} expired`,
  );

  // How long from etcd deleting the key to the page showing it (reported, not asserted: the
  // benchmark is the place for speed targets).
  const seenAt = await page.evaluate(() => (window as unknown as { seenAt?: number }).seenAt ?? 0);
  if (deletedAt && seenAt)
    test
      .info()
      .annotations.push({ type: 'delete-to-page-ms', description: String(seenAt - deletedAt) });
  await watcher.cancel();
});

test('the event log filters to one lease, and each lease lists its etcdctl and Go commands', async ({
  page,
  leases,
}) => {
  const dashboard = new DashboardPage(page);
  await page.goto('/');
  const first = await leases.grantInPage(dashboard, { ttl: '60', key: uniqueKey('first') });
  const second = await leases.grantInPage(dashboard, { ttl: '60', key: uniqueKey('second') });
  const log = page.getByRole('log', { name: 'Lease events' });
  await expect(log).toContainText(`Lease ${first} granted by the dashboard`);
  await expect(log).toContainText(`Lease ${second} granted by the dashboard`);

  await page.getByLabel('Show events for').selectOption(`${first}`);
  await expect(log).toContainText(`Lease ${first} granted`);
  await expect(log).not.toContainText(second);

  // The selected lease (the last one granted) lists the commands for every action on it.
  await page.getByText('Every action on this lease, from etcdctl or Go').click();
  const detail = page.getByRole('region', { name: `Lease ${second} over time` });
  await expect(detail.getByText(`etcdctl lease keep-alive --once ${second}`)).toBeVisible();
  await expect(
    detail.getByText(`resp, err := cli.KeepAliveOnce(ctx, clientv3.LeaseID(0x${second}))`),
  ).toBeVisible();
  await expect(detail.getByText(`etcdctl lease revoke ${second}`)).toBeVisible();
});

test('a lease revoked elsewhere cannot be kept alive: its switch is disabled', async ({
  page,
  leases,
}) => {
  const dashboard = new DashboardPage(page);
  await page.goto('/');
  const id = await leases.grantInPage(dashboard, { ttl: '30', key: uniqueKey('gone') });
  // Another client revokes it behind the page's back.
  await etcdctl('lease', 'revoke', id);
  const row = dashboard.row(id);
  await expect(row.getByText(/revoked by another client/)).toBeVisible();
  await expect(row.getByRole('switch', { name: 'Keep alive' })).toBeDisabled();
});
