// One error model for everything a user can see go wrong: a stable code (for programs, tests and the
// page's logic) next to a sentence in the user's words (for people). Every error the dashboard
// throws on purpose is a DashboardError; anything else is a bug, logged and shown as `internal`.
//
// Errors are recognised by their code, never with `instanceof`: Next.js bundles a module into more
// than one chunk, so the same class can exist several times in one server and `instanceof` fails.
//
// An error made with say() (./english.ts) also carries its sentence as a catalog message (`said`),
// which the page shows in the viewer's language; the English words stay its message.
import type { Message, MessageValue } from '@/lib/shared/contract-events';
import { english } from '@/lib/shared/english';
import { render, type Said } from '@/lib/shared/i18n';

export const ERROR_CODES = [
  /** a field's value is wrong (`field` names it) */
  'invalid_input',
  /** etcd has no such lease, and the dashboard did not see what became of it */
  'lease_not_found',
  /** the lease ran out of time */
  'lease_expired',
  /** somebody revoked the lease */
  'lease_revoked',
  /** etcd did not answer (refused, timed out, unreachable) */
  'etcd_unavailable',
  /** etcd answered and refused the request for another reason */
  'etcd_request_failed',
  /** etcd's authorisation refused the dashboard's user */
  'permission_denied',
  /** etcd refused the dashboard's user name or password, or none was given */
  'auth_failed',
  /** DASHBOARD_READ_ONLY: the dashboard changes nothing */
  'read_only',
  /** DASHBOARD_TOKEN: sign in first */
  'sign_in_required',
  /** DASHBOARD_KEY_PREFIX: the key or lease is outside what the dashboard may change */
  'outside_prefix',
  /** a limit was reached (grants a minute, sign-ins, scenario instances) */
  'rate_limited',
  /** the server's own configuration is wrong (it names the variable) */
  'config_invalid',
  /** replicas: this dashboard does not lead right now (another is taking over); try again */
  'not_leader',
  /** a bug: the details are in the server's log */
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The HTTP status a route handler answers with for each code. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  lease_not_found: 404,
  lease_expired: 404,
  lease_revoked: 404,
  etcd_unavailable: 503,
  etcd_request_failed: 502,
  permission_denied: 403,
  auth_failed: 502,
  read_only: 403,
  sign_in_required: 401,
  outside_prefix: 403,
  rate_limited: 429,
  config_invalid: 500,
  not_leader: 503,
  internal: 500,
};

export class DashboardError extends Error {
  override name = 'DashboardError';
  /** the message as a catalog key and values, when it was said with say() */
  readonly said?: Message;
  constructor(
    readonly code: ErrorCode,
    message: string | Said,
    /** the input field at fault, for `invalid_input` and `outside_prefix` on a key */
    readonly field?: string,
  ) {
    super(typeof message === 'string' ? message : message.text);
    if (typeof message !== 'string') this.said = message.message;
  }
}

const KNOWN = new Set<string>(ERROR_CODES);

/** The error's code if it is one of ours (by shape, whichever chunk made it), else null. */
export function errorCodeOf(err: unknown): ErrorCode | null {
  if (typeof err !== 'object' || err === null || !('code' in err)) return null;
  const { code } = err as { code: unknown };
  return typeof code === 'string' && KNOWN.has(code) ? (code as ErrorCode) : null;
}

/** What a user may be shown of an error: ours as they are, anything else as `internal`. */
export function publicError(err: unknown): {
  code: ErrorCode;
  message: string;
  field?: string;
  /** the message as a catalog key and values, when it has one */
  said?: Message;
} {
  const code = errorCodeOf(err);
  if (!code || code === 'internal') {
    const said: Message = { key: 'errors.internal' };
    return { code: 'internal', message: render(english, said), said };
  }
  const { message, field, said } = err as DashboardError;
  return { code, message, ...(field ? { field } : {}), ...(said ? { said } : {}) };
}

/**
 * An error as a value in a sentence: its catalog message when it has one (the viewer reads it in
 * their language), else its words as they are (etcd's, the system's).
 */
export function errorValue(err: unknown): MessageValue {
  return errorSaid(err) ?? (err instanceof Error ? err.message : String(err));
}

/** The error's sentence as a catalog message, when it is ours and was said with say(). */
export function errorSaid(err: unknown): Message | undefined {
  return errorCodeOf(err) ? (err as DashboardError).said : undefined;
}

/** The lease-gone codes: the lease is not in etcd any more. */
export const isLeaseGone = (code: ErrorCode | null): boolean =>
  code === 'lease_not_found' || code === 'lease_expired' || code === 'lease_revoked';

/** What a route handler answers when it fails: the message, its code, and the field at fault. */
export type ErrorBody = { error: string; code: ErrorCode; field?: string };

/** A route handler's error answer, with the status that goes with the code. */
export function errorResponse(code: ErrorCode, message: string, field?: string): Response {
  const body: ErrorBody = field ? { error: message, code, field } : { error: message, code };
  return Response.json(body, {
    status: HTTP_STATUS[code],
    headers: { 'Cache-Control': 'no-store' },
  });
}
