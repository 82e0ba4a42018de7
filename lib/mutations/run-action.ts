import 'server-only';
import type { z } from 'zod';
import { ConfigError } from '@/lib/config/env';
import {
  EtcdAccessError,
  EtcdRequestError,
  EtcdUnavailableError,
  LeaseNotFoundError,
} from '@/lib/etcd/errors';
import { fieldErrorsOf } from '@/lib/shared/schemas';
import type { ActionResult } from '@/lib/shared/action-result';
import { AccessError, InputError, assertMayChange, type RequestContext } from '@/lib/access/guard';

// Every server action goes through here: validate with zod, call lib/, and turn what went wrong into
// one result type with a message for people. An action is a public POST endpoint, so the check
// happens here on the server whatever the form did.

/** Form fields by name, without the fields React and Next add for their own use. */
export function formFields(formData: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of formData.entries()) {
    if (name.startsWith('$ACTION')) continue;
    // A file where text belongs stays a file, so the field's schema refuses it by name.
    out[name] = value;
  }
  return out;
}

/**
 * A server action that changes etcd: refused unless this request may change it (read-only mode,
 * sign-in), then validated, then run. Every failure is one ActionResult with a message for people.
 */
export async function runMutation<S extends z.ZodType, T>(
  schema: S,
  raw: unknown,
  run: (input: z.output<S>, context: RequestContext) => Promise<T>,
): Promise<ActionResult<T>> {
  let context: RequestContext;
  try {
    context = await assertMayChange();
  } catch (err) {
    return { ok: false, error: messageFor(err) };
  }
  return runAction(schema, raw, (input) => run(input, context));
}

export async function runAction<S extends z.ZodType, T>(
  schema: S,
  raw: unknown,
  run: (input: z.output<S>) => Promise<T>,
): Promise<ActionResult<T>> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    return { ok: false, error: Object.values(fieldErrors).join('; '), fieldErrors };
  }
  try {
    return { ok: true, data: await run(parsed.data) };
  } catch (err) {
    if (err instanceof InputError)
      return { ok: false, error: err.message, fieldErrors: { [err.field]: err.message } };
    return { ok: false, error: messageFor(err) };
  }
}

function messageFor(err: unknown): string {
  if (
    err instanceof LeaseNotFoundError ||
    err instanceof EtcdUnavailableError ||
    err instanceof EtcdRequestError ||
    err instanceof EtcdAccessError ||
    err instanceof AccessError ||
    err instanceof ConfigError
  ) {
    return err.message;
  }
  // A bug, not a user error: keep the details in the server log, not on the page.
  console.error('server action failed:', err);
  return 'Something went wrong on the dashboard server; the details are in its log.';
}
