import { describe, expect, it } from 'vitest';
import { findingsByLease } from '@/components/findings/by-lease';
import type { Finding, FindingKind, FindingSeverity } from '@/lib/shared/contract-findings';
import { findingsResponseSchema } from '@/lib/shared/contract-findings';

// The tags on a lease's row come from the findings' examples: each lease with the kinds that name
// it, once each, most severe first as the server ordered them.

const A = '0000694d9a5b1c2d';
const B = '00000000000007d1';
const C = '694d9a5b1c2d0003';

const finding = (kind: FindingKind, severity: FindingSeverity, leases: string[]): Finding => ({
  kind,
  severity,
  count: leases.length,
  summary: { key: `findings.summary.${kind}`, values: { count: leases.length } },
  examples: leases.map((lease) => ({ lease, detail: { key: `findings.example.${kind}` } })),
  confirm: 'etcdctl lease list',
  source: { title: 'etcd-io/etcd#9333', url: 'https://github.com/etcd-io/etcd/issues/9333' },
  actionable: true,
  since: 1,
});

describe('findingsByLease', () => {
  it('lists each lease with the findings that name it, in the order the server sent them', () => {
    const index = findingsByLease([
      finding('holder-expiring', 'critical', [B]),
      finding('leaked', 'warning', [A, B]),
      finding('heavy', 'info', [C, A]),
    ]);
    expect(index.get(A)).toEqual([
      { kind: 'leaked', severity: 'warning' },
      { kind: 'heavy', severity: 'info' },
    ]);
    expect(index.get(B)).toEqual([
      { kind: 'holder-expiring', severity: 'critical' },
      { kind: 'leaked', severity: 'warning' },
    ]);
    expect(index.get(C)).toEqual([{ kind: 'heavy', severity: 'info' }]);
  });

  it('names a kind once for a lease that appears twice in its examples', () => {
    const index = findingsByLease([finding('stuck-lock', 'warning', [A, A])]);
    expect(index.get(A)).toEqual([{ kind: 'stuck-lock', severity: 'warning' }]);
  });

  it('knows nothing of a lease no example names, and nothing at all when all is well', () => {
    expect(findingsByLease([finding('leaked', 'warning', [A])]).get(B)).toBeUndefined();
    expect(findingsByLease([]).size).toBe(0);
  });
});

describe('the findings answer schema', () => {
  const answer = {
    now: 1,
    findings: [finding('leaked', 'warning', [A])],
    thresholds: {
      leakAgeSeconds: 1,
      foreverRenewedTtls: 1,
      expiryStormLeases: 1,
      heavyKeys: 1,
      stuckLockSeconds: 1,
      holderExpiringSeconds: 1,
      growthPerMinute: 1,
    },
    leases: 1,
    off: false,
  };

  it('takes an answer as the contract has it', () => {
    expect(findingsResponseSchema.safeParse(answer).success).toBe(true);
  });

  it('refuses a kind the page has no words for', () => {
    const unknown = { ...answer, findings: [{ ...answer.findings[0], kind: 'haunted' }] };
    expect(findingsResponseSchema.safeParse(unknown).success).toBe(false);
  });
});
