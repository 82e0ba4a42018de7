import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import { errorBodySchema } from '@/lib/shared/contract-problem';
import { actionId, callAction, callFormAction } from '../../e2e/actions';
import {
  grant,
  inWorkspace,
  keepAliveOn,
  revoke,
  type Dashboard,
  type Workspace,
} from '../../e2e/replica-helpers';
import { overFetch } from '../system/http';
import { logsOf } from './logs';

// The replicas trust only each other (issue "Hardening, round 2", items 1 to 4): each attack as it
// was made against the production build, on an etcd of the test's own, with two replicas.

const ELECTION = '/lease-dashboard/election/leader/';
const PASSED_BY = 'x-lease-dashboard-passed-by';
const ANSWERED_BY = 'x-lease-dashboard-answered-by';

/** An HTTP server that notes every request it gets: where a replica must never send one. */
async function listener(ws: Workspace) {
  const heard: string[] = [];
  const server = createServer((req, res) => {
    heard.push(`${req.method} ${req.url} cookie=${req.headers.cookie ?? ''}`);
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ws.later(() => new Promise((resolve) => server.close(resolve)));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, heard };
}

type Health = { replicas: { leader: string; replicas: { url: string; session: string }[] } | null };

async function health(dashboard: Dashboard): Promise<Health> {
  return (await (await fetch(`${dashboard.url}/api/health`)).json()) as Health;
}

/** The session lease of each replica, by its URL, as /api/health names them. */
async function sessions(dashboard: Dashboard): Promise<Map<string, string>> {
  const replicas = (await health(dashboard)).replicas?.replicas ?? [];
  return new Map(replicas.map((r) => [r.url, r.session]));
}

async function leading(dashboard: Dashboard): Promise<string | null> {
  const res = await fetch(`${dashboard.url}/metrics`);
  return /^lease_dashboard_leading (\d)/m.exec(await res.text())?.[1] ?? null;
}

it("the dashboard's own keys are neither written nor revoked through it, in any mode", async ({
  task,
}) => {
  await inWorkspace(logsOf(task.name), async (ws) => {
    const { client, a, b } = await ws.replicas();
    const outside = await listener(ws);

    // No prefix: the reserved folders still hold.
    const put = await callFormAction(overFetch, b.url, actionId('grantLeaseAction'), {
      ttl: '30',
      key: `${ELECTION}zz`,
      value: outside.url,
    });
    expect(put.result, put.text).toMatchObject({
      result: { ok: false, code: 'outside_prefix' },
    });
    expect(await client.getAll().prefix(ELECTION).keys()).not.toContain(`${ELECTION}zz`);
    const own = await sessions(a);
    expect(own.size).toBe(2);
    for (const [url, session] of own) {
      const revoked = await callAction(overFetch, b.url, actionId('revokeLeaseAction'), [
        { leaseId: session },
      ]);
      expect(revoked.result, `${url}'s session`).toMatchObject({
        ok: false,
        code: 'outside_prefix',
        text: expect.stringContaining("one of the dashboard's own keys"),
      });
      // Nor renewed, kept alive by the dashboard, or given a key of someone's.
      const refused = { ok: false, code: 'outside_prefix' };
      for (const [action, args] of [
        ['renewLeaseAction', { leaseId: session }],
        ['setKeepAliveAction', { leaseId: session, on: true, schedule: 'third' }],
      ] as const)
        expect((await callAction(overFetch, b.url, actionId(action), [args])).result).toMatchObject(
          refused,
        );
      const attach = await callFormAction(overFetch, b.url, actionId('attachKeyAction'), {
        leaseId: session,
        key: '/services/web/adopted',
        value: 'v',
      });
      expect(attach.result).toMatchObject({ result: refused });
    }
    expect(await client.get('/services/web/adopted').string()).toBeNull();
    expect(await client.getAll().prefix('/lease-dashboard/keep-alive/').keys()).toEqual([]);
    expect(await sessions(a)).toEqual(own);
    expect((await b.replica()).leader).toBe(a.url);
    expect(outside.heard).toEqual([]);
  });
});

it("in prefix mode the dashboard's own keys are outside the user's prefix, and a replica relays nothing to etcd", async ({
  task,
}) => {
  await inWorkspace(logsOf(task.name), async (ws) => {
    const { client, a: c, b: d } = await ws.replicas({ DASHBOARD_KEY_PREFIX: '/demo/' });
    const outside = await listener(ws);
    const own = await sessions(c);
    expect(own.size).toBe(2);
    // What named the leader before: a key under the user's prefix, and the sessions revoked.
    const decoy = await callFormAction(overFetch, d.url, actionId('grantLeaseAction'), {
      ttl: '30',
      key: '/demo/election/leader/zz',
      value: outside.url,
    });
    expect(decoy.result, decoy.text).toMatchObject({ result: { ok: true } });
    for (const session of own.values()) {
      const revoked = await callAction(overFetch, d.url, actionId('revokeLeaseAction'), [
        { leaseId: session },
      ]);
      expect(revoked.result).toMatchObject({ ok: false, code: 'outside_prefix' });
    }
    expect(await sessions(c)).toEqual(own);
    expect((await d.replica()).leader).toBe(c.url);
    // Anyone, signed in or not, asking a replica for etcd's own API gets the dashboard's 404.
    for (const r of [c, d]) {
      const relay = await fetch(`${r.url}/v3/kv/put`, {
        method: 'POST',
        body: JSON.stringify({ key: btoa('/outside-prefix'), value: btoa('x') }),
      });
      expect(relay.status, r.name).toBe(404);
    }
    expect(await client.get('/outside-prefix').string()).toBeNull();
    expect(outside.heard).toEqual([]);
    const id = (decoy.result as { result: { data: { id: string } } }).result.data.id;
    await revoke(client, id);
  });
});

it('entries in the election that no replica signed are passed over, and nothing is sent to them', async ({
  task,
}) => {
  await inWorkspace(logsOf(task.name), async (ws) => {
    const { client, a, b } = await ws.replicas();
    const attacker = await listener(ws);
    // Written with etcd's own write access, then a rolling restart puts each real replica's key
    // after them: a URL, a URL signed with the wrong secret, a value that is no URL, a bad name.
    await client.put(`${ELECTION}1`).value(attacker.url);
    await client.put(`${ELECTION}2`).value(JSON.stringify({ url: attacker.url, sig: 'forged' }));
    await client.put(`${ELECTION}3`).value('not a url');
    await client.put(`${ELECTION}not-a-number`).value(attacker.url);
    // On leases of their own, named as a session's key is: one unsigned, four too large to read
    // in one answer (they made every read of the folder fail).
    const onLease = async (value: string) => {
      const lease = client.lease(120, { autoKeepAlive: false });
      const id = await lease.grant();
      await lease.put(`${ELECTION}${id}`).value(value);
      ws.later(() => lease.revoke().catch(() => undefined));
    };
    await onLease(JSON.stringify({ url: attacker.url, sig: 'forged' }));
    for (let i = 0; i < 4; i++) await onLease('x'.repeat(1_400_000));
    // A replica's own signed entry, copied off its session as `etcdctl put` with its value would.
    const copied = `${ELECTION}${BigInt(`0x${(await sessions(a)).get(a.url) ?? '0'}`)}`;
    await client.put(copied).value((await client.get(copied).string()) ?? '');
    for (const r of [a, b]) {
      await r.kill('SIGTERM');
      await r.launch();
    }
    const roles = async () => [await a.role(), await b.role()].sort().join(',');
    await expect.poll(roles, { timeout: 15_000 }).toBe('follower,leader');
    const [leader, follower] = (await a.role()) === 'leader' ? [a, b] : [b, a];
    expect((await follower.replica()).leader).toBe(leader.url);

    // A request with a cookie, through the follower, reaches the real leader, and only it.
    const withCookie = await fetch(`${follower.url}/api/leases`, {
      headers: { cookie: 'lease-dashboard-session=secret-cookie' },
    });
    expect(withCookie.status).toBe(200);
    expect(withCookie.headers.get(ANSWERED_BY)).toBe(leader.url);
    const { replicas } = await health(follower);
    expect(replicas?.leader).toBe(leader.url);
    expect(replicas?.replicas.map((r) => r.url).sort()).toEqual([a.url, b.url].sort());
    expect(attacker.heard).toEqual([]);
  });
});

it('a forged passed-by header makes a follower neither answer from its own parts nor build them', async ({
  task,
}) => {
  await inWorkspace(logsOf(task.name), async (ws) => {
    const { client, a, b } = await ws.replicas();
    const id = await grant(client, 10, '/services/web/forged');
    await expect.poll(() => keepAliveOn(b, id)).toBe(false);
    await b.setKeepAlive(overFetch, id, true);

    const forgeries: Record<string, string>[] = [
      { [PASSED_BY]: a.url },
      { [PASSED_BY]: a.url, 'x-lease-dashboard-pass-signature': `${Date.now()}.forged` },
    ];
    for (const forged of forgeries) {
      // Neither answered from the follower's own parts nor passed on: refused as not leading.
      const res = await fetch(`${b.url}/api/leases/${id}`, { headers: forged });
      expect(res.status).toBe(503);
      expect(res.headers.get('x-lease-dashboard-not-leading')).toBe('1');
      expect(errorBodySchema.parse(await res.json())).toMatchObject({
        code: 'not_leader',
        message: { key: 'errors.noLeaderReachable' },
      });
    }
    // Without the header, the same request is the leader's answer: the lease is kept alive.
    const res = await fetch(`${b.url}/api/leases/${id}`);
    expect(res.headers.get(ANSWERED_BY)).toBe(a.url);
    const body = (await res.json()) as { lease: { keepAlive: { on: boolean } | null } };
    expect(body.lease.keepAlive?.on).toBe(true);
    expect(await leading(b), 'the follower runs no sampler').toBe('0');
    expect(await leading(a)).toBe('1');
    await b.setKeepAlive(overFetch, id, false);
    await revoke(client, id);
  });
});

it('an ex-leader whose session was revoked follows the new leader within a few seconds', async ({
  task,
}) => {
  await inWorkspace(logsOf(task.name), async (ws) => {
    const { client, a, b } = await ws.replicas();
    const session = (await sessions(a)).get(a.url);
    expect(session).toBeDefined();
    await revoke(client, session ?? '');
    await b.waitForRole('leader', 5000);
    expect((await a.waitForRole('follower', 5000)).leader).toBe(b.url);
    const started = Date.now();
    const res = await fetch(`${a.url}/api/leases`);
    expect(res.status).toBe(200);
    expect(res.headers.get(ANSWERED_BY)).toBe(b.url);
    expect(Date.now() - started, 'answered without waiting for a leader').toBeLessThan(4000);
  });
});

it('a request through a follower to a frozen leader is answered by the next leader within 8 s', async ({
  task,
  annotate,
}) => {
  await inWorkspace(logsOf(task.name), async (ws) => {
    const { a, b } = await ws.replicas();
    a.signal('SIGSTOP');
    ws.later(() => a.signal('SIGCONT'));
    const started = Date.now();
    const res = await fetch(`${b.url}/api/leases`, { signal: AbortSignal.timeout(30_000) });
    const took = Date.now() - started;
    await annotate(`answered in ${took} ms`, 'frozen leader');
    expect(res.status).toBe(200);
    expect(took).toBeLessThan(8000);
    expect((await b.replica()).role).toBe('leader');
  });
});
