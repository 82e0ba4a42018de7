// What the browser checks every answer against before using it: the JSON contract
// (./contract.ts, ./contract-actions.ts) as zod schemas. Each is typed as the contract type it
// parses, so the compiler fails when the two drift apart. An answer that does not match is an
// error the page shows, never data it half-trusts.
import { z } from 'zod';
import type {
  EtcdStatus,
  KeepAliveView,
  LeaseDetailResponse,
  LeaseEvent,
  LeaseView,
  LeasesResponse,
  Message,
  RoundStat,
} from '@/lib/shared/contract';
import type { ScenariosResponse } from '@/lib/shared/contract-actions';
import { ERROR_CODES, type ErrorBody } from '@/lib/shared/errors';
import type { Holding, HoldingsResponse } from '@/lib/shared/contract-holdings';

export const ms = z.number();
export const text = z.string();
export const maybe = <T extends z.ZodType>(schema: T) => schema.nullable();
/** A sentence as a catalog key and its values, which may be phrases themselves. */
export const message: z.ZodType<Message> = z.lazy(() =>
  z.object({ key: text, values: z.record(text, z.union([text, z.number(), message])).optional() }),
);

const etcdCommon = {
  endpoints: z.array(text),
  failing: z.array(z.object({ endpoint: text, error: text })),
  lastOkAt: maybe(ms),
};
const etcdStatus = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), error: z.null(), problem: z.null(), ...etcdCommon }),
  z.object({
    ok: z.literal(false),
    error: text,
    said: message.optional(),
    problem: z.enum(['unreachable', 'access', 'config']),
    ...etcdCommon,
  }),
]) satisfies z.ZodType<EtcdStatus>;

const keepAliveCommon = {
  schedule: z.enum(['third', 'half', 'three-quarters']),
  startedAt: ms,
  renewals: z.number(),
  lastRenewalAt: ms,
  lastError: maybe(text),
  // optional: a replica of an older version answers without it
  lastErrorMessage: message.nullish(),
};
const keepAlive = z.discriminatedUnion('on', [
  z.object({ on: z.literal(true), ...keepAliveCommon, nextRenewalAt: ms }),
  z.object({
    on: z.literal(false),
    ...keepAliveCommon,
    stoppedAt: ms,
    stopReason: text,
    stopMessage: message.optional(),
  }),
]) satisfies z.ZodType<KeepAliveView>;

const readFailure = z.object({ code: text, message: text, said: message.optional(), at: ms });
const recipe = z.enum(['clientv3', 'etcd3']);
const contention = { recipe, name: text, position: z.number(), contenders: z.number() };
const holding = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('lock'), ...contention }),
  z.object({ kind: z.literal('election'), ...contention, proposal: text, leader: text }),
  z.object({ kind: z.literal('contending'), recipe, name: text }),
  z.object({ kind: z.literal('k8s-events'), count: z.number() }),
  z.object({ kind: z.literal('k8s-master'), ip: text }),
  z.object({
    kind: z.literal('registration'),
    service: text,
    instance: maybe(text),
    count: z.number(),
  }),
]) satisfies z.ZodType<Holding>;
const common = {
  id: text,
  firstSeenAt: ms,
  keepAlive: keepAlive.nullable(),
  holding: holding.nullable().optional(),
};
const read = { ...common, grantedTTL: z.number(), readAt: ms };
const gone = { ...read, goneAt: ms, deletedKeys: z.array(text), deletedKeyCount: z.number() };

export const leaseViewSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('unread'), ...common, readFailure: readFailure.nullable() }),
  z.object({
    status: z.literal('alive'),
    ...read,
    ttl: z.number(),
    keys: z.array(text),
    keyCount: z.number(),
    unwatchedKeyCount: z.number(),
    keysHidden: maybe(text),
    readFailure: readFailure.nullable(),
  }),
  z.object({ status: z.literal('expired'), ...gone }),
  z.object({
    status: z.literal('revoked'),
    ...gone,
    revokedBy: z.enum(['dashboard', 'other-client']),
  }),
]) satisfies z.ZodType<LeaseView>;

export const leaseEventSchema = z.object({
  seq: z.number(),
  at: ms,
  kind: z.enum([
    'lease-granted',
    'lease-renewed',
    'lease-kept-alive',
    'renewal-failed',
    'lease-refreshed',
    'lease-restored',
    'lease-expired',
    'lease-revoked',
    'keep-alive-started',
    'keep-alive-stopped',
    'key-put',
    'key-deleted',
    'leader-changed',
    'endpoint-down',
    'endpoint-up',
  ]),
  lease: maybe(text),
  key: maybe(text),
  text,
  message: message.optional(),
}) satisfies z.ZodType<LeaseEvent>;

