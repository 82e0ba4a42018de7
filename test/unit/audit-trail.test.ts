import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuditTrail, newAuditTotals, REFUSED_PER_CLIENT_PER_MINUTE } from '@/lib/audit/audit-trail';
import type { AuditStore, HeldEntry } from '@/lib/audit/audit-store';
import { auditKey, entryBytes, oldestToDrop, seqOfKey } from '@/lib/audit/ring';
import { auditLine, boundedRecord } from '@/lib/audit/line';
import type { AuditRecord } from '@/lib/shared/contract-audit';
import { NO_AUDIT_FILTER, auditPage, parseAuditQuery } from '@/lib/shared/audit-query';

// The audit trail's rules without etcd: the ring's bounds, the order of writes, a number another
// writer took, a failing etcd, read-only mode, the filters and pages, and the stdout line.

const DIR = '/lease-dashboard/audit/';

const record = (over: Partial<AuditRecord> = {}): AuditRecord => ({
  at: '2024-01-01T00:00:00.000Z',
  cluster: 'default',
  who: 'token',
  from: 'every client',
  action: 'renew',
  lease: '694d9a1b2c3d4e5f',
  result: 'ok',
  ...over,
});

/** etcd's side of the ring, in a Map: what a transaction would do, and nothing else. */
class MapStore implements AuditStore {
  readonly keys = new Map<number, string>();
  /** puts refused as if another writer had the number, from the next put on */
  taken = 0;
  failing: Error | null = null;
  async load() {
    if (this.failing) throw this.failing;
    const entries: HeldEntry[] = [...this.keys]
      .sort(([a], [b]) => a - b)
      .map(([seq, value]) => ({
        entry: { ...(JSON.parse(value) as AuditRecord), seq },
        bytes: entryBytes(auditKey(DIR, seq), value),
      }));
    return { entries, unreadable: 0 };
  }
  async put(seq: number, value: string, keepFrom: number | null) {
    if (this.failing) throw this.failing;
    if (this.taken > 0) {
      this.taken--;
      this.keys.set(seq, JSON.stringify(record({ who: 'another writer' })));
      return false;
    }
    if (this.keys.has(seq)) return false;
    this.keys.set(seq, value);
    if (keepFrom !== null) for (const k of this.keys.keys()) if (k < keepFrom) this.keys.delete(k);
    return true;
  }
  bytes() {
    return [...this.keys].reduce((n, [seq, v]) => n + entryBytes(auditKey(DIR, seq), v), 0);
  }
}

function trail(store: AuditStore | null, over: { readOnly?: boolean; leading?: boolean } = {}) {
  const totals = newAuditTotals();
  const t = new AuditTrail({
    store,
    dir: DIR,
    bounds: { maxEntries: 5, maxBytes: 100_000 },
    readOnly: () => over.readOnly ?? false,
    leading: () => over.leading ?? true,
    totals,
  });
  return { trail: t, totals };
}

afterEach(() => vi.restoreAllMocks());

describe('the ring', () => {
  it('names entries so that key order is age order', () => {
    expect(auditKey(DIR, 7)).toBe('/lease-dashboard/audit/000000000007');
    expect(auditKey(DIR, 10) > auditKey(DIR, 9)).toBe(true);
    expect(seqOfKey(DIR, auditKey(DIR, 42))).toBe(42);
    for (const key of [`${DIR}x`, `${DIR}000000000000`, `${DIR}00000000001`, '/other/000000000001'])
      expect(seqOfKey(DIR, key), key).toBeNull();
  });

  it('drops the oldest beyond either bound, never the new entry', () => {
    const bounds = { maxEntries: 3, maxBytes: 100 };
    expect(oldestToDrop([10, 10], 10, bounds)).toBe(0);
    expect(oldestToDrop([10, 10, 10], 10, bounds)).toBe(1);
    expect(oldestToDrop([10, 10, 10, 10, 10], 10, bounds)).toBe(3);
    expect(oldestToDrop([60, 30], 20, bounds)).toBe(1);
    expect(oldestToDrop([50, 50], 100, bounds)).toBe(2);
    expect(oldestToDrop([], 500, bounds)).toBe(0);
  });
});

