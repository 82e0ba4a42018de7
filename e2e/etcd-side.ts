import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Etcd3 } from 'etcd3';

// etcd as another client beside the dashboard sees it, with nothing of Playwright's: the Playwright
// specs (through ./helpers.ts and ./fixtures.ts) and the vitest system tests (test/system/) share it.

const run = promisify(execFile);

/** etcdctl against the run's etcd: what etcd really holds, not what the page says. */
export async function etcdctl(...args: string[]): Promise<string> {
  const { stdout } = await run(
    'etcdctl',
    ['--endpoints', process.env.ETCD_ENDPOINTS ?? '', ...args],
    {
      env: { ...process.env, ETCDCTL_API: '3' },
    },
  );
  return stdout.trim();
}

/** `etcdctl lease grant TTL` -> the ID it printed, as 16 hex digits. Track it (./fixtures.ts). */
export async function grantWithEtcdctl(ttl: number): Promise<string> {
  const out = await etcdctl('lease', 'grant', String(ttl));
  const id = /^lease ([0-9a-f]+) granted/.exec(out)?.[1];
  if (!id) throw new Error(`unexpected etcdctl output: ${out}`);
  return id.padStart(16, '0');
}

export async function leaseIdsInEtcd(): Promise<string[]> {
  const out = await etcdctl('lease', 'list');
  return [...out.matchAll(/^([0-9a-f]{16})$/gm)].map((m) => m[1] ?? '');
}

/** Remaining TTL as etcd answers it now. */
export async function remainingInEtcd(id: string): Promise<number> {
  const out = await etcdctl('lease', 'timetolive', id);
  const match = /remaining\((-?\d+)s\)/.exec(out);
  return match?.[1] ? Number(match[1]) : -1;
}

/** Revokes a test's leases; one already gone (expired, or revoked by the test itself) is fine. */
export async function revokeAll(ids: Iterable<string>): Promise<void> {
  const failures: string[] = [];
  for (const id of ids) {
    try {
      await etcdctl('lease', 'revoke', id);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (!/lease not found/.test(message)) failures.push(`${id}: ${message}`);
    }
  }
  if (failures.length)
    throw new Error(`could not revoke the test's leases:\n${failures.join('\n')}`);
}

/**
 * Puts `names` with `lease` as another client would, 100 keys to a transaction (etcd's limit is
 * 128 operations): how the attack tests load a lease with thousands of keys in seconds.
 */
export async function putWithLease(
  etcd: Etcd3,
  lease: string,
  prefix: string,
  names: string[],
  value = '',
): Promise<void> {
  const leaseId = BigInt(`0x${lease}`).toString();
  for (let n = 0; n < names.length; n += 100) {
    const puts = await Promise.all(
      names.slice(n, n + 100).map((name) => etcd.put(name).value(value).lease(leaseId).op()),
    );
    await etcd
      .if(prefix, 'Create', '>', -1)
      .then(...puts)
      .commit();
  }
}
