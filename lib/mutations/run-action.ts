import 'server-only';
import type { z } from 'zod';
import { fieldErrorsOf, fieldMessagesOf } from '@/lib/shared/schemas';
import type { ActionResult } from '@/lib/shared/action-result';
import type { Message } from '@/lib/shared/contract';
import { publicError } from '@/lib/shared/errors';
import { assertMayChange, type RequestContext } from '@/lib/access/guard';
import { forRequest } from '@/lib/dashboard/request';

// Every server action goes through here: validate with zod, call lib/, and turn what went wrong into
// one result type with a message for people. An action is a public POST endpoint, so the check
// happens here on the server whatever the form did. Each runs as work for the cluster its page shows.

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
  return forRequest(async () => {
    let context: RequestContext;
    try {
      context = await assertMayChange();
    } catch (err) {
      return failure(err);
    }
    return runAction(schema, raw, (input) => run(input, context));
  });
}

export async function runAction<S extends z.ZodType, T>(
  schema: S,
  raw: unknown,
  run: (input: z.output<S>) => Promise<T>,
): Promise<ActionResult<T>> {
  return forRequest(() => validatedRun(schema, raw, run));
}

async function validatedRun<S extends z.ZodType, T>(
  schema: S,
  raw: unknown,
  run: (input: z.output<S>) => Promise<T>,
): Promise<ActionResult<T>> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    const fieldMessages = fieldMessagesOf(parsed.error);
    const messages = Object.values(fieldMessages);
    return detached({
      ok: false,
      code: 'invalid_input',
      error: Object.values(fieldErrors).join('; '),
      fieldErrors,
      fieldMessages,
      // In words only when every field's error is in the catalog (a stray field's zod message is not).
      ...(messages.length === Object.keys(fieldErrors).length && messages.length > 0
        ? { message: joined(messages) }
        : {}),
    });
  }
  try {
    return { ok: true, data: await run(parsed.data) };
  } catch (err) {
    return failure(err);
  }
}

/** Several messages as one, as the English joins them ("a; b"). */
function joined(messages: Message[]): Message {
  return messages
    .slice(1)
    .reduce<Message>(
      (all, next) => ({ key: 'errors.joined', values: { first: all, next } }),
      messages[0] as Message,
    );
}

/** One failure in the user's words with its code; a bug is logged here and shown as `internal`. */
function failure(err: unknown): ActionResult<never> {
  const { code, message, field, said } = publicError(err);
  if (code === 'internal') console.error('server action failed:', err);
  const inWords = said ? { message: said } : {};
  if (!field) return detached({ ok: false, code, error: message, ...inWords });
  return detached({
    ok: false,
    code,
    error: message,
    fieldErrors: { [field]: message },
    ...inWords,
    ...(said ? { fieldMessages: { [field]: said } } : {}),
  });
}

/**
 * A failure with no object in it twice. React sends a form's last result back with its next submit,
 * and an object met twice goes as a path reference ("$1:result:…"), which the action-body check
 * (lib/access/action-bodies.ts) refuses: the form's next submit failed with a 400.
 */
function detached<T>(result: ActionResult<T>): ActionResult<T> {
  return JSON.parse(JSON.stringify(result)) as ActionResult<T>;
}
