// Every input a user can send: one zod schema per field, shared by the server actions (which must
// check everything: an action is a public POST endpoint) and by the forms' error messages.
import { z } from 'zod';
import { KEEP_ALIVE_SCHEDULES, SCHEDULES } from '@/lib/shared/keep-alive-schedule';
import { parseLeaseId } from '@/lib/shared/lease-id';
import { TUTORIAL_STEPS } from '@/lib/shared/tutorial-steps';

/** etcd's own limit (`etcdserver: too large lease TTL`). */
export const MAX_TTL_SECONDS = 9_000_000_000;
/** Keys are capped well inside etcd's 1.5 MiB request limit and Next's 1 MB action body limit. */
export const MAX_KEY_BYTES = 4096;
export const MAX_VALUE_BYTES = 512 * 1024;

const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
const byteLength = (s: string) => new TextEncoder().encode(s).length;

export const ttlSchema = z
  .string({ error: 'TTL is required' })
  .trim()
  .min(1, 'TTL is required')
  .refine((s) => /^[+-]?\d+(\.\d+)?$/.test(s), 'TTL must be a number of seconds, like 10')
  .refine((s) => Number.isInteger(Number(s)), 'TTL must be a whole number of seconds')
  .transform(Number)
  .refine((n) => n >= 1, 'TTL must be at least 1 second')
  .refine(
    (n) => n <= MAX_TTL_SECONDS,
    `TTL can be at most ${MAX_TTL_SECONDS.toLocaleString('en-US')} seconds (etcd's maximum)`,
  );

export const keySchema = z
  .string({ error: 'Key is required' })
  .refine((s) => s.trim().length > 0, 'Key is required')
  .refine((s) => !CONTROL_CHARS.test(s), 'Key must not contain control characters')
  .refine((s) => byteLength(s) <= MAX_KEY_BYTES, `Key can be at most ${MAX_KEY_BYTES} bytes`);

export const valueSchema = z
  .string({ error: 'Value must be text' })
  .refine(
    (s) => byteLength(s) <= MAX_VALUE_BYTES,
    `Value can be at most ${MAX_VALUE_BYTES / 1024} KiB`,
  );

export const leaseIdSchema = z
  .string({ error: 'Lease ID is required' })
  .trim()
  .min(1, 'Lease ID is required')
  .transform((s, ctx) => {
    const id = parseLeaseId(s);
    if (!id) {
      ctx.addIssue({
        code: 'custom',
        message: 'Lease ID must be the hex ID etcdctl prints, like 694d9a1b2c3d4e5f',
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
          message: 'Key is required to store a value',
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
  error: `Schedule must be one of ${KEEP_ALIVE_SCHEDULES.map((s) => `${s} (${SCHEDULES[s].label})`).join(', ')}`,
});

/** Switch automatic keep-alive on (with a schedule; every TTL/3 unless given) or off. */
export const keepAliveInputSchema = z.strictObject({
  leaseId: leaseIdSchema,
  on: z.boolean({ error: 'On must be true or false' }),
  schedule: scheduleSchema.optional().default('third'),
});

export const signInSchema = z.strictObject({
  token: z
    .string({ error: 'Token is required' })
    .min(1, 'Token is required')
    .max(1024, 'Token is too long'),
});

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
  .string({ error: 'Prefix is required' })
  .min(1, 'Prefix is required: an empty prefix would take every lease with a key')
  .refine((s) => !CONTROL_CHARS.test(s), 'Prefix must not contain control characters')
  .refine((s) => byteLength(s) <= MAX_KEY_BYTES, `Prefix can be at most ${MAX_KEY_BYTES} bytes`);
export const prefixPreviewSchema = z.strictObject({ prefix: revokePrefixSchema });
export const prefixRevokeSchema = z.strictObject({
  prefix: revokePrefixSchema,
  token: z.uuid({ error: 'Token must be the one the preview gave' }),
  count: z
    .number({ error: 'Count must be the number of leases, typed back' })
    .int('Count must be a whole number')
    .optional(),
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

/** The first message per field, keyed by field name, for forms to show beside their inputs. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    out[field] ??= issue.message;
  }
  return out;
}
