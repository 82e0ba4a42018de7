// The findings' answers (GET /api/findings) and actions as zod schemas, each typed as the contract
// type it parses (./contract-findings.ts), so the compiler fails when the two drift apart.
import { z } from 'zod';
import {
  FINDING_KINDS,
  type FindingExamplesPage,
  type FindingKind,
  type FindingRevokePreview,
  type FindingRevokeResult,
  type FindingsResponse,
} from '@/lib/shared/contract-findings';
import { message, ms, text } from '@/lib/shared/response-schemas';

/** A kind the contract gains and FINDING_KINDS lacks fails to compile here. */
type Unlisted = Exclude<FindingKind, (typeof FINDING_KINDS)[number]>;
export const EVERY_KIND_LISTED: [Unlisted] extends [never] ? true : Unlisted = true;

export const findingKindSchema = z.enum(FINDING_KINDS) satisfies z.ZodType<FindingKind>;

const example = z.object({ lease: text, detail: message });

export const findingsResponseSchema = z.object({
  now: ms,
  findings: z.array(
    z.object({
      kind: findingKindSchema,
      severity: z.enum(['info', 'warning', 'critical']),
      count: z.number(),
      summary: message,
      examples: z.array(example),
      confirm: text,
      source: z.object({ title: text, url: text }),
      actionable: z.boolean(),
      since: ms,
    }),
  ),
  thresholds: z.object({
    leakAgeSeconds: z.number(),
    foreverRenewedTtls: z.number(),
    expiryStormLeases: z.number(),
    heavyKeys: z.number(),
    stuckLockSeconds: z.number(),
    holderExpiringSeconds: z.number(),
    growthPerMinute: z.number(),
  }),
  leases: z.number(),
  off: z.boolean(),
}) satisfies z.ZodType<FindingsResponse>;

export const findingExamplesPageSchema = z.object({
  kind: findingKindSchema,
  page: z.number(),
  pageSize: z.number(),
  total: z.number(),
  examples: z.array(example),
}) satisfies z.ZodType<FindingExamplesPage>;

export const findingRevokePreviewSchema = z.object({
  kind: findingKindSchema,
  token: text,
  leases: z.array(z.object({ id: text, keys: z.number() })),
  keys: z.number(),
  expiresAt: ms,
  countRequired: z.boolean(),
  more: z.number(),
}) satisfies z.ZodType<FindingRevokePreview>;

export const findingRevokeResultSchema = z.object({
  kind: findingKindSchema,
  revoked: z.array(text),
  alreadyGone: z.array(text),
  failed: z.array(z.object({ id: text, error: text, said: message.optional() })),
}) satisfies z.ZodType<FindingRevokeResult>;
