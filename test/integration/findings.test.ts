import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Etcd3, Lease } from 'etcd3';
import type { FindingKind } from '@/lib/shared/contract-findings';
import { render } from '@/lib/shared/i18n';
import { english } from '@/lib/shared/english';
import {
  independentClient,
  startEtcdctl,
  testPrefix,
  waitFor,
  type RunningEtcdctl,
} from './helpers';

// Each finding on a real etcd: another client makes the situation (keyless leases, a renew loop, a
// lock with a waiter, a heavy lease, ...), the finding appears with the right leases, then the
// cause is removed and it clears. The thresholds are lowered through their variables, read once by
// the configuration like in production; growth gets a short window of its own.

process.env.DASHBOARD_LEAK_AGE = '2';
process.env.DASHBOARD_FINDING_FOREVER_RENEWED_TTLS = '2';
process.env.DASHBOARD_FINDING_EXPIRY_STORM_LEASES = '5';
process.env.DASHBOARD_FINDING_HEAVY_KEYS = '5';
process.env.DASHBOARD_FINDING_STUCK_LOCK_SECONDS = '2';
process.env.DASHBOARD_FINDING_GROWTH_PER_MINUTE = '30';

const prefix = testPrefix();
const hex = (dec: string) => BigInt(dec).toString(16).padStart(16, '0');
let etcd: Etcd3;
let lib: Awaited<ReturnType<typeof load>>;
const granted: string[] = [];
const running: RunningEtcdctl[] = [];
const leases: Lease[] = [];

async function load() {
  const { resetConfig } = await import('@/lib/dashboard/registry');
  resetConfig();
  const server = await import('@/lib/server');
  const actions = await import('@/app/actions');
  const { FindingsEngine } = await import('@/lib/findings/findings-engine');
  const { STALE_MS } = await import('@/lib/sampler/contention');
  return { ...server, ...actions, FindingsEngine, STALE_MS };
}

/** The leases the running dashboard's finding names now. */
const named = (kind: FindingKind) => lib.getMonitor().findings.leasesOf(kind);
const finding = (kind: FindingKind) =>
  lib
    .getMonitor()
    .findings.response()
    .findings.find((f) => f.kind === kind);
/** Keeps the sampler reading these leases every round, as when they are on screen. */
const onScreen = (ids: string[]) => {
  const look = () => lib.getSampler().viewed('findings-test', ids);
  look();
  const timer = setInterval(look, 300);
  return () => clearInterval(timer);
};

async function grant(ttl: number, keys = 0): Promise<string> {
  const { ID } = await etcd.leaseClient.leaseGrant({ TTL: ttl });
  const id = hex(ID);
  granted.push(ID);
  for (let i = 0; i < keys; i++) await etcd.put(`${prefix}${id}/${i}`).value('v').lease(ID).exec();
  return id;
}
const revoke = (id: string) =>
  etcd.leaseClient.leaseRevoke({ ID: BigInt('0x' + id).toString() }).catch(() => undefined);

beforeAll(async () => {
  etcd = independentClient();
  lib = await load();
  expect(lib.getMonitor().findings.thresholds).toMatchObject({ leakAgeSeconds: 2, heavyKeys: 5 });
  await lib.getSampler().ready(5000);
});

afterAll(async () => {
  await Promise.all(running.map((r) => r.stop('SIGINT')));
  await Promise.all(leases.map((l) => l.revoke().catch(() => undefined)));
  await Promise.all(
    granted.map((ID) => etcd.leaseClient.leaseRevoke({ ID }).catch(() => undefined)),
  );
  await etcd.delete().prefix(prefix).exec();
  lib.dropMonitor();
  etcd.close();
});

