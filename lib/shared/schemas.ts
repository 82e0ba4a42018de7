// Every input a user can send: one zod schema per field, shared by the server actions (which must
// check everything: an action is a public POST endpoint) and by the forms' error messages.
import { z } from 'zod';
import { KEEP_ALIVE_SCHEDULES, scheduleLabel } from '@/lib/shared/keep-alive-schedule';
import { parseLeaseId } from '@/lib/shared/lease-id';
import { TUTORIAL_STEPS } from '@/lib/shared/tutorial-steps';
import { FINDING_KINDS } from '@/lib/shared/contract-findings';
import type { MessageValue } from '@/lib/shared/contract-events';
import type { Problem } from '@/lib/shared/contract-problem';
import { say } from '@/lib/shared/english';
import type { MessageKey, Said } from '@/lib/shared/i18n';
import { asIs } from '@/lib/shared/errors';

/** Each validation message both ways, by its English words (all made once, below). */
const SAID = new Map<string, Said>();

/** A validation message: its English words for zod, noted with its catalog key and values. */
function v(key: MessageKey, values?: Record<string, MessageValue>): string {
  const said = say(key, values);
  SAID.set(said.text, said);
  return said.text;
}

/** etcd's own limit (`etcdserver: too large lease TTL`). */
export const MAX_TTL_SECONDS = 9_000_000_000;
/** Keys are capped well inside etcd's request limit and Next's action body limit. */
export const MAX_KEY_BYTES = 4096;
export const MAX_VALUE_BYTES = 512 * 1024;

const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
const byteLength = (s: string) => new TextEncoder().encode(s).length;

export const ttlSchema = z
  .string({ error: v('validation.ttlRequired') })
  .trim()
  .min(1, v('validation.ttlRequired'))
  .refine((s) => /^[+-]?\d+(\.\d+)?$/.test(s), v('validation.ttlNumber'))
  .refine((s) => Number.isInteger(Number(s)), v('validation.ttlWhole'))
  .transform(Number)
  .refine((n) => n >= 1, v('validation.ttlMin'))
  .refine((n) => n <= MAX_TTL_SECONDS, v('validation.ttlMax', { max: MAX_TTL_SECONDS }));

export const keySchema = z
  .string({ error: v('validation.keyRequired') })
  .refine((s) => s.trim().length > 0, v('validation.keyRequired'))
  .refine((s) => !CONTROL_CHARS.test(s), v('validation.keyControl'))
  .refine(
    (s) => byteLength(s) <= MAX_KEY_BYTES,
    v('validation.keyTooLong', { max: MAX_KEY_BYTES }),
  );

export const valueSchema = z
  .string({ error: v('validation.valueText') })
  .refine(
    (s) => byteLength(s) <= MAX_VALUE_BYTES,
    v('validation.valueTooLong', { max: MAX_VALUE_BYTES / 1024 }),
  );

const LEASE_ID_HEX = v('validation.leaseIdHex');

export const leaseIdSchema = z
  .string({ error: v('validation.leaseIdRequired') })
  .trim()
  .min(1, v('validation.leaseIdRequired'))
  .transform((s, ctx) => {
    const id = parseLeaseId(s);
    if (!id) {
      ctx.addIssue({
        code: 'custom',
        message: LEASE_ID_HEX,
      });
      return z.NEVER;
    }
    return id;
  });

/** Grant a lease; the key is optional (a lease with no keys), the value goes with the key. */
export const grantInputSchema = z
  .strictObject({
    ttl: ttlSchema,
    key: z.string().optional().default(''),
    value: valueSchema.optional().default(''),
  })
  .superRefine((input, ctx) => {
    if (input.key === '') {
      if (input.value !== '')
        ctx.addIssue({
          code: 'custom',
          path: ['key'],
          message: v('validation.keyForValue'),
        });
      return;
    }
    const key = keySchema.safeParse(input.key);
    if (!key.success) {
      for (const issue of key.error.issues)
        ctx.addIssue({ code: 'custom', path: ['key'], message: issue.message });
    }
  });

export const attachInputSchema = z.strictObject({
  leaseId: leaseIdSchema,
  key: keySchema,
  value: valueSchema.optional().default(''),
});

export const leaseRefSchema = z.strictObject({ leaseId: leaseIdSchema });

export const scheduleSchema = z.enum(KEEP_ALIVE_SCHEDULES, {
  error: `Schedule must be one of ${KEEP_ALIVE_SCHEDULES.map((s) => `${s} (${scheduleLabel(s)})`).join(', ')}`,
});

