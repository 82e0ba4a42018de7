import { expect, it } from 'vitest';
import { actionId, callAction } from '../../e2e/actions';
import {
  grant,
  inWorkspace,
  keepAliveOn,
  revoke,
  until,
  watchLease,
  writeClustersFile,
} from '../../e2e/replica-helpers';
import { overFetch } from '../system/http';
import { logsOf } from './logs';

// Two replicas serving two clusters (DASHBOARD_CLUSTERS_FILE), each cluster a real etcd of the
// test's own: one leader for both, elected in the first cluster's etcd; a follower passing
// /c/<name>/ requests and actions to it; a keep-alive on the second cluster resumed by the next
// leader after the first is killed.

it('one leader for every cluster: a follower passes /c/<name>/ to it, and the next leader resumes that cluster', async ({
  task,
}) => {
  await inWorkspace(logsOf(task.name), async (ws) => {
    const alpha = await ws.etcd('alpha');
    const beta = await ws.etcd('beta');
    const file = writeClustersFile(ws.dir, {
      alpha: alpha.etcd.endpoint,
      beta: beta.etcd.endpoint,
    });
    const [a, b] = await ws.leaderAndFollower({ DASHBOARD_CLUSTERS_FILE: file });

    // The election is in the first cluster's etcd only.
    const election = async (client: typeof alpha.client) =>
      (await client.getAll().prefix('/lease-dashboard/election/').keys()).length;
    expect(await election(alpha.client)).toBe(2);
    expect(await election(beta.client)).toBe(0);

    const id = await grant(beta.client, 10, '/replicas-clusters/web-1');
    const ids = async (url: string) =>
      ((await (await fetch(url)).json()) as { leases: { id: string }[] }).leases.map((l) => l.id);
    await expect.poll(() => ids(`${b.url}/c/beta/api/leases`)).toContain(id);
    expect(await ids(`${b.url}/api/leases`)).not.toContain(id);

    const answer = await callAction(overFetch, `${b.url}/c/beta`, actionId('setKeepAliveAction'), [
      { leaseId: id, on: true, schedule: 'third' },
    ]);
    expect(answer.result).toMatchObject({ ok: true });
    await expect.poll(() => keepAliveOn(a, id, '/c/beta')).toBe(true);

    const lease = watchLease(beta.client, id);
    await a.kill('SIGKILL');
    const killed = Date.now();
    await b.waitForRole('leader');
    await expect.poll(() => keepAliveOn(b, id, '/c/beta'), { timeout: 10_000 }).toBe(true);
    // The watcher reads the lease throughout: more than its TTL after the kill it never ran out.
    await until(killed, 12_000);
    const seen = await lease.stop();
    expect(seen.expiredAt, "beta's lease never ran out of time").toBeNull();
    await revoke(beta.client, id);
  });
});