describe('the audit trail', () => {
  it('numbers entries in the order they came, and keeps the newest within the bounds', async () => {
    const store = new MapStore();
    const { trail: t, totals } = trail(store);
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) => t.append(record({ step: `s${i}` }))),
    );
    expect(outcomes).toEqual(Array(8).fill('stored'));
    expect([...store.keys.keys()]).toEqual([4, 5, 6, 7, 8]);
    const page = await t.page(NO_AUDIT_FILTER);
    expect(page.entries.map((e) => [e.seq, e.step])).toEqual([
      [8, 's7'],
      [7, 's6'],
      [6, 's5'],
      [5, 's4'],
      [4, 's3'],
    ]);
    expect(page.held).toEqual({ entries: 5, bytes: store.bytes() });
    expect(totals).toMatchObject({ stored: 8, failed: 0 });
  });

  it('holds the byte bound as etcd counts bytes: key and value', async () => {
    const store = new MapStore();
    const totals = newAuditTotals();
    const t = new AuditTrail({
      store,
      dir: DIR,
      bounds: { maxEntries: 1000, maxBytes: 2000 },
      readOnly: () => false,
      leading: () => true,
      totals,
    });
    for (let i = 0; i < 40; i++) await t.append(record({ prefix: `/p/${'x'.repeat(150)}` }));
    expect(store.bytes()).toBeLessThanOrEqual(2000);
    expect(store.bytes()).toBeGreaterThan(2000 - 400);
    expect((await t.page(NO_AUDIT_FILTER)).held.bytes).toBe(store.bytes());
    expect(Math.max(...store.keys.keys())).toBe(40);
  });

  it('goes on after the entries etcd holds, and never overwrites one another writer took', async () => {
    const store = new MapStore();
    const first = trail(store).trail;
    await first.append(record());
    await first.append(record());
    // A new process (a restart, a new leader) reads the trail first and numbers after it.
    const second = trail(store).trail;
    second.start();
    store.taken = 2;
    expect(await second.append(record({ who: 'alice' }))).toBe('stored');
    expect([...store.keys.keys()]).toEqual([1, 2, 3, 4, 5]);
    expect(JSON.parse(store.keys.get(5) ?? '')).toMatchObject({ who: 'alice' });
    expect(JSON.parse(store.keys.get(3) ?? '')).toMatchObject({ who: 'another writer' });
    const seqs = (await second.page(NO_AUDIT_FILTER)).entries.map((e) => e.seq);
    expect(seqs).toEqual([5, 4, 3, 2, 1]);
  });

  it('never fails the change it records: a failing etcd is counted and logged once', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const store = new MapStore();
    const { trail: t, totals } = trail(store);
    await t.append(record());
    store.failing = new Error('etcd is down');
    expect(await t.append(record())).toBe('failed');
    expect(await t.append(record())).toBe('failed');
    expect(logged).toHaveBeenCalledTimes(1);
    expect(String(logged.mock.calls[0]?.[0])).toMatch(/could not be kept in etcd.*etcd is down/);
    store.failing = null;
    expect(await t.append(record())).toBe('stored');
    expect(totals).toMatchObject({ stored: 2, failed: 2 });
  });

  it('writes nothing when this replica does not lead', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const store = new MapStore();
    const { trail: t, totals } = trail(store, { leading: false });
    expect(await t.append(record())).toBe('failed');
    expect(store.keys.size).toBe(0);
    expect(totals.failed).toBe(1);
  });

  it('keeps its entries in memory in read-only mode, within the same bounds', async () => {
    const store = new MapStore();
    const { trail: t, totals } = trail(store, { readOnly: true });
    for (let i = 0; i < 7; i++) expect(await t.append(record())).toBe('memory');
    expect(store.keys.size).toBe(0);
    const page = await t.page(NO_AUDIT_FILTER);
    expect(page).toMatchObject({ kept: 'memory', prefix: null, held: { entries: 5 } });
    expect(page.entries.map((e) => e.seq)).toEqual([7, 6, 5, 4, 3]);
    expect(totals.memory).toBe(7);
  });

  it("keeps one client's refused attempts to an allowance a minute in etcd", async () => {
    const store = new MapStore();
    const { trail: t, totals } = trail(store);
    const refused = record({ result: 'sign_in_required' });
    for (let i = 0; i < REFUSED_PER_CLIENT_PER_MINUTE; i++) await t.append(refused);
    expect(await t.append(refused)).toBe('limited');
    expect(await t.append({ ...refused, from: '10.0.0.9' })).toBe('stored');
    expect(await t.append(record())).toBe('stored');
    expect(totals.limited).toBe(1);
  });
});

