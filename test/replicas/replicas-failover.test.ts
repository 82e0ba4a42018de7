import { expect, it } from 'vitest';
import { Etcd3 } from 'etcd3';
import { startCluster } from '../../scripts/etcd.mjs';
import { tcpProxy } from '../integration/tcp-proxy';
import {
  grant,
  inWorkspace,
  keepAliveOn,
  revoke,
  until,
  watchLease,
} from '../../e2e/replica-helpers';
import { overFetch } from '../system/http';
import { logsOf } from './logs';

// What replicas cost etcd, and how they fail over when the network or etcd itself fails: real etcd
// processes (a three-member cluster for the last test) and real dashboard processes.

/** Every gRPC message etcd has received (unary requests and stream messages alike), from /metrics. */
async function messagesReceived(endpoint: string): Promise<number> {
  const text = await (await fetch(`${endpoint}/metrics`)).text();
  return [...text.matchAll(/^grpc_server_msg_received_total\{[^}]*\} (\S+)$/gm)].reduce(
    (sum, m) => sum + Number(m[1]),
    0,
  );
}

/** Messages a second etcd receives over `seconds`, whatever sends them. */
async function messageRate(endpoint: string, seconds: number): Promise<number> {
  const before = await messagesReceived(endpoint);
  const from = Date.now();
  await until(from, seconds * 1000);
  return ((await messagesReceived(endpoint)) - before) / ((Date.now() - from) / 1000);
}

/**
 * Each window is one cycle of the sampler's background reads (every lease once in 29 s), so both
 * windows hold the same reads however they fall in the cycle (with 10 s windows, two runs of this
 * test measured 1.07x and 1.15x).
 */
const CYCLE_S = 29;

it('two replicas cost etcd at most 1.2x what one does', async ({ task, annotate }) => {
  await inWorkspace(logsOf(task.name), async (ws) => {
    const { etcd, client } = await ws.etcd();
    for (let i = 0; i < 1000; i += 100)
      await Promise.all(
        Array.from({ length: 100 }, (_, j) => grant(client, 1800, `/cost/${i + j}`)),
      );
    const env = { ETCD_ENDPOINTS: etcd.endpoint };
    const one = await ws.dashboard('one', env);
    await one.waitForRole('leader');
    // Past the first round, which reads every lease once.
    await expect
      .poll(async () => {
        const health = (await (await fetch(`${one.url}/api/health`)).json()) as {
          sampler: { lastRound: { unread: number } | null };
        };
        return health.sampler.lastRound?.unread;
      })
      .toBe(0);
    const alone = await messageRate(etcd.endpoint, CYCLE_S);
    const two = await ws.dashboard('two', env);
    await two.waitForRole('follower');
    const both = await messageRate(etcd.endpoint, CYCLE_S);
    await annotate(
      `${alone.toFixed(1)} messages/s with one replica, ${both.toFixed(1)} with two (${(both / alone).toFixed(2)}x)`,
      'cost',
    );
    expect(both / alone).toBeLessThanOrEqual(1.2);
  });
});

it('a leader cut off from etcd steps down before another replica leads, and the lease lives on', async ({
  task,
}) => {
  await inWorkspace(logsOf(task.name), async (ws) => {
    const { etcd, client } = await ws.etcd();
    const proxy = await tcpProxy({ host: '127.0.0.1', port: etcd.clientPort });
    ws.later(() => proxy.close());
    const cut = await ws.dashboard('cut', { ETCD_ENDPOINTS: proxy.endpoint });
    await cut.waitForRole('leader');
    const other = await ws.dashboard('other', { ETCD_ENDPOINTS: etcd.endpoint });
    await other.waitForRole('follower');

    const id = await grant(client, 10, '/services/web/instance-3');
    await expect.poll(() => keepAliveOn(other, id)).toBe(false);
    await other.setKeepAlive(overFetch, id, true);
    await expect.poll(() => keepAliveOn(cut, id)).toBe(true);

    const lease = watchLease(client, id);
    const cutAt = Date.now();
    proxy.cut();
    const took = await other.waitForRole('leader', 10_000);
    // Each replica's own clock (one machine): the cut-off one stopped acting (it stopped
    // renewing anything) before the other was elected, so the two never renewed at once.
    const stepped = await cut.replica();
    expect(stepped.role).not.toBe('leader');
    expect(stepped.mayAct).toBe(false);
    expect(stepped.since ?? Infinity).toBeLessThanOrEqual(took.since ?? 0);
    expect(
      (stepped.since ?? Infinity) - cutAt,
      'it stepped down within its session TTL',
    ).toBeLessThan(2500);

    proxy.restore();
    expect((await cut.waitForRole('follower', 15_000)).leader).toBe(other.url);
    await expect.poll(() => keepAliveOn(other, id)).toBe(true);
    await until(cutAt, 12_000);
    const seen = await lease.stop();
    expect(seen.expiredAt, 'etcd never reported the 10 s lease out of time').toBeNull();
    await revoke(client, id);
  });
});

it("etcd's own leader stops while replicas run: never two dashboard leaders, then exactly one", async ({
  task,
}) => {
  await inWorkspace(logsOf(task.name), async (ws) => {
    const cluster = await startCluster({ dir: ws.dir });
    ws.later(() => Promise.all(cluster.names.map((n) => cluster.stop(n))));
    const [a, b] = await ws.leaderAndFollower({ ETCD_ENDPOINTS: cluster.endpoints.join(',') });

    const leaderName = await etcdLeader(cluster);
    await cluster.stop(leaderName);
    const stoppedAt = Date.now();
    let most = 0;
    await expect
      .poll(
        async () => {
          const now = await Promise.all([a.role(), b.role()]);
          most = Math.max(most, now.filter((r) => r === 'leader').length);
          return Date.now() - stoppedAt > 8000 ? now.filter((r) => r === 'leader').length : -1;
        },
        { timeout: 20_000, interval: 200 },
      )
      .toBe(1);
    expect(most, 'never two dashboard leaders at once').toBe(1);
  });
});

/** The name of the member etcd's cluster is led by now. */
async function etcdLeader(cluster: Awaited<ReturnType<typeof startCluster>>): Promise<string> {
  for (const name of cluster.names) {
    const member = cluster.member(name);
    if (!member) continue;
    const one = new Etcd3({ hosts: member.endpoint });
    try {
      const status = await one.maintenance.status();
      if (status.leader === status.header.member_id) return name;
    } finally {
      one.close();
    }
  }
  throw new Error('no etcd member says it leads');
}
