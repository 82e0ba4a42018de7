import 'server-only';
import type { FindingThresholds } from '@/lib/shared/contract-findings';
import { flag, wholeNumber } from '@/lib/config/fields';

// The findings' thresholds (lib/findings/), each from its variable or its default; ./env.ts puts
// these fields into the one schema, so a bad value names its variable like every other.

export const DEFAULT_FINDING_THRESHOLDS: FindingThresholds = {
  leakAgeSeconds: 3600,
  foreverRenewedTtls: 10,
  expiryStormLeases: 100,
  heavyKeys: 1000,
  stuckLockSeconds: 300,
  holderExpiringSeconds: 3,
  growthPerMinute: 60,
};

const D = DEFAULT_FINDING_THRESHOLDS;
const YEAR_S = 31_536_000;

export const findingFields = {
  DASHBOARD_FINDINGS_OFF: flag('DASHBOARD_FINDINGS_OFF'),
  DASHBOARD_LEAK_AGE: wholeNumber('DASHBOARD_LEAK_AGE', 1, YEAR_S, D.leakAgeSeconds),
  DASHBOARD_FINDING_FOREVER_RENEWED_TTLS: wholeNumber(
    'DASHBOARD_FINDING_FOREVER_RENEWED_TTLS',
    1,
    1_000_000,
    D.foreverRenewedTtls,
  ),
  DASHBOARD_FINDING_EXPIRY_STORM_LEASES: wholeNumber(
    'DASHBOARD_FINDING_EXPIRY_STORM_LEASES',
    1,
    10_000_000,
    D.expiryStormLeases,
  ),
  DASHBOARD_FINDING_HEAVY_KEYS: wholeNumber(
    'DASHBOARD_FINDING_HEAVY_KEYS',
    1,
    100_000_000,
    D.heavyKeys,
  ),
  DASHBOARD_FINDING_STUCK_LOCK_SECONDS: wholeNumber(
    'DASHBOARD_FINDING_STUCK_LOCK_SECONDS',
    1,
    YEAR_S,
    D.stuckLockSeconds,
  ),
  DASHBOARD_FINDING_HOLDER_EXPIRING_SECONDS: wholeNumber(
    'DASHBOARD_FINDING_HOLDER_EXPIRING_SECONDS',
    1,
    86_400,
    D.holderExpiringSeconds,
  ),
  DASHBOARD_FINDING_GROWTH_PER_MINUTE: wholeNumber(
    'DASHBOARD_FINDING_GROWTH_PER_MINUTE',
    1,
    10_000_000,
    D.growthPerMinute,
  ),
};

type Parsed = { DASHBOARD_FINDINGS_OFF: boolean } & {
  [K in Exclude<keyof typeof findingFields, 'DASHBOARD_FINDINGS_OFF'>]: number;
};

/** DashboardConfig's part for the findings. */
export type FindingsConfig = {
  /** what the findings count as wrong: DASHBOARD_LEAK_AGE, DASHBOARD_FINDING_* */
  findings: FindingThresholds;
  /** DASHBOARD_FINDINGS_OFF: judge nothing (the engine then costs nothing) */
  findingsOff: boolean;
};

export function findingsOf(env: Parsed): FindingsConfig {
  return { findings: findingThresholdsOf(env), findingsOff: env.DASHBOARD_FINDINGS_OFF };
}

function findingThresholdsOf(env: Parsed): FindingThresholds {
  return {
    leakAgeSeconds: env.DASHBOARD_LEAK_AGE,
    foreverRenewedTtls: env.DASHBOARD_FINDING_FOREVER_RENEWED_TTLS,
    expiryStormLeases: env.DASHBOARD_FINDING_EXPIRY_STORM_LEASES,
    heavyKeys: env.DASHBOARD_FINDING_HEAVY_KEYS,
    stuckLockSeconds: env.DASHBOARD_FINDING_STUCK_LOCK_SECONDS,
    holderExpiringSeconds: env.DASHBOARD_FINDING_HOLDER_EXPIRING_SECONDS,
    growthPerMinute: env.DASHBOARD_FINDING_GROWTH_PER_MINUTE,
  };
}
