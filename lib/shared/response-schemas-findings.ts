// The findings' answers (./contract-findings.ts) as zod schemas, like ./response-schemas.ts: each
// typed as the contract type it parses, so the compiler fails when the two drift apart.
import { z } from 'zod';
import type { Message } from '@/lib/shared/contract-events';
import type {
  FindingExample,
  FindingExamplesPage,
  FindingKind,
  FindingsResponse,
} from '@/lib/shared/contract-findings';
import { ms, text } from '@/lib/shared/response-schemas';

/** A sentence as a catalog key and its values, which may be phrases themselves. */
const message: z.ZodType<Message> = z.lazy(() =>
  z.object({ key: text, values: z.record(text, z.union([text, z.number(), message])).optional() }),
);

/** Every kind, each once: the compiler fails when the contract gains one that is not here. */
const KINDS = {
  leaked: 'leaked',
  'forever-renewed': 'forever-renewed',
  growth: 'growth',
  'refreshed-by-leader-change': 'refreshed-by-leader-change',
  'expiry-storm': 'expiry-storm',
  'renew-storm': 'renew-storm',
  'stuck-lock': 'stuck-lock',
  'leaderless-election': 'leaderless-election',
  'holder-expiring': 'holder-expiring',
  heavy: 'heavy',
} as const satisfies { [K in FindingKind]: K };

export const findingKindSchema = z.enum(KINDS) satisfies z.ZodType<FindingKind>;

const example = z.object({ lease: text, detail: message }) satisfies z.ZodType<FindingExample>;

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
}) satisfies z.ZodType<FindingsResponse>;

export const findingExamplesPageSchema = z.object({
  kind: findingKindSchema,
  page: z.number(),
  pageSize: z.number(),
  total: z.number(),
  examples: z.array(example),
}) satisfies z.ZodType<FindingExamplesPage>;
