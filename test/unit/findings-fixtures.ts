import type { AliveLease, LeaseView } from '@/lib/shared/contract';
import type { LeaseJumps } from '@/lib/sampler/lease-model';
import type { FindingThresholds } from '@/lib/shared/contract-findings';
import type { LeaseFacts } from '@/lib/findings/lease-rules';
import { DEFAULT_FINDING_THRESHOLDS } from '@/lib/config/finding-thresholds';

// Plain data for the findings' rules: leases as the sampler's views and the lease model's jumps.

export const T0 = 1_700_000_000_000;
export const THRESHOLDS: FindingThresholds = { ...DEFAULT_FINDING_THRESHOLDS };

let next = 1;
export const hexId = (n = next++) => n.toString(16).padStart(16, '0');

export function alive(fields: Partial<AliveLease> = {}): AliveLease {
  const keys = fields.keys ?? [];
  return {
    status: 'alive',
    id: hexId(),
    firstSeenAt: T0,
    keepAlive: null,
    grantedTTL: 60,
    ttl: 60,
    readAt: T0,
    keys,
    keyCount: keys.length,
    unwatchedKeyCount: 0,
    keysHidden: null,
    readFailure: null,
    ...fields,
  };
}

export const noJumps = (): LeaseJumps => ({ renewedElsewhere: 0, lastRefresh: null });

export const facts = (view: LeaseView, jumps: Partial<LeaseJumps> = {}): LeaseFacts => ({
  view,
  jumps: { ...noJumps(), ...jumps },
});
