import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { Etcd3 } from 'etcd3';
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

// A dashboard process killed with SIGKILL and started again resumes its keep-alives from their
// intents in etcd, whatever else lies beside them and whatever key prefix it runs under.

const TTL = 15;

/** The intent the dashboard noted for the lease: a plain key named after it, wherever it keeps them. */
async function intentOf(client: Etcd3, id: string): Promise<string> {
  let key: string | undefined;
  await expect
    .poll(async () => {
      key = (await client.getAll().prefix('/').keys()).find((k) => k.endsWith(`/keep-alive/${id}`));
      return key;
    })
    .toBeDefined();
  return key as string;
}

/** A lease of the test's own, kept alive through the dashboard: its ID and the intent noted for it. */
async function keptAlive(
  dashboard: Dashboard,
  client: Etcd3,
  key: string,
): Promise<{ id: string; intent: string }> {
  const id = await grant(client, TTL, key);
  await expect.poll(() => keepAliveOn(dashboard, id)).toBe(false);
  await dashboard.setKeepAlive(overFetch, id, true);
  return { id, intent: await intentOf(client, id) };
}

/** SIGKILL, start again, and watch the lease from the test's client for TTL + 5 s after the kill. */
async function killAndRestart(dashboard: Dashboard, client: Etcd3, id: string) {
  const lease = watchLease(client, id);
  await dashboard.kill('SIGKILL');
  const killed = Date.now();
  await dashboard.launch();
  await until(killed, (TTL + 5) * 1000);
  return lease.stop();
}

it('a restarted dashboard resumes its keep-alive past intents too large to read', async ({
  task,
}) => {
  await inWorkspace(logsOf(task.name), async (ws) => {
    const { etcd, client } = await ws.etcd();
    const alone = await ws.dashboard('alone', { ETCD_ENDPOINTS: etcd.endpoint }, { alone: true });
    const { id, intent } = await keptAlive(alone, client, '/services/web/instance-3');

    // Another client's four 1.4 MB values beside it, named like intents: each within etcd's
    // 1.5 MiB request limit, together more than a gRPC answer may hold.
    const dir = intent.slice(0, -id.length);
    const big = 'x'.repeat(1_400_000);
    const others = ['0000000000000001', '0000000000000002', 'fffffffffffffffe', 'ffffffffffffffff'];
    for (const other of others) await client.put(`${dir}${other}`).value(big);

    const seen = await killAndRestart(alone, client, id);
    expect(seen.expiredAt, `etcd never reported the ${TTL} s lease out of time`).toBeNull();
    expect(await keepAliveOn(alone, id)).toBe(true);
    expect(await client.get(intent).string()).not.toBeNull();
    for (const other of others) expect(await client.get(`${dir}${other}`).exists()).toBe(true);
    // Named in the log once since the restart, not on every retry.
    const log = readFileSync(alone.logFile, 'utf8');
    expect(log.split(`${dir}0000000000000001`).length - 1).toBe(1);
    await revoke(client, id);
  });
});

it('under DASHBOARD_KEY_PREFIX a restarted dashboard keeps its keep-alive and the intent', async ({
  task,
}) => {
  await inWorkspace(logsOf(task.name), async (ws) => {
    const { etcd, client } = await ws.etcd();
    const env = { ETCD_ENDPOINTS: etcd.endpoint, DASHBOARD_KEY_PREFIX: '/demo/' };
    const alone = await ws.dashboard('alone', env, { alone: true });
    const { id, intent } = await keptAlive(alone, client, '/demo/kp');

    const seen = await killAndRestart(alone, client, id);
    expect(seen.expiredAt, `etcd never reported the ${TTL} s lease out of time`).toBeNull();
    expect(await keepAliveOn(alone, id)).toBe(true);
    expect(await client.get(intent).string()).not.toBeNull();
    await revoke(client, id);
  });
});
