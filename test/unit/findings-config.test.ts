import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '@/lib/config/env';
import { DEFAULT_FINDING_THRESHOLDS } from '@/lib/config/finding-thresholds';
import { parseFindingsQuery } from '@/lib/shared/findings-query';

// The findings' thresholds come from the one configuration schema, and GET /api/findings' query is
// checked field by field.

describe('the findings thresholds', () => {
  it('default when unset', () => {
    expect(parseConfig({}).findings).toEqual(DEFAULT_FINDING_THRESHOLDS);
    expect(DEFAULT_FINDING_THRESHOLDS).toEqual({
      leakAgeSeconds: 3600,
      foreverRenewedTtls: 10,
      expiryStormLeases: 100,
      heavyKeys: 1000,
      stuckLockSeconds: 300,
      holderExpiringSeconds: 3,
      growthPerMinute: 60,
    });
  });

  it('are each set by a variable', () => {
    const findings = parseConfig({
      DASHBOARD_LEAK_AGE: '5',
      DASHBOARD_FINDING_FOREVER_RENEWED_TTLS: '2',
      DASHBOARD_FINDING_EXPIRY_STORM_LEASES: '7',
      DASHBOARD_FINDING_HEAVY_KEYS: '8',
      DASHBOARD_FINDING_STUCK_LOCK_SECONDS: '9',
      DASHBOARD_FINDING_HOLDER_EXPIRING_SECONDS: '4',
      DASHBOARD_FINDING_GROWTH_PER_MINUTE: '11',
    }).findings;
    expect(findings).toEqual({
      leakAgeSeconds: 5,
      foreverRenewedTtls: 2,
      expiryStormLeases: 7,
      heavyKeys: 8,
      stuckLockSeconds: 9,
      holderExpiringSeconds: 4,
      growthPerMinute: 11,
    });
  });

  it('are on unless DASHBOARD_FINDINGS_OFF says otherwise', () => {
    expect(parseConfig({}).findingsOff).toBe(false);
    expect(parseConfig({ DASHBOARD_FINDINGS_OFF: 'true' }).findingsOff).toBe(true);
  });

  it.each([
    ['DASHBOARD_LEAK_AGE', 'an hour', 'from 1 to 31536000'],
    ['DASHBOARD_FINDING_HEAVY_KEYS', '0', 'from 1 to 100000000'],
    ['DASHBOARD_FINDING_GROWTH_PER_MINUTE', '1.5', 'from 1 to 10000000'],
  ])('names %s when its value is bad', (variable, value, range) => {
    expect(() => parseConfig({ [variable]: value })).toThrow(
      new ConfigError(`${variable} must be a whole number ${range}, not "${value}"`),
    );
  });
});

describe("GET /api/findings' query", () => {
  const q = (s: string) => parseFindingsQuery(new URLSearchParams(s));

  it('asks for every finding, or one page of one', () => {
    expect(q('')).toEqual({ ok: true, query: null });
    expect(q('kind=leaked')).toEqual({ ok: true, query: { kind: 'leaked', page: 1 } });
    expect(q('kind=heavy&page=3')).toEqual({ ok: true, query: { kind: 'heavy', page: 3 } });
  });

  it('names the field at fault', () => {
    expect(q('kind=nope')).toMatchObject({ ok: false, field: 'kind' });
    expect(q('page=2')).toMatchObject({ ok: false, field: 'kind' });
    for (const page of ['0', '-1', '1.5', 'x', '100001'])
      expect(q(`kind=leaked&page=${page}`)).toMatchObject({ ok: false, field: 'page' });
  });
});
