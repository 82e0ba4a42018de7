import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeLeaseAction, setKeepAliveAction } from '@/app/actions';
import { getChanges, getEventLog, getKeepAlive, getSampler } from '@/lib/server';
import type { LeaseEvent } from '@/lib/shared/contract';
import {
  etcdctl,
  grantWithEtcdctl,
  independentClient,
  leaseIdsInEtcd,
  remainingInEtcd,
  waitFor,
} from './helpers';

// Automatic keep-alive (clientv3's KeepAlive) run by the dashboard's server, on leases made by
// etcdctl as another program would make them. What etcd holds is checked with etcdctl.

const etcd = independentClient();
const made: string[] = [];

// The dashboard starts before the first lease is granted: its start-up (the first reading, which
// leases it granted before) can take longer than a 3 s lease lives on a busy machine.
beforeAll(async () => {
  await getSampler().ready();
  await getChanges().loadGranted();
});

afterAll(async () => {
  getKeepAlive().close();
  getSampler().stop();
  await Promise.all(made.map((id) => etcdctl('lease', 'revoke', id).catch(() => undefined)));
  etcd.close();
});

async function lease(ttl: number): Promise<string> {
  const id = await grantWithEtcdctl(ttl);
  made.push(id);
  return id;
}

const eventsFor = (id: string, kind?: LeaseEvent['kind']) =>
  getEventLog()
    .since(0)
    .filter((e) => e.lease === id && (!kind || e.kind === kind));

describe('keep-alive', () => {
  it('keeps a 3 s lease alive through nine renewals, and once off it expires within TTL + 1 s', async () => {
    const id = await lease(3);
    const on = await setKeepAliveAction({ leaseId: id, on: true });
    expect(on).toMatchObject({ ok: true, data: { keepAlive: { on: true, schedule: 'third' } } });

    // etcd is asked at every poll until nine renewals went out, well past the lease's TTL; a poll
    // that finds the lease gone ends the wait and fails below. The schedule is a unit test's.
    const left = await waitFor(
      async () => {
        const remaining = await remainingInEtcd(id);
        const renewals = getKeepAlive().view(id)?.renewals ?? 0;
        return remaining <= 0 || renewals >= 9 ? { remaining } : false;
      },
      15_000,
      'nine renewals',
    );
    expect(left.remaining, 'the lease must stay alive while kept alive').toBeGreaterThan(0);
    expect(getKeepAlive().view(id)?.renewals).toBeGreaterThanOrEqual(9);

    const offAt = Date.now();
    const off = await setKeepAliveAction({ leaseId: id, on: false });
    expect(off).toMatchObject({ ok: true, data: { keepAlive: { on: false } } });
    // When etcd first answers that the lease is gone (the answer's arrival: it went no later). The
    // wait is longer than the bound, so a lease that outlives TTL + 1 s fails the bound below, with
    // how long it took, rather than the wait.
    const goneAt = await waitFor(
      async () => ((await remainingInEtcd(id)) === -1 ? Date.now() : false),
      10_000,
      'etcd to expire the lease',
    );
    expect(
      goneAt - offAt,
      'ms from switching off until etcd no longer has the 3 s lease',
    ).toBeLessThanOrEqual(4000);
    await waitFor(() => eventsFor(id, 'lease-expired').length === 1, 2000, 'the expiry event');
  });

  it('renews on the chosen schedule: every TTL/3 renews more often than at 3/4', async () => {
    const often = await lease(3);
    const late = await lease(3);
    await setKeepAliveAction({ leaseId: often, on: true, schedule: 'third' });
    await setKeepAliveAction({ leaseId: late, on: true, schedule: 'three-quarters' });
    // 3/4 of 3 s is 2.25 s: the fourth renewal (the first is at switch-on) comes ~6.75 s in.
    await waitFor(
      () => (getKeepAlive().view(late)?.renewals ?? 0) >= 4,
      9000,
      'four renewals at 3/4',
    );
    // Every TTL/3 (1 s) over the same ~6.75 s: 7 or 8 renewals.
    const count = getKeepAlive().view(often)?.renewals ?? 0;
    expect(count).toBeGreaterThanOrEqual(6);
    expect(count).toBeLessThanOrEqual(9);
    expect(eventsFor(late, 'lease-kept-alive').length).toBe(3);
    expect(await remainingInEtcd(often)).toBeGreaterThan(0);
    expect(await remainingInEtcd(late)).toBeGreaterThan(0);
    await setKeepAliveAction({ leaseId: often, on: false });
    await setKeepAliveAction({ leaseId: late, on: false });
  });

  it('switches off with a reason when another client revokes the lease', async () => {
    const id = await lease(5);
    await setKeepAliveAction({ leaseId: id, on: true, schedule: 'half' });
    await etcdctl('lease', 'revoke', id);
    const stopped = await waitFor(
      () => (getKeepAlive().view(id)?.on === false ? getKeepAlive().view(id) : null),
      5000,
      'keep-alive to notice the revoke',
    );
    expect(stopped).toMatchObject({
      stopReason: {
        text: expect.stringMatching(/revoked by another client|no longer has it/),
        message: { key: expect.stringMatching(/^keepAlive\.reasons\.(revokedElsewhere|lost)$/) },
      },
    });
    expect(eventsFor(id, 'keep-alive-stopped')).toHaveLength(1);
  });

  it('stops when the dashboard revokes the lease', async () => {
    const id = await lease(30);
    await setKeepAliveAction({ leaseId: id, on: true });
    expect(await revokeLeaseAction({ leaseId: id })).toMatchObject({ ok: true });
    expect(getKeepAlive().view(id)).toMatchObject({
      on: false,
      stopReason: {
        text: 'the lease was revoked from the dashboard',
        message: { key: 'keepAlive.reasons.revokedHere' },
      },
    });
  });

  it('refuses an unknown or expired lease with a clear error and switches nothing on', async () => {
    const before = await leaseIdsInEtcd(etcd);
    const unknown = '0fedcba987654321';
    expect(await setKeepAliveAction({ leaseId: unknown, on: true })).toMatchObject({
      ok: false,
      code: 'lease_not_found',
      text: expect.stringContaining(`lease ${unknown} not found`),
    });
    expect(getKeepAlive().view(unknown)).toBeNull();

    const expired = await lease(2);
    await waitFor(() => getSampler().lease(expired)?.status === 'expired', 5000, 'the expiry');
    expect(await setKeepAliveAction({ leaseId: expired, on: true })).toMatchObject({
      ok: false,
      code: 'lease_expired',
      text: `lease ${expired} has expired`,
    });
    expect(getKeepAlive().view(expired)).toBeNull();
    expect(await setKeepAliveAction({ leaseId: unknown, on: false })).toMatchObject({
      ok: false,
      text: `keep-alive is not on for lease ${unknown}`,
      message: { key: 'errors.keepAliveNotOn', values: { id: unknown } },
    });
    const after = await leaseIdsInEtcd(etcd);
    expect([...after].filter((id) => !before.has(id))).toEqual([]);
  });
});
