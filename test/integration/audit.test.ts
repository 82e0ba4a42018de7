import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { renewLeaseAction, revokeLeaseAction } from '@/app/actions';
import { GET as getAudit } from '@/app/api/audit/route';
import type { DashboardConfig } from '@/lib/config/env';
import { getConfig, resetConfig } from '@/lib/dashboard/registry';
import { auditResponseSchema, type AuditRecord } from '@/lib/shared/contract-audit';
import { NO_AUDIT_FILTER } from '@/lib/shared/audit-query';
import { etcdctl, grantWithEtcdctl, independentClient, testPrefix } from './helpers';
import { auditTrail } from './parts';

// The audit trail against a real etcd: an action's entry under the dashboard's own prefix, the
// bounds held by what etcd holds, and a new set of parts (a restart, or a new leader) that reads
// the same trail and numbers after it, without ever overwriting an entry.

const etcd = independentClient();
const made: string[] = [];
const prefixes: string[] = [];

afterEach(() => {
  delete process.env.DASHBOARD_READ_ONLY;
  resetConfig();
  vi.restoreAllMocks();
});

afterAll(async () => {
  await Promise.all(made.map((id) => etcdctl('lease', 'revoke', id).catch(() => undefined)));
  await Promise.all(prefixes.map((p) => etcdctl('del', '--prefix', p)));
  etcd.close();
});

/** Every entry etcd holds under `dir`, oldest first, with its key and its size as etcd stores it. */
async function inEtcd(dir: string) {
  const kvs = await etcd.getAll().prefix(dir).exec();
  return kvs.kvs.map((kv) => ({
    key: kv.key.toString(),
    entry: JSON.parse(kv.value.toString()) as AuditRecord,
    bytes: kv.key.length + kv.value.length,
  }));
}

/** A configuration of the dashboard's own, its own prefix one no other test uses. */
function configWith(audit: DashboardConfig['audit']): DashboardConfig {
  const ownPrefix = testPrefix();
  prefixes.push(ownPrefix);
  return { ...getConfig(), ownPrefix, audit };
}

const record = (step: string, over: Partial<AuditRecord> = {}): AuditRecord => ({
  at: new Date().toISOString(),
  cluster: 'default',
  who: 'token',
  from: '10.0.0.7',
  action: 'scenario',
  scenario: 'tutorial',
  step,
  result: 'ok',
  ...over,
});

/** The trail as GET /api/audit answers it for the default dashboard. */
async function listed(search: string) {
  const res = await getAudit(new Request(`http://test/api/audit?${search}`));
  expect(res.status).toBe(200);
  return auditResponseSchema.parse(await res.json());
}