describe('a page of the trail', () => {
  const entries = Array.from({ length: 120 }, (_, i) => ({
    ...record({
      who: i % 3 === 0 ? 'alice' : 'token',
      result: i % 4 === 0 ? 'lease_not_found' : 'ok',
      action: i % 2 === 0 ? 'renew' : 'revoke',
    }),
    seq: i + 1,
  }));
  const query = (search: string) => {
    const parsed = parseAuditQuery(new URLSearchParams(search));
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.query;
  };

  it('is newest first, a page at a time, with the cursor of the next older page', () => {
    const first = auditPage(entries, query(''));
    expect(first.entries.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 120 - i));
    expect(first).toMatchObject({ total: 120, newer: 0, older: 71 });
    const last = auditPage(entries, query('before=21'));
    expect(last.entries.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => 20 - i));
    expect(last).toMatchObject({ newer: 100, older: null });
  });

  it('filters by user, action and result (ok, failed, or one code)', () => {
    const alice = auditPage(entries, query('user=alice&action=renew&limit=500')).entries;
    expect(alice.length).toBeGreaterThan(0);
    expect(alice.every((e) => e.who === 'alice' && e.action === 'renew')).toBe(true);
    expect(auditPage(entries, query('result=failed')).total).toBe(30);
    expect(auditPage(entries, query('result=lease_not_found')).total).toBe(30);
    expect(auditPage(entries, query('result=ok')).total).toBe(90);
    expect(auditPage(entries, query('user=bob')).total).toBe(0);
  });

  it('names the field at fault in a bad query', () => {
    const cases: [string, string][] = [
      ['lease=xyz', 'lease'],
      ['action=delete', 'action'],
      ['result=maybe', 'result'],
      ['before=0', 'before'],
      ['before=-3', 'before'],
      ['limit=501', 'limit'],
      ['limit=ten', 'limit'],
      [`user=${'u'.repeat(201)}`, 'user'],
    ];
    for (const [search, field] of cases)
      expect(parseAuditQuery(new URLSearchParams(search)), search).toMatchObject({
        ok: false,
        field,
      });
    expect(query('lease=694D9A1B2C3D4E5F').lease).toBe('694d9a1b2c3d4e5f');
  });
});

describe('the stdout line', () => {
  it('is one line of JSON with the marker, its texts bounded, nothing undefined in it', () => {
    const line = auditLine(
      boundedRecord(record({ key: 'k'.repeat(5000), who: 'w'.repeat(500), counts: undefined })),
    );
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    const parsed = JSON.parse(line) as Record<string, unknown>;
    expect(parsed.log).toBe('audit');
    expect(Object.keys(parsed)).not.toContain('counts');
    expect(String(parsed.key).length).toBe(200);
    expect(String(parsed.who).length).toBe(64);
    expect(Object.keys(parsed).at(-1)).toBe('result');
  });
});