/** Switch automatic keep-alive on (with a schedule; every TTL/3 unless given) or off. */
export const keepAliveInputSchema = z.strictObject({
  leaseId: leaseIdSchema,
  on: z.boolean({ error: 'On must be true or false' }),
  schedule: scheduleSchema.optional().default('third'),
});

/** The sign-in form: the dashboard token, or an etcd user's name and password (DASHBOARD_SIGN_IN=etcd). */
export const signInSchema = z.strictObject({
  token: z
    .string({ error: v('validation.tokenRequired') })
    .min(1, v('validation.tokenRequired'))
    .max(1024, v('validation.tokenTooLong'))
    .optional(),
  user: z
    .string({ error: v('validation.userRequired') })
    .min(1, v('validation.userRequired'))
    .max(256, v('validation.userTooLong'))
    .optional(),
  password: z
    .string({ error: v('validation.passwordRequired') })
    .min(1, v('validation.passwordRequired'))
    .max(1024, v('validation.passwordTooLong'))
    .optional(),
});
export type SignInInput = z.infer<typeof signInSchema>;

export const tutorialStepSchema = z.strictObject({
  step: z.enum(TUTORIAL_STEPS, { error: `Step must be one of ${TUTORIAL_STEPS.join(', ')}` }),
});
export const sessionInputSchema = z.strictObject({
  op: z.enum(['start', 'activity', 'reset'], { error: 'Op must be start, activity or reset' }),
});
export const dhcpInputSchema = z.strictObject({
  op: z.enum(['start', 'fail', 'succeed', 'reset'], {
    error: 'Op must be start, fail, succeed or reset',
  }),
});
export const registryInputSchema = z.strictObject({
  op: z.enum(['register', 'crash', 'reset'], { error: 'Op must be register, crash or reset' }),
  instance: z.string().max(64, 'Instance is too long').optional(),
});

/** A key prefix to revoke by: not empty; `/` is allowed but needs the lease count typed back. */
export const revokePrefixSchema = z
  .string({ error: v('validation.prefixRequired') })
  .min(1, v('validation.prefixEmpty'))
  .refine((s) => !CONTROL_CHARS.test(s), v('validation.prefixControl'))
  .refine(
    (s) => byteLength(s) <= MAX_KEY_BYTES,
    v('validation.prefixTooLong', { max: MAX_KEY_BYTES }),
  );
export const prefixPreviewSchema = z.strictObject({ prefix: revokePrefixSchema });
export const prefixRevokeSchema = z.strictObject({
  prefix: revokePrefixSchema,
  token: z.uuid({ error: v('validation.previewToken') }),
  count: z
    .number({ error: v('validation.countNumber') })
    .int(v('validation.countWhole'))
    .optional(),
});

const findingKind = z.enum(FINDING_KINDS, {
  error: v('findings.error.kind', { kinds: FINDING_KINDS.join(', ') }),
});
/** Revoking a finding's leases: the same preview, token and confirmation as a revoke by prefix. */
export const findingPreviewSchema = z.strictObject({ kind: findingKind });
export const findingRevokeSchema = prefixRevokeSchema.omit({ prefix: true }).extend({
  kind: findingKind,
});

export const contestInputSchema = z.strictObject({
  op: z.enum(['start', 'join', 'crash', 'reset'], {
    error: 'Op must be start, join, crash or reset',
  }),
  member: z.string().max(64, 'Member is too long').optional(),
});

export type GrantInput = z.output<typeof grantInputSchema>;
export type AttachInput = z.output<typeof attachInputSchema>;
export type LeaseRef = z.output<typeof leaseRefSchema>;
export type KeepAliveInput = z.output<typeof keepAliveInputSchema>;

/**
 * Each field's first error as a Problem, for the viewer's language: the catalog's sentence, or (for
 * zod's own words about a field no form sends) the words as they are.
 */
export function fieldProblemsOf(error: z.ZodError): Record<string, Problem> {
  const out: Record<string, Problem> = {};
  for (const [field, text] of Object.entries(fieldErrorsOf(error)))
    out[field] = { code: 'invalid_input', ...validationSaid(text) };
  return out;
}

/** A validation message both ways, by its English words. */
export const validationSaid = (text: string): Said => SAID.get(text) ?? asIs(text);

/** The first message per field, keyed by field name, for forms to show beside their inputs. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    out[field] ??= issue.message;
  }
  return out;
}
