// The shapes the server hands to the browser: the JSON contract, written once as zod schemas (which
// the browser parses every answer with) and the types inferred from them. Plain data; no etcd3
// types cross this line, and this file imports only zod and the rest of the contract, so every
// other part may depend on it.
import { z } from 'zod';
import { holdingKindSchema, holdingSchema } from '@/lib/shared/contract-holdings';
import { ttlPointSchema } from '@/lib/shared/contract-history';
import { leaseEventSchema } from '@/lib/shared/contract-events';
import { problemSchema, saidSchema } from '@/lib/shared/contract-problem';
import { roundStatSchema, samplerStatsSchema } from '@/lib/shared/contract-sampler';

export type {
  LeaseEvent,
  LeaseEventKind,
  Message,
  MessageValue,
} from '@/lib/shared/contract-events';
export type { ErrorCode, Problem, Said } from '@/lib/shared/contract-problem';
export type { RoundStat, SamplerStats } from '@/lib/shared/contract-sampler';

/**
 * Why the last attempt to read a lease failed (code: etcd_unavailable when it timed out,
 * permission_denied, ...), and when. The lease's last good reading (if any) still stands.
 */
export const readFailureSchema = problemSchema.extend({
  /** epoch ms of the failed attempt */
  at: z.number(),
});
export type ReadFailure = z.infer<typeof readFailureSchema>;

/** How often a kept-alive lease is renewed, as a share of its granted TTL (./keep-alive-schedule.ts). */
export const KEEP_ALIVE_SCHEDULES = ['third', 'half', 'three-quarters'] as const;
export const keepAliveScheduleSchema = z.enum(KEEP_ALIVE_SCHEDULES);
export type KeepAliveSchedule = z.infer<typeof keepAliveScheduleSchema>;

const keepAliveCommon = {
  schedule: keepAliveScheduleSchema,
  /** epoch ms when it was last switched on */
  startedAt: z.number(),
  /** successful renewals since it was switched on (the first goes out at switch-on) */
  renewals: z.number(),
  /** epoch ms of the last successful renewal */
  lastRenewalAt: z.number(),
  /** what went wrong on the last attempt, cleared by the next success */
  lastError: problemSchema.nullable(),
};

/** The dashboard's automatic keep-alive for one lease: running, or stopped and why. */
export const keepAliveViewSchema = z.discriminatedUnion('on', [
  z.object({
    on: z.literal(true),
    ...keepAliveCommon,
    /** epoch ms the next renewal is due */
    nextRenewalAt: z.number(),
  }),
  z.object({
    on: z.literal(false),
    ...keepAliveCommon,
    /** epoch ms when it stopped */
    stoppedAt: z.number(),
    /** why: switched off, the lease lost, a rule that no longer held */
    stopReason: saidSchema,
  }),
]);
export type KeepAliveView = z.infer<typeof keepAliveViewSchema>;

const leaseCommon = {
  /** 16-digit lowercase hex, as etcdctl prints it */
  id: z.string(),
  /** epoch ms when the dashboard first saw the lease */
  firstSeenAt: z.number(),
  /** the dashboard's automatic keep-alive for this lease, if it was ever switched on */
  keepAlive: keepAliveViewSchema.nullable(),
  /**
   * what the lease holds, by the layout of its keys (a lock, an election, a registration,
   * Kubernetes): in answers only, null for plain keys (lib/shared/holdings.ts)
   */
  holding: holdingSchema.nullable().optional(),
};
const leaseRead = {
  ...leaseCommon,
  /** the TTL the lease was granted (or last renewed) with, seconds */
  grantedTTL: z.number(),
  /** epoch ms of the reading the other fields come from */
  readAt: z.number(),
};
const leaseGone = {
  ...leaseRead,
  /** epoch ms when the dashboard saw the lease gone */
  goneAt: z.number(),
  /** the keys etcd deleted with the lease (in answers, the first few, like `keys`) */
  deletedKeys: z.array(z.string()),
  /** how many keys etcd deleted with it */
  deletedKeyCount: z.number(),
};

/** Listed by etcd (LeaseLeases) but not read successfully yet: its TTL is not known. */
const unreadLeaseSchema = z.object({
  status: z.literal('unread'),
  ...leaseCommon,
  /** why the read failed; null while the lease simply has not had its turn yet */
  readFailure: readFailureSchema.nullable(),
});
export type UnreadLease = z.infer<typeof unreadLeaseSchema>;

const aliveLeaseSchema = z.object({
  status: z.literal('alive'),
  ...leaseRead,
  /** seconds left at `readAt`, floored by etcd */
  ttl: z.number(),
  /**
   * keys attached now; in answers, only the first few, long names shortened (lib/api/bounded.ts),
   * so one lease with thousands of keys cannot make every answer heavy
   */
  keys: z.array(z.string()),
  /** how many keys are attached, all of them */
  keyCount: z.number(),
  /**
   * how many of them lie outside the watched prefixes (DASHBOARD_WATCH_PREFIXES): no live events
   * for those; their changes show at the lease's next reading
   */
  unwatchedKeyCount: z.number(),
  /**
   * Why the keys are not shown, when etcd would not list them (its user may not read them:
   * etcd 3.4.26+ and 3.5.9+ refuse TimeToLive with keys then). `keys` is empty then.
   */
  keysHidden: z.string().nullable(),
  /** the last read failed, so this reading is older than it should be; null when it succeeded */
  readFailure: readFailureSchema.nullable(),
});
export type AliveLease = z.infer<typeof aliveLeaseSchema>;

const expiredLeaseSchema = z.object({ status: z.literal('expired'), ...leaseGone });
export type ExpiredLease = z.infer<typeof expiredLeaseSchema>;

