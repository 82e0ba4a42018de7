// The JSON contract, continued: findings, what the dashboard judges wrong with the leases it sees
// (lib/findings/), and the preview of an action on them. Plain data; imports only the contract.
import type { Message } from '@/lib/shared/contract-events';

/** Each kind of finding. Its words (why it matters, what to do) are in the catalog under its kind. */
export type FindingKind =
  /** alive, no keys, older than the leak age, not kept alive by this dashboard */
  | 'leaked'
  /** alive far longer than its TTL, renewed by another client, holding no key */
  | 'forever-renewed'
  /** the number of leases rising steadily over the last minutes */
  | 'growth'
  /** remaining TTLs jumped back to full at a leader change: checkpointing is off */
  | 'refreshed-by-leader-change'
  /** more than a threshold of leases due to expire within the same second */
  | 'expiry-storm'
  /** one lease renewed more often than every TTL/10 */
  | 'renew-storm'
  /** a lock held long, with waiters */
  | 'stuck-lock'
  /** an election with candidates and no leader */
  | 'leaderless-election'
  /** a lock's holder or an election's leader whose lease is about to run out */
  | 'holder-expiring'
  /** one lease carrying more keys than a threshold */
  | 'heavy';

export type FindingSeverity = 'info' | 'warning' | 'critical';

/** One lease a finding names, with what makes it an example (its age, its keys, its renewals). */
export type FindingExample = {
  /** 16-digit hex */
  lease: string;
  detail: Message;
};

export type Finding = {
  kind: FindingKind;
  severity: FindingSeverity;
  /** how many leases (or, for locks and elections, groups) it covers */
  count: number;
  /** what was found, with its figures (rate, prefixes, seconds they would have had) */
  summary: Message;
  /** the first examples, at most MAX_FINDING_EXAMPLES; the rest through /api/findings?kind=&page= */
  examples: FindingExample[];
  /** the etcdctl command that confirms it, to copy */
  confirm: string;
  /** the etcd or Kubernetes issue it comes from */
  source: { title: string; url: string };
  /** whether the dashboard can act on it (revoke the leases it names), given its mode */
  actionable: boolean;
  /** epoch ms it was first found, in this run of it */
  since: number;
};

/** The thresholds in force, each from its environment variable or its documented default. */
export type FindingThresholds = {
  /** DASHBOARD_LEAK_AGE: seconds a keyless lease may live before it counts as leaked */
  leakAgeSeconds: number;
  /** alive this many times its TTL, renewed elsewhere, no key: forever-renewed */
  foreverRenewedTtls: number;
  /** leases due in the same second for an expiry storm */
  expiryStormLeases: number;
  /** keys on one lease for it to be heavy */
  heavyKeys: number;
  /** seconds a lock may be held, with waiters, before it is stuck */
  stuckLockSeconds: number;
  /** seconds left on a holder's lease below which it is about to expire */
  holderExpiringSeconds: number;
  /** leases gained per minute, sustained over the growth window, for growth */
  growthPerMinute: number;
};

export type FindingsResponse = {
  now: number;
  /** every finding there is now, the most severe first; empty when all is well */
  findings: Finding[];
  thresholds: FindingThresholds;
  /** how many alive leases the rules looked at */
  leases: number;
  /** DASHBOARD_FINDINGS_OFF: nothing was judged */
  off: boolean;
};

/** One page of one finding's examples: GET /api/findings?kind=<kind>&page=<n>. */
export type FindingExamplesPage = {
  kind: FindingKind;
  page: number;
  pageSize: number;
  total: number;
  examples: FindingExample[];
};

/** What revoking a finding's leases would take: the same preview and token as a revoke by prefix. */
export type FindingRevokePreview = {
  kind: FindingKind;
  /** quote it to confirm: the revoke takes exactly these leases */
  token: string;
  /** each lease and how many keys etcd would delete with it */
  leases: { id: string; keys: number }[];
  /** keys on those leases in all */
  keys: number;
  /** epoch ms the preview expires */
  expiresAt: number;
  /** the confirmation must type the lease count back (many leases), as a revoke by prefix does */
  countRequired: boolean;
  /** leases the finding names beyond this preview (one revoke takes at most a bounded number) */
  more: number;
};

/** What revoking a finding's leases did: the shape of a revoke by prefix's result. */
export type FindingRevokeResult = {
  kind: FindingKind;
  revoked: string[];
  /** previewed leases that were gone already */
  alreadyGone: string[];
  /** each with why, in words and (`said`, absent for etcd's own words) as a catalog message */
  failed: { id: string; error: string; said?: Message }[];
};

export const MAX_FINDING_EXAMPLES = 20;

/** Every kind, in the order the page lists them when they are equally severe. */
export const FINDING_KINDS = [
  'holder-expiring',
  'leaderless-election',
  'stuck-lock',
  'leaked',
  'forever-renewed',
  'growth',
  'expiry-storm',
  'renew-storm',
  'heavy',
  'refreshed-by-leader-change',
] as const satisfies readonly FindingKind[];
