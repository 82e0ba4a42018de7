import { describe, expect, it } from 'vitest';
import { expiryStorm, passOverLeases, type LeaseFacts } from '@/lib/findings/lease-rules';
import { RenewRuns } from '@/lib/findings/renew-runs';
import { render } from '@/lib/shared/i18n';
import { english } from '@/lib/shared/english';
import { THRESHOLDS, T0, alive, facts } from './findings-fixtures';

// The per-lease rules on plain views, at given times: each threshold's boundary, and each finding
// gone once its cause is.

const HOUR = 3600_000;
const pass = (leases: LeaseFacts[], now: number, kept: string[] = [], th = THRESHOLDS) =>
  passOverLeases(leases, {
    now,
    thresholds: th,
    keptAlive: (id) => kept.includes(id),
    runs: new RenewRuns(),
    refreshWindowMs: 10 * 60_000,
    growthWindowMs: 10 * 60_000,
  });
const ids = (hits: { lease: string }[]) => hits.map((h) => h.lease);

describe('leaked', () => {
  const lease = alive({ firstSeenAt: T0 });

  it('is a keyless lease seen for longer than the leak age', () => {
    expect(pass([facts(lease)], T0 + HOUR).hits.leaked).toEqual([]);
    const found = pass([facts(lease)], T0 + HOUR + 1000).hits.leaked;
    expect(ids(found)).toEqual([lease.id]);
    expect(render(english, found[0]?.detail())).toBe(
      'no keys, seen for at least 1h, granted TTL 1m (60 s)',
    );
  });

  it('is not a lease with keys, with hidden keys, or kept alive here', () => {
    const late = T0 + 2 * HOUR;
    const keyed = alive({ keys: ['/a'] });
    const hidden = alive({ keysHidden: 'permission denied' });
    expect(pass([facts(keyed), facts(hidden)], late).hits.leaked).toEqual([]);
    expect(pass([facts(lease)], late, [lease.id]).hits.leaked).toEqual([]);
  });

  it('follows DASHBOARD_LEAK_AGE', () => {
    const th = { ...THRESHOLDS, leakAgeSeconds: 5 };
    expect(ids(pass([facts(lease)], T0 + 6000, [], th).hits.leaked)).toEqual([lease.id]);
  });

  it('clears when the lease gains a key or goes', () => {
    const late = T0 + 2 * HOUR;
    expect(pass([facts({ ...lease, keys: ['/k'], keyCount: 1 })], late).hits.leaked).toEqual([]);
    const revoked = { ...lease, status: 'revoked' as const, goneAt: late, deletedKeys: [] };
    expect(
      pass([facts({ ...revoked, deletedKeyCount: 0, revokedBy: 'other-client' })], late).hits
        .leaked,
    ).toEqual([]);
  });
});

describe('forever-renewed', () => {
  const lease = alive({ grantedTTL: 10, firstSeenAt: T0 });

  it('is a keyless lease alive more than foreverRenewedTtls times its TTL, renewed elsewhere', () => {
    const renewed = facts(lease, { renewedElsewhere: 3 });
    expect(pass([renewed], T0 + 100_000).hits['forever-renewed']).toEqual([]);
    const found = pass([renewed], T0 + 101_000).hits['forever-renewed'];
    expect(ids(found)).toEqual([lease.id]);
    expect(render(english, found[0]?.detail())).toContain('3 renewals by another client');
  });

  it('needs a renewal by another client, and no keep-alive of ours', () => {
    expect(pass([facts(lease)], T0 + 200_000).hits['forever-renewed']).toEqual([]);
    const renewed = facts(lease, { renewedElsewhere: 1 });
    expect(pass([renewed], T0 + 200_000, [lease.id]).hits['forever-renewed']).toEqual([]);
    const keyed = facts({ ...lease, keys: ['/x'], keyCount: 1 }, { renewedElsewhere: 1 });
    expect(pass([keyed], T0 + 200_000).hits['forever-renewed']).toEqual([]);
  });
});

describe('heavy', () => {
  it('is more keys than heavyKeys', () => {
    const keys = (n: number) => alive({ keyCount: n, keys: ['/k'] });
    const at = keys(1000);
    const over = keys(1001);
    expect(ids(pass([facts(at), facts(over)], T0).hits.heavy)).toEqual([over.id]);
  });
});

describe('refreshed-by-leader-change', () => {
  const lease = alive();
  const refresh = (at: number, how: 'refreshed' | 'restored', before = 12) => ({
    lastRefresh: { at, how, before, after: 60 },
  });

  it('counts refreshes in the window, with the seconds they had left before', () => {
    const other = alive();
    const result = pass(
      [facts(lease, refresh(T0, 'refreshed', 12)), facts(other, refresh(T0, 'refreshed', 30))],
      T0 + 60_000,
    );
    expect(ids(result.hits['refreshed-by-leader-change'])).toEqual([lease.id, other.id]);
    expect(result.refreshedBefore).toEqual({ sum: 42, max: 30 });
    expect(result.restoredSeen).toBe(false);
  });

  it('forgets refreshes older than the window; a restore says checkpointing is on', () => {
    expect(
      pass([facts(lease, refresh(T0, 'refreshed'))], T0 + 10 * 60_000 + 1).hits[
        'refreshed-by-leader-change'
      ],
    ).toEqual([]);
    const restored = pass([facts(lease, refresh(T0, 'restored'))], T0 + 1000);
    expect(restored.restoredSeen).toBe(true);
    expect(restored.hits['refreshed-by-leader-change']).toEqual([]);
  });
});

describe('expiry-storm', () => {
  const due = (n: number, inMs: number) =>
    Array.from({ length: n }, () => facts(alive({ readAt: T0, ttl: 0, grantedTTL: 60 }))).map(
      (f) => ({ ...f, view: { ...f.view, readAt: T0 + inMs } }),
    );

  it('is more than expiryStormLeases leases due in the same second', () => {
    const th = { ...THRESHOLDS, expiryStormLeases: 3 };
    const three = pass(due(3, 5000), T0, [], th);
    expect(expiryStorm(three.byDeadline, 3, T0).hits).toEqual([]);
    const four = pass(due(4, 5000), T0, [], th);
    const storm = expiryStorm(four.byDeadline, 3, T0);
    expect(storm.hits).toHaveLength(4);
    expect(storm).toMatchObject({ seconds: 1, max: 4 });
    expect(render(english, storm.hits[0]?.detail())).toBe(
      'due in 5 s, with 3 other leases in the same second',
    );
  });

  it('leaves out deadlines already past', () => {
    const past = pass(due(5, -2000), T0);
    expect(past.byDeadline.size).toBe(0);
  });
});