describe('findings on a real etcd', () => {
  it('leaked: keyless leases older than DASHBOARD_LEAK_AGE, until revoked', async () => {
    const mine = await Promise.all([grant(600), grant(600), grant(600)]);
    await waitFor(() => mine.every((id) => named('leaked').includes(id)), 8000, 'leaked');
    const found = finding('leaked');
    expect(found?.count).toBeGreaterThanOrEqual(3);
    expect(found?.actionable).toBe(true);
    const example = found?.examples.find((e) => mine.includes(e.lease));
    expect(render(english, example?.detail)).toMatch(/^no keys, seen for at least \d+ s/);
    await Promise.all(mine.map(revoke));
    await waitFor(() => !mine.some((id) => named('leaked').includes(id)), 5000, 'leaked cleared');
  });

  it('forever-renewed: a keyless lease renewed by another client, until revoked', async () => {
    const lease = etcd.lease(2);
    leases.push(lease);
    const id = hex(await lease.grant());
    const stop = onScreen([id]);
    try {
      await waitFor(() => named('forever-renewed').includes(id), 15_000, 'forever-renewed');
      expect(render(english, finding('forever-renewed')?.summary)).toContain(
        'renewed by another client',
      );
      await lease.revoke();
      await waitFor(() => !named('forever-renewed').includes(id), 5000, 'forever-renewed cleared');
    } finally {
      stop();
    }
  });

  it('renew-storm: a lease renewed every 250 ms, until the renewals stop', async () => {
    const lease = etcd.lease(10, { autoKeepAlive: false });
    leases.push(lease);
    const id = hex(await lease.grant());
    const stop = onScreen([id]);
    const renewing = setInterval(() => void lease.keepaliveOnce().catch(() => undefined), 250);
    try {
      await waitFor(() => named('renew-storm').includes(id), 15_000, 'renew-storm');
      expect(finding('renew-storm')?.actionable).toBe(false);
      clearInterval(renewing);
      await waitFor(() => !named('renew-storm').includes(id), 6000, 'renew-storm cleared');
    } finally {
      clearInterval(renewing);
      stop();
      await lease.revoke().catch(() => undefined);
    }
  });

  it('heavy: a lease with more keys than the threshold, revoked through the finding', async () => {
    const id = await grant(600, 6);
    const light = await grant(600, 5);
    await waitFor(() => named('heavy').includes(id), 8000, 'heavy');
    expect(named('heavy')).not.toContain(light);
    const preview = await lib.previewFindingRevokeAction({ kind: 'heavy' });
    if (!preview.ok) throw new Error(preview.text);
    expect(preview.data.leases).toContainEqual({ id, keys: 6 });
    const done = await lib.revokeFindingAction({
      kind: 'heavy',
      token: preview.data.token,
      ...(preview.data.countRequired ? { count: preview.data.leases.length } : {}),
    });
    if (!done.ok) throw new Error(done.text);
    expect(done.data.revoked).toContain(id);
    expect((await etcd.getAll().prefix(`${prefix}${id}/`).keys()).length).toBe(0);
    await waitFor(() => !named('heavy').includes(id), 5000, 'heavy cleared');
    expect(await lib.previewFindingRevokeAction({ kind: 'renew-storm' })).toMatchObject({
      ok: false,
      fieldErrors: {
        kind: { code: 'invalid_input', text: expect.any(String), message: expect.anything() },
      },
    });
  });

  it('expiry-storm: many leases due in the same second, until revoked', async () => {
    const mine = await Promise.all(Array.from({ length: 20 }, () => grant(587)));
    await waitFor(
      () => named('expiry-storm').filter((id) => mine.includes(id)).length >= 6,
      8000,
      'expiry-storm',
    );
    expect(finding('expiry-storm')?.count).toBeGreaterThanOrEqual(6);
    await Promise.all(mine.map(revoke));
    await waitFor(
      () => !named('expiry-storm').some((id) => mine.includes(id)),
      5000,
      'expiry-storm cleared',
    );
  });

  it('stuck-lock: a lock held past the threshold with a waiter, until the holder lets go', async () => {
    const name = `${prefix}jobs/migrate`;
    const holder = startEtcdctl('lock', name);
    running.push(holder);
    await waitFor(() => holder.lines.length > 0, 5000, 'the lock held');
    const waiter = startEtcdctl('lock', name);
    running.push(waiter);
    const found = await waitFor(
      () => finding('stuck-lock')?.examples.find((e) => render(english, e.detail).includes(name)),
      10_000,
      'stuck-lock',
    );
    expect(render(english, found.detail)).toMatch(/for at least \d+ s, 1 waiter$/);
    expect(finding('stuck-lock')?.confirm).toContain('--sort-by=CREATE');
    await holder.stop('SIGINT');
    await waitFor(() => waiter.lines.length > 0, 5000, 'the waiter holding');
    await waitFor(
      () => !finding('stuck-lock')?.examples.some((e) => render(english, e.detail).includes(name)),
      5000,
      'stuck-lock cleared',
    );
    await waiter.stop('SIGINT');
  });

  it('holder-expiring: a lock holder killed without revoking its lease, until it expires', async () => {
    const name = `${prefix}jobs/kill`;
    const holder = startEtcdctl('lock', '--ttl', '5', name);
    running.push(holder);
    await waitFor(() => holder.lines.length > 0, 5000, 'the lock held');
    const key = holder.lines[0] ?? '';
    const id = key.slice(key.lastIndexOf('/') + 1).padStart(16, '0');
    await waitFor(() => lib.getSampler().lease(id)?.status === 'alive', 5000, 'the lease read');
    expect(named('holder-expiring')).not.toContain(id);
    await holder.stop('SIGKILL');
    await waitFor(() => named('holder-expiring').includes(id), 8000, 'holder-expiring');
    await waitFor(() => !named('holder-expiring').includes(id), 8000, 'holder-expiring cleared');
  });

  it('leaderless-election: a candidate behind a key without a lease, until that key goes', async () => {
    const name = `${prefix}elect`;
    await etcd.put(`${name}/stray`).value('stray').exec();
    const bob = startEtcdctl('elect', name, 'bob');
    running.push(bob);
    await waitFor(() => named('leaderless-election').length > 0, 10_000, 'leaderless-election');
    const example = finding('leaderless-election')?.examples.find((e) =>
      render(english, e.detail).includes(name),
    );
    expect(render(english, example?.detail)).toContain('(it has no lease); 1 candidate waiting');
    await etcd.delete().key(`${name}/stray`).exec();
    await waitFor(() => bob.lines.length > 0, 5000, 'bob leading');
    // A key without a lease is not in the key index, so its delete does not mark the group for a
    // read: the contention reader sees it at the group's next periodic read.
    await waitFor(
      () => !finding('leaderless-election')?.examples.some((e) => e.lease === example?.lease),
      lib.STALE_MS + 5000,
      'leaderless-election cleared',
    );
    await bob.stop('SIGINT');
  }, 60_000);

  it('growth: leases granted steadily over the window, until they are revoked', async () => {
    const { FindingsEngine } = lib;
    const { sampler, contention, events, findings } = lib.getMonitor();
    const engine = new FindingsEngine(
      {
        leases: () => sampler.eachWithJumps(),
        lease: (id) => sampler.lease(id),
        groups: () => contention.readings(),
        events: () => events.since(0),
        keptAlive: () => false,
        readOnly: () => false,
      },
      findings.thresholds,
      { growthWindowMs: 12_000 },
    );
    engine.start();
    const mine: string[] = [];
    try {
      const started = Date.now();
      while (Date.now() - started < 16_000) {
        mine.push(await grant(600, 1));
        await new Promise((r) => setTimeout(r, 200));
      }
      const grew = await waitFor(
        () => engine.response().findings.find((f) => f.kind === 'growth'),
        5000,
        'growth',
      );
      expect(grew.count).toBeGreaterThan(20);
      expect(render(english, grew.summary)).toContain(`most under ${prefix}`);
      await Promise.all(mine.map(revoke));
      await waitFor(
        () => !engine.response().findings.some((f) => f.kind === 'growth'),
        15_000,
        'growth cleared',
      );
    } finally {
      engine.stop();
      await Promise.all(mine.map(revoke));
    }
  }, 60_000);
});
