import path from 'node:path';
import { expect, test } from '@playwright/test';
import { Etcd3 } from 'etcd3';
import { startCluster } from '../scripts/etcd.mjs';
import { ETCD_VERSIONS, etcdBinDir } from '../scripts/etcd-versions.mjs';
import { startEtcdctlAt } from './helpers';
import { grant, inWorkspace, revoke, watchLease } from './replica-helpers';

// A rolling upgrade, as operators do it: a three-member cluster on Debian bookworm's etcd 3.4.23
// has its members stopped and started again on trixie's 3.5.16, one by one, on the same data.
// Throughout, a lease the dashboard keeps alive never runs out, the lock `etcdctl lock` holds stays
// shown as held, and the cluster panel shows each member's version as it changes.

const OLD = ETCD_VERSIONS['3.4'].exact;
const NEW = ETCD_VERSIONS['3.5'].exact;

test(`a rolling upgrade from ${OLD} to ${NEW}: the kept-alive lease lives, the lock stays held, each member's version shows`, async ({
  page,
  request,
}, info) => {
  test.setTimeout(240_000);
  const oldEtcd = path.join(etcdBinDir('3.4'), 'etcd');
  const newEtcd = path.join(etcdBinDir('3.5'), 'etcd');
  await inWorkspace(info.outputPath('logs'), async (ws) => {
    const cluster = await startCluster({ dir: path.join(ws.dir, 'cluster'), binary: oldEtcd });
    ws.later(() => cluster.stopAll());
    const endpoints = cluster.endpoints.join(',');
    const client = new Etcd3({ hosts: cluster.endpoints });
    ws.later(() => client.close());

    const dashboard = await ws.dashboard(
      'dashboard',
      { ETCD_ENDPOINTS: endpoints },
      { alone: true },
    );
    const kept = await grant(client, 5, `/upgrade/${Date.now().toString(36)}/service`);
    ws.later(() => revoke(client, kept));
    await dashboard.setKeepAlive(request, kept, true);

    const lockName = `/upgrade/${Date.now().toString(36)}/lock`;
    const holder = startEtcdctlAt(endpoints, 'lock', '--ttl', '5', lockName);
    ws.later(() => holder.stop());
    await expect.poll(() => holder.output(), { timeout: 10_000 }).toContain(`${lockName}/`);
    const lockLease = (holder.output().trim().split('/').pop() ?? '').padStart(16, '0');

    // Read from the test's own client four times a second, whatever the dashboard says.
    const keptWatch = watchLease(client, kept);
    const lockWatch = watchLease(client, lockLease);

    await page.goto(`${dashboard.url}/?key=${encodeURIComponent(`${lockName}/`)}`);
    const members = page.getByRole('table', { name: 'Members' });
    const holds = page.getByRole('row').filter({ hasText: `holds lock ${lockName}` });
    const memberRow = (name: string) => members.getByRole('row', { name: `Member ${name}` });
    for (const name of cluster.names) await expect(memberRow(name)).toContainText(OLD);
    await expect(holds).toHaveAccessibleName(`Lease ${lockLease}`, { timeout: 10_000 });

    for (const [i, name] of cluster.names.entries()) {
      await cluster.stop(name);
      await cluster.start(name, newEtcd);
      await expect(memberRow(name)).toContainText(NEW, { timeout: 15_000 });
      // The members not yet replaced still run the old version: the panel tells them apart.
      for (const later of cluster.names.slice(i + 1))
        await expect(memberRow(later)).toContainText(OLD);
      await expect(holds).toHaveAccessibleName(`Lease ${lockLease}`);
      // Both leases renewed again and again on the cluster as it now is: more than a TTL passes.
      const before = [keptWatch.rises(), lockWatch.rises()];
      const renewals = () =>
        Math.min(keptWatch.rises() - before[0]!, lockWatch.rises() - before[1]!);
      await expect.poll(renewals, { timeout: 15_000, intervals: [250] }).toBeGreaterThanOrEqual(3);
    }

    const keptSeen = await keptWatch.stop();
    const lockSeen = await lockWatch.stop();
    expect(keptSeen.expiredAt, 'the kept-alive lease never ran out').toBeNull();
    expect(lockSeen.expiredAt, "etcdctl lock's session never ran out").toBeNull();
    const ttl = await client.leaseClient.leaseTimeToLive({ ID: BigInt(`0x${kept}`).toString() });
    expect(Number(ttl.TTL)).toBeGreaterThan(0);
    // etcdctl still holds: its key is there, on its own lease.
    const keys = await client.getAll().prefix(`${lockName}/`).keys();
    expect(keys).toEqual([`${lockName}/${BigInt(`0x${lockLease}`).toString(16)}`]);
  });
});