const roundStat = z.object({
  at: ms,
  ms: z.number(),
  leases: z.number(),
  reads: z.number(),
  unread: z.number(),
  capped: z.boolean(),
  maxStalenessMs: z.number(),
}) satisfies z.ZodType<RoundStat>;

export const leasesResponseSchema = z.object({
  sampledAt: ms,
  now: ms,
  etcd: etcdStatus,
  query: z.object({
    sort: z.enum(['expiry', 'newest', 'id']),
    id: text,
    key: text,
    kind: z.enum(['', 'lock', 'election', 'registration', 'kubernetes', 'plain']),
    offset: z.number(),
    limit: z.number(),
  }),
  total: z.number(),
  matched: z.number(),
  leases: z.array(leaseViewSchema),
  summary: z.object({
    alive: z.number(),
    expiringSoon: z.number(),
    expiredLastMinute: z.number(),
    revokedLastMinute: z.number(),
    histogram: z.array(
      z.object({ label: text, from: z.number(), to: z.number().nullable(), count: z.number() }),
    ),
  }),
  sampler: z.object({
    mode: z.enum(['as-needed', 'behind']),
    stalenessBoundS: z.number(),
    watchPrefixes: z.array(text).nullable(),
    readsPerSecond: z.number().nullable(),
    lastRound: roundStat.nullable(),
  }),
}) satisfies z.ZodType<LeasesResponse>;

export const leaseDetailResponseSchema = z.object({
  now: ms,
  etcd: etcdStatus,
  lease: leaseViewSchema,
  history: z.array(
    z.object({
      t: ms,
      grantedTTL: z.number(),
      ttl: z.number(),
      mark: z
        .enum(['renewed', 'renewed-elsewhere', 'refreshed', 'restored', 'expired', 'revoked'])
        .optional(),
      estimated: z.literal(true).optional(),
    }),
  ),
  events: z.array(leaseEventSchema),
}) satisfies z.ZodType<LeaseDetailResponse>;

const renewResult = z.object({
  id: text,
  grantedTTL: z.number(),
  before: z.number(),
  after: z.number(),
});

const answer = z.record(text, z.union([text, z.number(), z.array(text)]));

const contest = z.object({
  kind: z.enum(['lock', 'election']),
  name: text,
  ttl: z.number(),
  members: z.array(z.object({ name: text, leaseId: text, key: text, crashed: z.boolean() })),
  line: z.array(z.object({ lease: text, key: text, value: text, who: text })).nullable(),
  timeline: z.array(z.object({ at: ms, text, message: message.optional() })),
});

export const scenariosResponseSchema = z.object({
  now: ms,
  tutorial: z.object({
    leaseId: maybe(text),
    key: text,
    answers: z.array(
      z.object({
        step: z.enum(['grant', 'put', 'sleep', 'ttl-before', 'keep-alive-once', 'ttl-after']),
        at: ms,
        answer,
      }),
    ),
  }),
  dhcp: z.object({
    leaseId: maybe(text),
    key: maybe(text),
    failing: z.boolean(),
    next: z.object({ at: ms, attempt: z.enum(['T1', 'T2']) }).nullable(),
    renewedAt: maybe(ms),
  }),
  session: z.object({
    leaseId: maybe(text),
    key: maybe(text),
    lastRenewal: renewResult.nullable(),
  }),
  registry: z.object({
    prefix: text,
    instances: z.array(z.object({ name: text, leaseId: text, key: text, crashed: z.boolean() })),
    live: z.array(z.object({ key: text, lease: text })),
  }),
  lock: contest,
  election: contest,
}) satisfies z.ZodType<ScenariosResponse>;

export const errorBodySchema = z.object({
  error: text,
  code: z.enum(ERROR_CODES),
  field: text.optional(),
}) satisfies z.ZodType<ErrorBody>;

/** The SSE stream's greeting: which server run, and whether it resumed where the browser was. */
export const helloSchema = z.object({ run: text, resumed: z.boolean() });

const count = z.number();
export const holdingsResponseSchema = z.object({
  now: ms,
  kinds: z.object({
    lock: count,
    election: count,
    registration: count,
    kubernetes: count,
    plain: count,
  }),
  prefixes: z.array(z.object({ prefix: text, leases: count })),
  leases: count,
}) satisfies z.ZodType<HoldingsResponse>;
