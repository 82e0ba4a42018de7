import { expect } from '@playwright/test';
import { actionId, callAction } from './actions';
import { test } from './fixtures';
import { DashboardPage, etcdctl } from './helpers';

// etcd frozen with SIGSTOP: its port still accepts connections but nothing answers, the hardest
// outage to notice. The page must say so within 2 s, and renew and revoke must say etcd is not
// answering (the error's class once existed in four build chunks, and an outage showed as "Something
// went wrong on the dashboard server"). The run's etcd is resumed whatever happens.

test('with etcd frozen, the banner shows within 2 s and renew and revoke say etcd is not answering', async ({
  page,
  request,
  baseURL,
  leases,
}) => {
  const pid = Number(process.env.ETCD_PID);
  expect(pid, 'scripts/with-etcd.mjs gives the run etcd’s PID').toBeGreaterThan(0);
  const id = await leases.grant(60, { key: `/e2e-frozen/${Date.now()}` });
  await page.goto(`/?id=${id}`);
  const dashboard = new DashboardPage(page);
  await expect(dashboard.row(id)).toBeVisible();
  await expect(page.getByText('Cannot reach etcd')).toHaveCount(0);
  // A page still loading has no banner to show.
  await dashboard.live();

  // The page notes when the banner appears: Playwright's own polling of the page can add half a
  // second to what a viewer sees, and on a loaded two-core CI machine that decided the result.
  await page.evaluate(() => {
    const w = window as unknown as { bannerAt?: number };
    new MutationObserver(() => {
      const alerts = document.querySelectorAll('[role=alert]');
      if (!w.bannerAt && [...alerts].some((a) => a.textContent?.includes('Cannot reach etcd')))
        w.bannerAt = Date.now();
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const stoppedAt = Date.now();
  process.kill(pid, 'SIGSTOP');
  try {
    await expect(page.getByText('Cannot reach etcd')).toBeVisible({ timeout: 5000 });
    const bannerAt = await page.evaluate(
      () => (window as unknown as { bannerAt?: number }).bannerAt ?? 0,
    );
    expect(bannerAt, 'the page noted the banner appearing').toBeGreaterThan(stoppedAt);
    test
      .info()
      .annotations.push({ type: 'stop-to-banner-ms', description: String(bannerAt - stoppedAt) });
    expect(bannerAt - stoppedAt, 'ms from SIGSTOP to the banner on the page').toBeLessThanOrEqual(
      2000,
    );
    // Health (for load balancers and scripts) says so as soon: it took 9.5 s.
    await expect
      .poll(async () => (await request.get(`${baseURL}/api/health`)).status(), { timeout: 500 })
      .toBe(503);
    for (const name of ['renewLeaseAction', 'revokeLeaseAction']) {
      const answer = await callAction(request, baseURL ?? '', actionId(name), [{ leaseId: id }]);
      expect(answer.result, name).toMatchObject({
        ok: false,
        code: 'etcd_unavailable',
        text: expect.stringMatching(/^etcd is not answering at /),
        message: { key: expect.stringMatching(/^errors\./) },
      });
    }
  } finally {
    process.kill(pid, 'SIGCONT');
  }
  await expect(page.getByText('Cannot reach etcd')).toHaveCount(0, { timeout: 10_000 });
  // Live events come back too: a key put after the outage shows in the event log.
  const after = `/e2e-frozen/after-${Date.now()}`;
  await etcdctl('put', `--lease=${id}`, after, 'v');
  await expect(page.getByRole('log', { name: 'Lease events' })).toContainText(
    `Key ${after} put with lease ${id}`,
  );
});
