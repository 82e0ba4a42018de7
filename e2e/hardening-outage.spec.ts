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

  process.kill(pid, 'SIGSTOP');
  try {
    await expect(page.getByText('Cannot reach etcd')).toBeVisible({ timeout: 2000 });
    // Health (for load balancers and scripts) says so as soon: it took 9.5 s.
    await expect
      .poll(async () => (await request.get(`${baseURL}/api/health`)).status(), { timeout: 500 })
      .toBe(503);
    for (const name of ['renewLeaseAction', 'revokeLeaseAction']) {
      const answer = await callAction(request, baseURL ?? '', actionId(name), [{ leaseId: id }]);
      expect(answer.result, name).toMatchObject({
        ok: false,
        code: 'etcd_unavailable',
        error: expect.stringMatching(/^etcd is not answering at /),
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