const revokedLeaseSchema = z.object({
  status: z.literal('revoked'),
  ...leaseGone,
  /** who revoked it: this dashboard, or another client such as etcdctl */
  revokedBy: z.enum(['dashboard', 'other-client']),
});
export type RevokedLease = z.infer<typeof revokedLeaseSchema>;

/** What a lease's view is, each status with only the fields that status can have. */
export const leaseViewSchema = z.discriminatedUnion('status', [
  unreadLeaseSchema,
  aliveLeaseSchema,
  expiredLeaseSchema,
  revokedLeaseSchema,
]);
export type LeaseView = z.infer<typeof leaseViewSchema>;
export type LeaseStatus = LeaseView['status'];

const etcdCommon = {
  endpoints: z.array(z.string()),
  /** endpoints that did not answer their last status request (the others may still serve) */
  failing: z.array(z.object({ endpoint: z.string(), error: problemSchema })),
  /** epoch ms of the last successful round, null if none yet */
  lastOkAt: z.number().nullable(),
};
export const etcdStatusSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), error: z.null(), problem: z.null(), ...etcdCommon }),
  z.object({
    ok: z.literal(false),
    /** what went wrong on the last attempt */
    error: problemSchema,
    /** what kind of trouble: no answer, an answer refusing the dashboard, or its own configuration */
    problem: z.enum(['unreachable', 'access', 'config']),
    ...etcdCommon,
  }),
]);
export type EtcdStatus = z.infer<typeof etcdStatusSchema>;

export const LEASE_SORTS = ['expiry', 'newest', 'id'] as const;
export const leaseSortSchema = z.enum(LEASE_SORTS);
export type LeaseSort = z.infer<typeof leaseSortSchema>;

export const leaseQuerySchema = z.object({
  sort: leaseSortSchema,
  /** part of a lease's hex ID, lowercase; '' for any */
  id: z.string(),
  /** a key prefix one of the lease's keys starts with; '' for any */
  key: z.string(),
  /** what the lease holds (lib/shared/holdings.ts); '' for any */
  kind: z.union([holdingKindSchema, z.literal('')]),
  offset: z.number(),
  limit: z.number(),
});
export type LeaseQuery = z.infer<typeof leaseQuerySchema>;

export const histogramBucketSchema = z.object({
  label: z.string(),
  /** seconds left, from (inclusive) to (exclusive; null: no upper bound, JSON has no Infinity) */
  from: z.number(),
  to: z.number().nullable(),
  count: z.number(),
});
export type HistogramBucket = z.infer<typeof histogramBucketSchema>;

export const leaseSummarySchema = z.object({
  alive: z.number(),
  /** alive, with EXPIRING_SOON_S or fewer seconds left (by their last reading) */
  expiringSoon: z.number(),
  /** leases etcd expired, and leases revoked, in the last minute */
  expiredLastMinute: z.number(),
  revokedLastMinute: z.number(),
  histogram: z.array(histogramBucketSchema),
});
export type LeaseSummary = z.infer<typeof leaseSummarySchema>;

export const leasesResponseSchema = z.object({
  /** epoch ms when the latest sampling round started */
  sampledAt: z.number(),
  /** the server's clock when it answered, so the browser can correct for its own */
  now: z.number(),
  etcd: etcdStatusSchema,
  /** what was asked, with the defaults filled in */
  query: leaseQuerySchema,
  /** every lease the dashboard holds (alive and recently gone), and how many match the query */
  total: z.number(),
  matched: z.number(),
  /** the page of matching leases the query asked for */
  leases: z.array(leaseViewSchema),
  /** counts over every lease, whatever the query */
  summary: leaseSummarySchema,
  sampler: samplerStatsSchema,
});
export type LeasesResponse = z.infer<typeof leasesResponseSchema>;

export const leaseDetailResponseSchema = z.object({
  now: z.number(),
  etcd: etcdStatusSchema,
  lease: leaseViewSchema,
  history: z.array(ttlPointSchema),
  /** this lease's recent events (and leader changes), oldest first, for marks on the chart */
  events: z.array(leaseEventSchema),
});
export type LeaseDetailResponse = z.infer<typeof leaseDetailResponseSchema>;

/** The dashboards campaigning on this cluster, from the election's keys in etcd. */
export const replicasViewSchema = z.object({
  /** the DASHBOARD_URL of the replica that answered */
  answeredBy: z.string(),
  /** the leader's DASHBOARD_URL, or null while none leads */
  leader: z.string().nullable(),
  /** every candidate, the leader first, with its session lease (hex) */
  replicas: z.array(z.object({ url: z.string(), session: z.string() })),
});
export type ReplicasView = z.infer<typeof replicasViewSchema>;

export const healthResponseSchema = z.intersection(
  etcdStatusSchema,
  z.object({
    sampledAt: z.number(),
    /** the sampler's mode and pace, and its last rounds (oldest first) */
    sampler: samplerStatsSchema,
    rounds: z.array(roundStatSchema),
    /** with replicas (DASHBOARD_URL): who leads and who else campaigns; null: this one runs alone */
    replicas: replicasViewSchema.nullable(),
  }),
);
export type HealthResponse = z.infer<typeof healthResponseSchema>;

/** What the dashboard may do here, for the page to explain (never the token itself). */
export const accessViewSchema = z.object({
  readOnly: z.boolean(),
  keyPrefix: z.string().nullable(),
  /** who may change etcd: anyone, whoever has the dashboard token, or etcd's own users */
  signIn: z.enum(['open', 'token', 'etcd']),
  protectReads: z.boolean(),
  signedIn: z.boolean(),
  /** the etcd user signed in (DASHBOARD_SIGN_IN=etcd) */
  user: z.string().nullable(),
});
export type AccessView = z.infer<typeof accessViewSchema>;
