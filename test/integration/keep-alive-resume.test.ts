import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { getConfig, resetConfig } from '@/lib/dashboard/registry';
import { intentKey, intentsPrefix } from '@/lib/keep-alive/intents';
import {
  etcdctl,
  grantWithEtcdctl,
  independentClient,
  remainingInEtcd,
  testPrefix,
} from './helpers';
import { samplerWithKeepAlive } from './parts';

// A restarted dashboard resumes the keep-alives noted in etcd. New parts stand for the new process:
// a sampler that has read nothing yet and a manager that knows nothing, as at start-up.

type Parts = Awaited<ReturnType<typeof samplerWithKeepAlive>>;

const LEASE_TTL_S = 6;
/** how long a resumed lease is watched: past its TTL, so a resume that never renews is caught */
const STAYS_ALIVE_MS = 10_000;

const etcd = independentClient();
const made: string[] = [];
const putHere: string[] = [];
let running: Parts[] = [];

async function parts(): Promise<Parts> {
  const built = await samplerWithKeepAlive();
  running.push(built);
  return built;
}

/** The old parts stop as a killed process would (the intents stay); new ones resume. */
async function restart(before: Parts): Promise<Parts> {
  before.keepAlive.close();
  before.sampler.stop();
  const after = await parts();
  await after.keepAlive.resume();
  return after;
}

/**
 * A lease of `ttl` s with one key, made by etcdctl, kept alive through `on`. Short enough that a
 * resume which never renews lets it expire within STAYS_ALIVE_MS; long enough that two etcdctl
 * runs and a new reader thread fit in it on a machine busy with the other suites.
 */
async function keptAliveLease(on: Parts, key: string, ttl = LEASE_TTL_S): Promise<string> {
  const id = await grantWithEtcdctl(ttl);
  made.push(id);
  await etcdctl('put', '--lease', id, key, 'registered');
  // As the switch does: a fresh reading first, then the first renewal.
  await on.sampler.refresh(id, { keys: true });
  await on.keepAlive.start(id, 'third');
  putHere.push(intentKey(getConfig().ownPrefix, id));
  expect(await etcd.get(intentKey(getConfig().ownPrefix, id)).string()).not.toBeNull();
  return id;
}

/** Fails if etcd ever says the lease has no time left within `ms` from `from`. */
async function staysAlive(id: string, from: number, ms: number): Promise<void> {
  while (Date.now() - from < ms) {
    expect(await remainingInEtcd(id), `lease ${id} must stay alive`).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 500));
  }
}

afterEach(() => {
  for (const p of running) {
    p.keepAlive.close();
    p.sampler.stop();
  }
  running = [];
  vi.restoreAllMocks();
});

afterAll(async () => {
  await Promise.all(made.map((id) => etcdctl('lease', 'revoke', id).catch(() => undefined)));
  await Promise.all(
    putHere.map((key) =>
      etcd
        .delete()
        .key(key)
        .exec()
        .catch(() => undefined),
    ),
  );
  delete process.env.DASHBOARD_KEY_PREFIX;
  resetConfig();
  etcd.close();
});

describe('resuming keep-alives after a restart', () => {
  it('resumes past intents too large to read, which another client put, and says so once', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const before = await parts();
    const id = await keptAliveLease(before, `${testPrefix()}service`);
    // Four values of 1.4 MB, each within etcd's 1.5 MiB request limit, together more than gRPC's
    // 4 MiB answer: one read of the whole prefix fails. Named like intents, around the real one.
    const prefix = intentsPrefix(getConfig().ownPrefix);
    const big = 'x'.repeat(1_400_000);
    const oversized = [
      '0000000000000001',
      '0000000000000002',
      'fffffffffffffffe',
      'ffffffffffffffff',
    ];
    for (const other of oversized) {
      putHere.push(`${prefix}${other}`);
      await etcd.put(`${prefix}${other}`).value(big);
    }

    const restartedAt = Date.now();
    const after = await restart(before);
    await staysAlive(id, restartedAt, STAYS_ALIVE_MS);
    expect(after.keepAlive.view(id)).toMatchObject({ on: true });
    expect(await etcd.get(intentKey(getConfig().ownPrefix, id)).string()).not.toBeNull();

    // Left alone in etcd, and named once however often the intents are read again.
    await after.keepAlive.resume();
    for (const other of oversized)
      expect(await etcd.get(`${prefix}${other}`).exists(), `${other} left alone`).toBe(true);
    const said = errors.mock.calls.map((args) => args.join(' '));
    for (const other of oversized)
      expect(said.filter((s) => s.includes(`${prefix}${other}`))).toHaveLength(1);
  });

  it('resumes past key names too long to list together under the intents prefix', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const before = await parts();
    const id = await keptAliveLease(before, `${testPrefix()}service`);
    // Keys-only pages hold names, and a name can be as large as a value.
    const prefix = intentsPrefix(getConfig().ownPrefix);
    for (const n of [1, 2, 3, 4]) {
      const key = `${prefix}${String(n).repeat(1_200_000)}`;
      putHere.push(key);
      await etcd.put(key).value('{}');
    }
    const restartedAt = Date.now();
    const after = await restart(before);
    await staysAlive(id, restartedAt, STAYS_ALIVE_MS);
    expect(after.keepAlive.view(id)).toMatchObject({ on: true });
  });

  it('in prefix mode, judges a resumed lease by a fresh reading of its keys', async () => {
    const demo = `${testPrefix()}demo/`;
    process.env.DASHBOARD_KEY_PREFIX = demo;
    resetConfig();
    const before = await parts();
    const id = await keptAliveLease(before, `${demo}kp`);

    const restartedAt = Date.now();
    const after = await restart(before);
    await staysAlive(id, restartedAt, STAYS_ALIVE_MS);
    expect(after.keepAlive.view(id)).toMatchObject({ on: true });
    // The resume read the lease, keys included, before it renewed.
    expect(after.sampler.lease(id)).toMatchObject({ status: 'alive', keys: [`${demo}kp`] });
    expect(await etcd.get(intentKey(getConfig().ownPrefix, id)).string()).not.toBeNull();
  });
});
