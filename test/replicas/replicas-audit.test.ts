import { expect, it } from 'vitest';
import { actionId, callAction } from '../../e2e/actions';
import { grant, inWorkspace, revoke, type Dashboard } from '../../e2e/replica-helpers';
import { overFetch } from '../system/http';
import { auditResponseSchema, type AuditEntry } from '../../lib/shared/contract-audit';
import { logsOf } from './logs';

// The audit trail is the leader's to write and etcd's to keep: entries made through either replica
// while one leads are listed by the other once it leads instead, and its own entries follow them.

/** The trail's entries naming `lease`, newest first, as `dashboard` answers (a follower asks the leader). */
async function entriesOf(dashboard: Dashboard, lease: string): Promise<AuditEntry[] | null> {
  const res = await fetch(`${dashboard.url}/api/audit?lease=${lease}`).catch(() => null);
  if (!res?.ok) return null;
  return auditResponseSchema.parse(await res.json()).entries;
}

const renew = (through: Dashboard, leaseId: string) =>
  callAction(overFetch, through.url, actionId('renewLeaseAction'), [{ leaseId }]);

it("the trail made while one replica leads is the next leader's, which numbers after it", async ({
  task,
}) => {
  await inWorkspace(logsOf(task.name), async (ws) => {
    const { client, a, b } = await ws.replicas();
    const id = await grant(client, 60, '/services/audit/instance-1');

    // Through the leader, and through the follower (which passes the request to the leader).
    expect((await renew(a, id)).result).toMatchObject({ ok: true });
    expect((await renew(b, id)).result).toMatchObject({ ok: true });
    await revoke(client, id);
    expect((await renew(b, id)).result).toMatchObject({ ok: false });
    const before = await entriesOf(b, id);
    expect(before?.map((e) => [e.action, e.result])).toEqual([
      ['renew', 'lease_revoked'],
      ['renew', 'ok'],
      ['renew', 'ok'],
    ]);

    await a.kill('SIGKILL');
    await b.waitForRole('leader');
    // b read the trail from etcd when it took the lead: the same entries, the same numbers.
    await expect.poll(() => entriesOf(b, id)).toEqual(before);
    expect((await renew(b, id)).result).toMatchObject({ ok: false });
    const after = (await entriesOf(b, id)) ?? [];
    expect(after.slice(1)).toEqual(before);
    const newest = after[0];
    // A new leader never saw the lease, so it cannot say it was revoked: gone, all the same.
    expect(newest).toMatchObject({ action: 'renew', result: expect.stringMatching(/^lease_/) });
    expect(newest?.seq).toBeGreaterThan(before?.[0]?.seq ?? Infinity);

    // etcd holds each entry once, under its number, oldest first.
    const kvs = (await client.getAll().prefix('/lease-dashboard/audit/').exec()).kvs;
    const mine = kvs
      .map((kv) => ({ key: kv.key.toString(), lease: JSON.parse(kv.value.toString()).lease }))
      .filter((e) => e.lease === id)
      .map((e) => Number(e.key.slice(-12)));
    expect(mine).toEqual(after.map((e) => e.seq).reverse());
  });
});
