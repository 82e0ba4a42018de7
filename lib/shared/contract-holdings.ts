// The JSON contract, continued: what a lease holds, as the dashboard recognises it from the layout of
// its keys (./holdings.ts), and what a revoke by key prefix would take. Zod schemas, the types
// inferred from them; imports only zod and the rest of the contract.
import { z } from 'zod';
import { problemSchema } from '@/lib/shared/contract-problem';

/** Whose recipe a lock or election key follows: Go clientv3's concurrency package, or etcd3's. */
export const recipeSchema = z.enum(['clientv3', 'etcd3']);
export type Recipe = z.infer<typeof recipeSchema>;

/** One contender in a lock or election: a key under `<name>/`, in create-revision order. */
export const contenderSchema = z.object({
  /** the contender's lease, 16-digit hex; '' for a key without one (it blocks the line all the same) */
  lease: z.string(),
  key: z.string(),
  /** the key's create revision, as a decimal string */
  createRevision: z.string(),
  /** the value (an election's proposal), cut to a few dozen characters */
  value: z.string(),
});
export type Contender = z.infer<typeof contenderSchema>;

const contention = {
  recipe: recipeSchema,
  /** the lock's or election's name: the key prefix before `/<lease ID>` */
  name: z.string(),
  /** 1 for the holder or leader, 2 for the first in line after it, ... */
  position: z.number(),
  /** how many contenders there are in all */
  contenders: z.number(),
};

export const holdingSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('lock'), ...contention }),
  z.object({
    kind: z.literal('election'),
    ...contention,
    /** this candidate's proposal */
    proposal: z.string(),
    /** the leader's proposal */
    leader: z.string(),
  }),
  /** a key in a lock's or election's layout whose group has not been read yet */
  z.object({ kind: z.literal('contending'), recipe: recipeSchema, name: z.string() }),
  z.object({ kind: z.literal('k8s-events'), count: z.number() }),
  z.object({ kind: z.literal('k8s-master'), ip: z.string() }),
  z.object({
    kind: z.literal('registration'),
    service: z.string(),
    instance: z.string().nullable(),
    count: z.number(),
  }),
]);
export type Holding = z.infer<typeof holdingSchema>;

/** What the list can be filtered by: each holding's family. */
export const HOLDING_KINDS = ['lock', 'election', 'registration', 'kubernetes', 'plain'] as const;
export const holdingKindSchema = z.enum(HOLDING_KINDS);
export type HoldingKind = z.infer<typeof holdingKindSchema>;

/** How many alive leases hold what, and which key prefixes hold the most leases. */
export const holdingsResponseSchema = z.object({
  now: z.number(),
  kinds: z.record(holdingKindSchema, z.number()),
  /** prefixes (one and two path segments deep), the most leases first */
  prefixes: z.array(z.object({ prefix: z.string(), leases: z.number() })),
  /** how many alive leases these figures cover (their keys as last read) */
  leases: z.number(),
});
export type HoldingsResponse = z.infer<typeof holdingsResponseSchema>;

/** One lease a revoke by prefix would take. */
export const prefixLeaseSchema = z.object({
  id: z.string(),
  /** its keys under the prefix */
  keysInPrefix: z.number(),
  /** its keys outside the prefix: etcd deletes those too */
  keysOutside: z.number(),
  /** the first of those outside keys, so the operator sees what else goes */
  outsideSample: z.array(z.string()),
});
export type PrefixLease = z.infer<typeof prefixLeaseSchema>;

export const prefixPreviewSchema = z.object({
  prefix: z.string(),
  /** quote it to confirm: the revoke takes exactly these leases */
  token: z.string(),
  leases: z.array(prefixLeaseSchema),
  /** keys under the prefix that sit on a lease */
  keysInPrefix: z.number(),
  /** keys outside the prefix on those leases */
  keysOutside: z.number(),
  /** epoch ms the preview expires */
  expiresAt: z.number(),
  /** the confirmation must type the lease count back (a prefix of `/`) */
  countRequired: z.boolean(),
});
export type PrefixPreview = z.infer<typeof prefixPreviewSchema>;

/** What a revoke of several leases did: revoked, gone already, or failed (each with why). */
export const revokedLeasesSchema = z.object({
  revoked: z.array(z.string()),
  /** previewed leases that were gone already */
  alreadyGone: z.array(z.string()),
  failed: z.array(z.object({ id: z.string(), error: problemSchema })),
});
export type RevokedLeases = z.infer<typeof revokedLeasesSchema>;

export const prefixRevokeResultSchema = revokedLeasesSchema.extend({ prefix: z.string() });
export type PrefixRevokeResult = z.infer<typeof prefixRevokeResultSchema>;
