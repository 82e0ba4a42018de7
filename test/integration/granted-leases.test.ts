import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getConfig, resetConfig } from '@/lib/dashboard/registry';
import { grantedKey } from '@/lib/mutations/granted-records';
import { errorCodeOf } from '@/lib/shared/errors';
import {
  etcdctl,
  grantWithEtcdctl,
  independentClient,
  remainingInEtcd,
  testPrefix,
  waitFor,
} from './helpers';
import { samplerWithKeepAlive } from './parts';

// Under DASHBOARD_KEY_PREFIX the dashboard may renew and revoke a keyless lease only if it granted
// it. It keeps the record of that in etcd, so new parts (a restarted process, a new leader) that
// remember nothing still may, while a keyless lease another client granted stays out of reach.

type Parts = Awaited<ReturnType<typeof samplerWithKeepAlive>>;

const etcd = independentClient();
const made: string[] = [];
let running: Parts[] = [];

async function parts(): Promise<Parts> {
  const built = await samplerWithKeepAlive();
  running.push(built);
  return built;
}

/** The old parts stop as a killed process would: new ones start knowing nothing. */
async function restart(before: Parts): Promise<Parts> {
  before.keepAlive.close();
  before.sampler.stop();
  return parts();
}

/** A keyless lease granted through the one path for changes, as the grant form does. */
async function grantHere(on: Parts, ttl: number): Promise<string> {
  const { id } = await on.changes.grant({ client: 'granted-leases-test', as: null }, ttl);
  made.push(id);
  return id;
}

const recordOf = (id: string) => etcd.get(grantedKey(getConfig().ownPrefix, id)).string();

/** The code a change was refused with, or 'done' when it was not refused. */
const outcome = (change: Promise<unknown>) =>
  change.then(
    () => 'done',
    (err: unknown) => errorCodeOf(err),
  );

beforeEach(() => {
  process.env.DASHBOARD_KEY_PREFIX = `${testPrefix()}demo/`;
  resetConfig();
});

afterEach(() => {
  for (const p of running) {
    p.keepAlive.close();
    p.sampler.stop();
  }
  running = [];
  delete process.env.DASHBOARD_KEY_PREFIX;
  delete process.env.DASHBOARD_READ_ONLY;
  resetConfig();
});

afterAll(async () => {
  await Promise.all(made.map((id) => etcdctl('lease', 'revoke', id).catch(() => undefined)));
  await Promise.all(made.map((id) => etcd.delete().key(grantedKey(getConfig().ownPrefix, id))));
  etcd.close();
});

describe('the leases the dashboard granted, across a restart', () => {
  it('renews and revokes a keyless lease it granted, but not one another client granted', async () => {
    const before = await parts();
    const id = await grantHere(before, 60);
    const record = JSON.parse((await recordOf(id)) ?? 'null') as unknown;
    expect(record).toMatchObject({ grantedTTL: 60, key: null });
    const stranger = await grantWithEtcdctl(60);
    made.push(stranger);

    // Nothing loaded yet: the first change waits for the record rather than refusing.
    const after = await restart(before);
    expect(await outcome(after.changes.renewOnce(id))).toBe('done');
    expect(await outcome(after.changes.renewOnce(stranger))).toBe('outside_prefix');
    expect(await outcome(after.changes.revoke(stranger))).toBe('outside_prefix');
    expect(await remainingInEtcd(stranger)).toBeGreaterThan(0);

    expect(await outcome(after.changes.revoke(id))).toBe('done');
    expect(await remainingInEtcd(id)).toBe(-1);
    await waitFor(async () => (await recordOf(id)) === null, 5000, `lease ${id}'s record to go`);
  });

  it('removes the record once the lease expires', async () => {
    const here = await parts();
    await here.sampler.start();
    const id = await grantHere(here, 2);
    expect(await recordOf(id)).not.toBeNull();
    await waitFor(async () => (await recordOf(id)) === null, 15_000, `lease ${id}'s record to go`);
    expect(await remainingInEtcd(id)).toBe(-1);
  });

  it('prunes the records of leases that went while it was not running; read-only prunes nothing', async () => {
    const before = await parts();
    const gone = await grantHere(before, 60);
    const alive = await grantHere(before, 60);
    before.sampler.stop();
    await etcdctl('lease', 'revoke', gone);

    process.env.DASHBOARD_READ_ONLY = 'true';
    resetConfig();
    await (await parts()).changes.loadGranted();
    expect(await recordOf(gone)).not.toBeNull();

    delete process.env.DASHBOARD_READ_ONLY;
    resetConfig();
    const after = await parts();
    await after.changes.loadGranted();
    await waitFor(
      async () => (await recordOf(gone)) === null,
      5000,
      `lease ${gone}'s record to go`,
    );
    expect(await recordOf(alive)).not.toBeNull();
    expect(after.sampler.grantedByDashboard(alive)).toBe(true);
  });
});
