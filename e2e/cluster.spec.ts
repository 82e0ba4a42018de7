import { expect, test } from '@playwright/test';
import { etcdctl } from './helpers';

// The cluster panel against the run's one-member etcd, checked against what etcdctl says.

test('the cluster panel lists the member, its ID and URL, the leader, version and health', async ({
  page,
}) => {
  await page.goto('/');
  // etcdctl member list: "<hex id>, started, <name>, <peer URLs>, <client URLs>, <is learner>"
  const [id, , name] = (await etcdctl('member', 'list')).split(', ');
  const version = /"version":"([^"]+)"/.exec(
    await etcdctl('endpoint', 'status', '-w', 'json'),
  )?.[1];
  const members = page.getByRole('table', { name: 'Members' });
  const row = members.getByRole('row', { name: `Member ${name}` });
  await expect(row).toContainText(process.env.ETCD_ENDPOINTS ?? '?');
  await expect(row).toContainText('leader');
  await expect(row).toContainText(version ?? '?');
  await expect(row).toContainText(/answering \(\d+ ms\)/);
  await expect(row.getByRole('cell').nth(1)).toHaveText(id ?? '?');
  await expect(page.getByText(/^leader: dashboard, raft term \d+$/)).toBeVisible();
});
