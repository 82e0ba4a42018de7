import { expect, it } from 'vitest';
import type { Etcd3 } from 'etcd3';
import { actionId, callAction, callFormAction } from '../../e2e/actions';
import { inWorkspace, remaining, revoke, type Dashboard } from '../../e2e/replica-helpers';
import { overFetch } from '../system/http';
import { logsOf } from './logs';

// Under DASHBOARD_KEY_PREFIX a keyless lease may be renewed and revoked only by the dashboard that
// granted it. The record of that is kept in etcd, so the replica that leads after a SIGKILL, or
// the same process started again, still may; a keyless lease another client granted stays refused.

const TTL = 30;
const PREFIX = '/demo/';
const GRANTED = '/lease-dashboard/granted/';

/** The leases etcd lists (`etcdctl lease list`), as hex IDs. */
async function listed(client: Etcd3): Promise<string[]> {
  const { leases } = await client.leaseClient.leaseLeases();
  return leases.map((l) => BigInt(l.ID).toString(16).padStart(16, '0'));
}

/** A keyless lease granted through the dashboard's grant form. */
async function grantThrough(dashboard: Dashboard): Promise<string> {
  const answer = await callFormAction(overFetch, dashboard.url, actionId('grantLeaseAction'), {
    ttl: String(TTL),
  });
  const form = answer.result as { result: { ok: boolean; data?: { id: string } } } | null;
  expect(form?.result, answer.text).toMatchObject({ ok: true });
  return form?.result.data?.id ?? '';
}

/** A keyless lease another client granted. */
async function grantElsewhere(client: Etcd3): Promise<string> {
  const id = await client.lease(TTL, { autoKeepAlive: false }).grant();
  return BigInt(id).toString(16).padStart(16, '0');
}

const act = (dashboard: Dashboard, action: string, id: string) =>
  callAction(overFetch, dashboard.url, actionId(action), [{ leaseId: id }]);

/**
 * Through `dashboard`, which never saw these leases granted: the dashboard's own is renewed (etcd's
 * remaining TTL goes back up) and revoked (etcd no longer lists it, and its record goes); the
 * stranger's is refused both and lives on.
 */
async function renewAndRevoke(dashboard: Dashboard, client: Etcd3, id: string, stranger: string) {
  // Some time gone first, so that a renewal shows in etcd as a rise.
  await expect.poll(() => remaining(client, id)).toBeLessThan(TTL - 1);
  const before = await remaining(client, id);
  const renewed = await act(dashboard, 'renewLeaseAction', id);
  expect(renewed.result, renewed.text).toMatchObject({ ok: true });
  expect(await remaining(client, id)).toBeGreaterThan(before);

  for (const action of ['renewLeaseAction', 'revokeLeaseAction']) {
    const refused = await act(dashboard, action, stranger);
    expect(refused.result, `${action} of another client's lease`).toMatchObject({
      ok: false,
      code: 'outside_prefix',
    });
  }
  expect(await remaining(client, stranger)).toBeGreaterThan(0);

  const revoked = await act(dashboard, 'revokeLeaseAction', id);
  expect(revoked.result, revoked.text).toMatchObject({ ok: true });
  expect(await remaining(client, id)).toBe(-1);
  expect(await listed(client)).not.toContain(id);
  expect(await listed(client)).toContain(stranger);
  await expect.poll(async () => await client.get(`${GRANTED}${id}`).exists()).toBe(false);
}

it('under DASHBOARD_KEY_PREFIX a keyless lease granted before a failover can still be renewed and revoked after it', async ({
  task,
}) => {
  await inWorkspace(logsOf(task.name), async (ws) => {
    const { client, a, b } = await ws.replicas({ DASHBOARD_KEY_PREFIX: PREFIX });
    const id = await grantThrough(a);
    const stranger = await grantElsewhere(client);
    ws.later(() => Promise.all([revoke(client, id), revoke(client, stranger)]));
    expect(await client.get(`${GRANTED}${id}`).exists()).toBe(true);

    await a.kill('SIGKILL');
    await b.waitForRole('leader', 15_000);
    await renewAndRevoke(b, client, id, stranger);
  });
});

it('under DASHBOARD_KEY_PREFIX a keyless lease granted before a restart can still be renewed and revoked after it', async ({
  task,
}) => {
  await inWorkspace(logsOf(task.name), async (ws) => {
    const { etcd, client } = await ws.etcd();
    const env = { ETCD_ENDPOINTS: etcd.endpoint, DASHBOARD_KEY_PREFIX: PREFIX };
    const alone = await ws.dashboard('alone', env, { alone: true });
    const id = await grantThrough(alone);
    const stranger = await grantElsewhere(client);
    ws.later(() => Promise.all([revoke(client, id), revoke(client, stranger)]));

    await alone.kill('SIGKILL');
    await alone.launch();
    await renewAndRevoke(alone, client, id, stranger);
  });
});
