// The JSON contract, continued: findings, what the dashboard judges wrong with the leases it sees
// (lib/findings/), and the preview of an action on them. Zod schemas, the types inferred from them;
// imports only zod and the rest of the contract.
import { z } from 'zod';
import { messageSchema } from '@/lib/shared/contract-events';
import { revokedLeasesSchema } from '@/lib/shared/contract-holdings';

/**
 * Every kind of finding, in the order the page lists them when they are equally severe. Its words
 * (why it matters, what to do) are in the catalog under its kind.
 */
export const FINDING_KINDS = [
  /** a lock's holder or an election's leader whose lease is about to run out */
  'holder-expiring',
  /** an election with candidates and no leader */
  'leaderless-election',
  /** a lock held long, with waiters */
  'stuck-lock',
  /** alive, no keys, older than the leak age, not kept alive by this dashboard */
  'leaked',
  /** alive far longer than its TTL, renewed by another client, holding no key */
  'forever-renewed',
  /** the number of leases rising steadily over the last minutes */
  'growth',
  /** more than a threshold of leases due to expire within the same second */
  'expiry-storm',
  /** one lease renewed more often than every TTL/10 */
  'renew-storm',
  /** one lease carrying more keys than a threshold */
  'heavy',
  /** remaining TTLs jumped back to full at a leader change: checkpointing is off */
  'refreshed-by-leader-change',
] as const;

export const findingKindSchema = z.enum(FINDING_KINDS);
export type FindingKind = z.infer<typeof findingKindSchema>;

export const findingSeveritySchema = z.enum(['info', 'warning', 'critical']);
export type FindingSeverity = z.infer<typeof findingSeveritySchema>;

/** One lease a finding names, with what makes it an example (its age, its keys, its renewals). */
export const findingExampleSchema = z.object({
  /** 16-digit hex */
  lease: z.string(),
  detail: messageSchema,
});
export type FindingExample = z.infer<typeof findingExampleSchema>;

export const findingSchema = z.object({
  kind: findingKindSchema,
  severity: findingSeveritySchema,
  /** how many leases (or, for locks and elections, groups) it covers */
  count: z.number(),
  /** what was found, with its figures (rate, prefixes, seconds they would have had) */
  summary: messageSchema,
  /** the first examples, at most MAX_FINDING_EXAMPLES; the rest through /api/findings?kind=&page= */
  examples: z.array(findingExampleSchema),
  /** the etcdctl command that confirms it, to copy */
  confirm: z.string(),
  /** the etcd or Kubernetes issue it comes from */
  source: z.object({ title: z.string(), url: z.string() }),
  /** whether the dashboard can act on it (revoke the leases it names), given its mode */
  actionable: z.boolean(),
  /** epoch ms it was first found, in this run of it */
  since: z.number(),
});
export type Finding = z.infer<typeof findingSchema>;

/** The thresholds in force, each from its environment variable or its documented default. */
export const findingThresholdsSchema = z.object({
  /** DASHBOARD_LEAK_AGE: seconds a keyless lease may live before it counts as leaked */
  leakAgeSeconds: z.number(),
  /** alive this many times its TTL, renewed elsewhere, no key: forever-renewed */
  foreverRenewedTtls: z.number(),
  /** leases due in the same second for an expiry storm */
  expiryStormLeases: z.number(),
  /** keys on one lease for it to be heavy */
  heavyKeys: z.number(),
  /** seconds a lock may be held, with waiters, before it is stuck */
  stuckLockSeconds: z.number(),
  /** seconds left on a holder's lease below which it is about to expire */
  holderExpiringSeconds: z.number(),
  /** leases gained per minute, sustained over the growth window, for growth */
  growthPerMinute: z.number(),
});
export type FindingThresholds = z.infer<typeof findingThresholdsSchema>;

export const findingsResponseSchema = z.object({
  now: z.number(),
  /** every finding there is now, the most severe first; empty when all is well */
  findings: z.array(findingSchema),
  thresholds: findingThresholdsSchema,
  /** how many alive leases the rules looked at */
  leases: z.number(),
  /** DASHBOARD_FINDINGS_OFF: nothing was judged */
  off: z.boolean(),
});
export type FindingsResponse = z.infer<typeof findingsResponseSchema>;

/** One page of one finding's examples: GET /api/findings?kind=<kind>&page=<n>. */
export const findingExamplesPageSchema = z.object({
  kind: findingKindSchema,
  page: z.number(),
  pageSize: z.number(),
  total: z.number(),
  examples: z.array(findingExampleSchema),
});
export type FindingExamplesPage = z.infer<typeof findingExamplesPageSchema>;

/** What revoking a finding's leases would take: the same preview and token as a revoke by prefix. */
export const findingRevokePreviewSchema = z.object({
  kind: findingKindSchema,
  /** quote it to confirm: the revoke takes exactly these leases */
  token: z.string(),
  /** each lease and how many keys etcd would delete with it */
  leases: z.array(z.object({ id: z.string(), keys: z.number() })),
  /** keys on those leases in all */
  keys: z.number(),
  /** epoch ms the preview expires */
  expiresAt: z.number(),
  /** the confirmation must type the lease count back (many leases), as a revoke by prefix does */
  countRequired: z.boolean(),
  /** leases the finding names beyond this preview (one revoke takes at most a bounded number) */
  more: z.number(),
});
export type FindingRevokePreview = z.infer<typeof findingRevokePreviewSchema>;

/** What revoking a finding's leases did: the shape of a revoke by prefix's result. */
export const findingRevokeResultSchema = revokedLeasesSchema.extend({ kind: findingKindSchema });
export type FindingRevokeResult = z.infer<typeof findingRevokeResultSchema>;

export const MAX_FINDING_EXAMPLES = 20;