describe('the audit trail', () => {
  it("keeps each action's attempt in etcd under the dashboard's own prefix, as /api/audit lists it", async () => {
    const id = await grantWithEtcdctl(60);
    made.push(id);
    const key = `${testPrefix()}audited`;
    prefixes.push(key);
    await etcdctl('put', `--lease=${id}`, key, 'v');
    expect(await renewLeaseAction({ leaseId: id })).toMatchObject({ ok: true });
    expect(await revokeLeaseAction({ leaseId: id })).toMatchObject({ ok: true });
    expect(await renewLeaseAction({ leaseId: id })).toMatchObject({ ok: false });

    const dir = `${getConfig().ownPrefix}audit/`;
    const mine = (await inEtcd(dir)).filter((e) => e.entry.lease === id);
    expect(mine.map((e) => e.key)).toEqual(mine.map((e) => e.key).sort());
    // Outside a request nobody is signed in and there is no client address to name.
    expect(mine.map((e) => e.entry)).toEqual([
      expect.objectContaining({ action: 'renew', who: 'anyone', from: 'local', result: 'ok' }),
      expect.objectContaining({ action: 'revoke', keys: 1, result: 'ok' }),
      expect.objectContaining({ action: 'renew', result: 'lease_revoked' }),
    ]);
    const page = await listed(`lease=${id}`);
    expect(page).toMatchObject({ kept: 'etcd', prefix: dir, total: 3 });
    expect(page.entries.map((e) => [e.action, e.result])).toEqual([
      ['renew', 'lease_revoked'],
      ['revoke', 'ok'],
      ['renew', 'ok'],
    ]);
    expect((await listed(`lease=${id}&result=failed`)).total).toBe(1);
  });

  it('writes nothing to etcd in read-only mode, and says the trail is this process’s own', async () => {
    process.env.DASHBOARD_READ_ONLY = 'true';
    resetConfig();
    const dir = `${getConfig().ownPrefix}audit/`;
    const before = (await inEtcd(dir)).length;
    // A lease no other test names, so the trail holds one entry for it.
    const unknown = `7${randomBytes(8).toString('hex').slice(1)}`;
    const refused = await renewLeaseAction({ leaseId: unknown });
    expect(refused).toMatchObject({ ok: false, code: 'read_only' });
    expect((await inEtcd(dir)).length).toBe(before);
    const page = await listed(`lease=${unknown}`);
    expect(page).toMatchObject({ kept: 'memory', prefix: null, total: 1 });
    expect(page.entries[0]).toMatchObject({ action: 'renew', result: 'read_only' });
  });

  it('holds its entry bound: only the newest remain in etcd', async () => {
    const config = configWith({ maxEntries: 20, maxBytes: 1024 * 1024 });
    const trail = await auditTrail(config);
    for (let i = 1; i <= 50; i++) expect(await trail.append(record(`step-${i}`))).toBe('stored');
    const held = await inEtcd(`${config.ownPrefix}audit/`);
    expect(held.map((e) => e.entry.step)).toEqual(
      Array.from({ length: 20 }, (_, i) => `step-${31 + i}`),
    );
    expect(held[0]?.key).toBe(`${config.ownPrefix}audit/000000000031`);
  });

  it('holds its byte bound, counting keys and values as etcd stores them', async () => {
    const maxBytes = 16 * 1024;
    const config = configWith({ maxEntries: 1000, maxBytes });
    const trail = await auditTrail(config);
    const long = `/services/${'x'.repeat(180)}/`;
    for (let i = 1; i <= 120; i++) await trail.append(record(`step-${i}`, { prefix: long }));
    const held = await inEtcd(`${config.ownPrefix}audit/`);
    const bytes = held.reduce((n, e) => n + e.bytes, 0);
    expect(bytes).toBeLessThanOrEqual(maxBytes);
    // Full, less than one entry short of the bound, and the newest kept.
    expect(bytes).toBeGreaterThan(maxBytes - (held[0]?.bytes ?? 0));
    expect(held.at(-1)?.entry.step).toBe('step-120');
    expect(held.length).toBeLessThan(120);
    expect((await trail.page(NO_AUDIT_FILTER)).held).toEqual({ entries: held.length, bytes });
  });

  it('is read again by new parts (a restart), which number after it and never overwrite an entry', async () => {
    const config = configWith({ maxEntries: 100, maxBytes: 1024 * 1024 });
    const before = await auditTrail(config);
    for (let i = 1; i <= 5; i++) await before.append(record(`before-${i}`));

    const after = await auditTrail(config);
    const read = await after.page(NO_AUDIT_FILTER);
    expect(read.entries.map((e) => [e.seq, e.step])).toEqual(
      [5, 4, 3, 2, 1].map((n) => [n, `before-${n}`]),
    );
    expect(await after.append(record('after-1'))).toBe('stored');
    // The old parts still think number 6 is free (a replica that has just stopped leading): its
    // entry takes the next number instead of replacing the new one's.
    expect(await before.append(record('late'))).toBe('stored');
    const held = await inEtcd(`${config.ownPrefix}audit/`);
    expect(held.map((e) => [e.key.slice(-2), e.entry.step])).toEqual([
      ['01', 'before-1'],
      ['02', 'before-2'],
      ['03', 'before-3'],
      ['04', 'before-4'],
      ['05', 'before-5'],
      ['06', 'after-1'],
      ['07', 'late'],
    ]);
  });
});
