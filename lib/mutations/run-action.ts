import 'server-only';
import type { z } from 'zod';
import { fieldProblemsOf } from '@/lib/shared/schemas';
import type { ActionFailure, ActionResult } from '@/lib/shared/action-result';
import type { Problem } from '@/lib/shared/contract';
import { errorField, publicError } from '@/lib/shared/errors';
import { assertMayChange, requestContext, type RequestContext } from '@/lib/access/guard';
import { forRequest } from '@/lib/dashboard/request';
import { currentDashboard } from '@/lib/dashboard/registry';
import { recordAudit, type Audited } from '@/lib/audit/record';
import { endExpiredSession } from '@/lib/access/sign-in';

// Every server action goes through here: validate with zod, call lib/, and turn what went wrong into
// one result type with a message for people. An action is a public POST endpoint, so the check
// happens here on the server whatever the form did. Each runs as work for the cluster its page shows,
// and each attempt, refused or not, is one entry of the audit trail (lib/audit/), as `audited` says.

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
  audited: Audited<z.output<S>, T>,
): Promise<ActionResult<T>> {
  return forRequest(async () => {
    const at = Date.now();
    let context: RequestContext;
    try {
      context = await assertMayChange();
    } catch (err) {
      const refused = failure(err);
      // A refused attempt still names what it was for, when its input says.
      const parsed = schema.safeParse(raw);
      const input = parsed.success ? (parsed.data as z.output<S>) : undefined;
      await audit(audited, at, await requester(), raw, { input, result: refused });
      return refused;
    }
    const ran = await validatedRun(schema, raw, (input) => run(input, context));
    await audit(audited, at, context, raw, ran);
    if (!ran.result.ok && ran.result.code === 'session_expired') await endExpiredSession();
    return ran.result;
  });
}

/** A server action that changes nothing in etcd by itself (sign-in, sign-out). */
export async function runAction<S extends z.ZodType, T>(
  schema: S,
  raw: unknown,
  run: (input: z.output<S>) => Promise<T>,
  audited: Audited<z.output<S>, T>,
): Promise<ActionResult<T>> {
  return forRequest(async () => {
    const at = Date.now();
    const context = await requester();
    const ran = await validatedRun(schema, raw, run);
    await audit(audited, at, context, raw, ran);
    return ran.result;
  });
}

/** An attempt refused before its input could be read (not a form): recorded, and answered. */
export async function refusedAction<I, T>(
  audited: Audited<I, T>,
  result: ActionFailure,
): Promise<ActionFailure> {
  return forRequest(async () => {
    const at = Date.now();
    await audit(audited, at, await requester(), undefined, { input: undefined, result });
    return result;
  });
}

/** Who asks, for the record; with a configuration error (its own answer says so) nobody is named. */
function requester(): Promise<RequestContext> {
  return requestContext().catch((): RequestContext => ({
    signedIn: false,
    client: 'unknown',
    who: 'anyone',
    as: null,
    session: null,
  }));
}

type Ran<I, T> = { input: I | undefined; result: ActionResult<T> };

async function validatedRun<S extends z.ZodType, T>(
  schema: S,
  raw: unknown,
  run: (input: z.output<S>) => Promise<T>,
): Promise<Ran<z.output<S>, T>> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors = fieldProblemsOf(parsed.error);
    const result = detached({ ok: false, ...joined(Object.values(fieldErrors)), fieldErrors });
    return { input: undefined, result };
  }
  const input = parsed.data as z.output<S>;
  try {
    return { input, result: { ok: true, data: await run(input) } };
  } catch (err) {
    return { input, result: failure(err) };
  }
}

/** The attempt's entry in the audit trail. Describing it can never fail the action. */
async function audit<I, T>(
  audited: Audited<I, T>,
  at: number,
  context: RequestContext,
  raw: unknown,
  { input, result }: Ran<I, T>,
): Promise<void> {
  if (audited.onlyRefused && result.ok) return;
  let what: ReturnType<NonNullable<Audited<I, T>['what']>> = {};
  let who = context.who;
  try {
    what = audited.what?.(input, result.ok ? result.data : undefined, at) ?? {};
    if (audited.who) who = audited.who(raw, result.ok, context.who);
  } catch (err) {
    console.error('lease dashboard: describing an action for the audit trail failed:', err);
  }
  const { action = audited.action, ...rest } = what;
  await recordAudit({
    at: new Date(at).toISOString(),
    cluster: currentDashboard().name,
    who,
    from: context.client,
    action,
    ...rest,
    result: result.ok ? 'ok' : result.code,
  });
}

/** Several fields' problems as one, as the English joins them ("a; b"). */
function joined(problems: Problem[]): Problem {
  return problems.reduce((all, next) => ({
    code: 'invalid_input',
    text: `${all.text}; ${next.text}`,
    message: { key: 'errors.joined', values: { first: all.message, next: next.message } },
  }));
}

/** One failure in the user's words with its code; a bug is logged here and shown as `internal`. */
function failure(err: unknown): ActionFailure {
  const problem = publicError(err);
  const field = errorField(err);
  if (problem.code === 'internal') console.error('server action failed:', err);
  return detached({
    ok: false,
    ...problem,
    ...(field ? { fieldErrors: { [field]: problem } } : {}),
  });
}

/**
 * A failure with no object in it twice. React sends a form's last result back with its next submit,
 * and an object met twice goes as a path reference ("$1:result:…"), which the action-body check
 * (lib/access/action-bodies.ts) refuses: the form's next submit failed with a 400.
 */
export function detached(result: ActionFailure): ActionFailure {
  return JSON.parse(JSON.stringify(result)) as ActionFailure;
}
