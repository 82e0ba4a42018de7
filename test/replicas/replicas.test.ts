import { expect, it } from 'vitest';
import {
  grant,
  inWorkspace,
  keepAliveOn,
  revoke,
  until,
  watchLease,
  type Dashboard,
} from '../../e2e/replica-helpers';
import { overFetch } from '../system/http';
import { logsOf } from './logs';

// Dashboards that survive restarts and run as replicas, coordinated by etcd alone: real etcd
// processes (one per test, so nothing here touches the other tests' etcd) and real dashboard
// processes from the production build, killed with SIGKILL, cut off from etcd, and watched from
// the test's own etcd client.

it('a keep-alive switched on through one replica is shown by the other and outlives the SIGKILL of each leader in turn', async ({
  task,
  annotate,
}) => {
  await inWorkspace(logsOf(task.name), async (ws) => {
    const { client, a, b } = await ws.replicas();

    const id = await grant(client, 10, '/services/web/instance-1');
    await expect.poll(() => keepAliveOn(b, id)).toBe(false);
    await b.setKeepAlive(overFetch, id, true);
    await expect.poll(() => keepAliveOn(a, id)).toBe(true);

    const lease = watchLease(client, id);
    await a.kill('SIGKILL');
    const firstKill = Date.now();
    const bLeads = await b.waitForRole('leader');
    expect((bLeads.since ?? 0) - firstKill, 'the follower leads within about 3 s').toBeLessThan(
      4000,
    );
    await a.launch();
    await a.waitForRole('follower');
    await b.kill('SIGKILL');
    const secondKill = Date.now();
    const aLeads = await a.waitForRole('leader');
    expect(
      (aLeads.since ?? 0) - secondKill,
      'the restarted one leads within about 3 s',
    ).toBeLessThan(4000);
    await expect.poll(() => keepAliveOn(a, id)).toBe(true);
    await annotate(
      `led again ${(bLeads.since ?? 0) - firstKill} ms and ${(aLeads.since ?? 0) - secondKill} ms after each SIGKILL`,
      'failover',
    );
    await until(secondKill, 12_000);
    const seen = await lease.stop();
    expect(seen.expiredAt, 'etcd never reported the 10 s lease out of time').toBeNull();
    expect(seen.lowest).toBeGreaterThan(0);
    await answersEveryRoute(a, id);
    await revoke(client, id);
  });
});

it('a dashboard killed with SIGKILL and started again resumes its keep-alive from etcd', async ({
  task,
}) => {
  await inWorkspace(logsOf(task.name), async (ws) => {
    const { etcd, client } = await ws.etcd();
    const alone = await ws.dashboard('alone', { ETCD_ENDPOINTS: etcd.endpoint }, { alone: true });
    expect((await alone.replica()).role).toBe('alone');

    const id = await grant(client, 10, '/services/web/instance-2');
    await expect.poll(() => keepAliveOn(alone, id)).toBe(false);
    await alone.setKeepAlive(overFetch, id, true);
    const intent = `/lease-dashboard/keep-alive/${id}`;
    expect(JSON.parse((await client.get(intent).string()) ?? 'null')).toMatchObject({
      schedule: 'third',
    });
    // The intent is a plain key: the user's lease holds only its own key.
    expect(await client.getAll().prefix('/').keys()).toContain('/services/web/instance-2');
    expect(await client.get(intent).exec()).toMatchObject({ kvs: [{ lease: '0' }] });

    const lease = watchLease(client, id);
    await alone.kill('SIGKILL');
    const killed = Date.now();
    await alone.launch();
    await expect.poll(() => keepAliveOn(alone, id)).toBe(true);
    await until(killed, 12_000);
    const seen = await lease.stop();
    expect(seen.expiredAt, 'etcd never reported the 10 s lease out of time').toBeNull();

    // Switched off: the intent goes, so the next restart leaves the lease to expire.
    await alone.setKeepAlive(overFetch, id, false);
    await expect.poll(() => client.get(intent).string()).toBeNull();
    await revoke(client, id);
  });
});

it('a leader stopped with SIGTERM hands over at once', async ({ task, annotate }) => {
  await inWorkspace(logsOf(task.name), async (ws) => {
    const { a, b } = await ws.replicas();
    const stopped = Date.now();
    await a.kill('SIGTERM');
    const took = await b.waitForRole('leader');
    await annotate(`led ${(took.since ?? 0) - stopped} ms after SIGTERM`, 'handover');
    // Well inside the 2 s its session would take to run out.
    expect((took.since ?? Infinity) - stopped).toBeLessThan(1000);
  });
});

/** Every page and route answers, live stream included, through this dashboard. */
async function answersEveryRoute(dashboard: Dashboard, id: string): Promise<void> {
  const paths = ['/', '/scenarios', `/leases/${id}`, '/api/leases', `/api/leases/${id}`];
  paths.push('/api/health', '/api/cluster', '/api/scenarios', '/api/holdings');
  paths.push('/audit', '/api/audit');
  for (const p of paths) {
    const res = await fetch(`${dashboard.url}${p}`);
    expect(res.status, `${p} through ${dashboard.name}`).toBe(200);
  }
  const events = await fetch(`${dashboard.url}/api/events`);
  expect(events.headers.get('content-type')).toContain('text/event-stream');
  const reader = events.body?.getReader();
  const first = await reader?.read();
  expect(new TextDecoder().decode(first?.value)).toContain('event: hello');
  await reader?.cancel();
}
