// One error model: a stable code for programs next to a sentence for people (its Problem,
// ./contract-problem.ts); anything not a DashboardError is a bug, shown as `internal`. Recognised
// by code, never `instanceof`: Next.js can bundle one class into several chunks.
import type { MessageValue } from '@/lib/shared/contract-events';
import {
  ERROR_CODES,
  type ErrorBody,
  type ErrorCode,
  type Problem,
  type Said,
} from '@/lib/shared/contract-problem';
import { say } from '@/lib/shared/english';

export { ERROR_CODES, type ErrorBody, type ErrorCode, type Problem };

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
  session_expired: 401,
  outside_prefix: 403,
  rate_limited: 429,
  config_invalid: 500,
  not_leader: 503,
  server_unreachable: 502,
  internal: 500,
};

export class DashboardError extends Error {
  override name = 'DashboardError';
  /** what a user is shown: its code, and its sentence in English (its message) and in the catalog */
  readonly problem: Problem;
  constructor(
    readonly code: ErrorCode,
    said: Said,
    /** the input field at fault, for `invalid_input` and `outside_prefix` on a key */
    readonly field?: string,
  ) {
    super(said.text);
    this.problem = { code, ...said };
  }
}

/** Words no catalog holds (etcd's own, the system's, zod's), said as they are in every language. */
export const asIs = (text: string): Said => say('errors.asIs', { text });

const KNOWN = new Set<string>(ERROR_CODES);

/** The error's code if it is one of ours (by shape, whichever chunk made it), else null. */
export function errorCodeOf(err: unknown): ErrorCode | null {
  if (typeof err !== 'object' || err === null || !('code' in err)) return null;
  const { code } = err as { code: unknown };
  return typeof code === 'string' && KNOWN.has(code) ? (code as ErrorCode) : null;
}

/** What a user may be shown of an error: ours as it is, anything else as `internal`. */
export function publicError(err: unknown): Problem {
  const code = errorCodeOf(err);
  if (!code || code === 'internal') return { code: 'internal', ...say('errors.internal') };
  // By shape: another build chunk's copy of the class, or an error that only has our code.
  const { problem, message } = err as { problem?: Problem; message?: string };
  return problem ?? { code, ...asIs(message ?? code) };
}

/** The input field at fault, when the error is ours and names one. */
export const errorField = (err: unknown): string | undefined =>
  errorCodeOf(err) ? (err as { field?: string }).field : undefined;

/**
 * An error as a value in a sentence: its catalog message when it is ours (the viewer reads it in
 * their language), else its words as they are (etcd's, the system's).
 */
export function errorValue(err: unknown): MessageValue {
  return errorCodeOf(err)
    ? publicError(err).message
    : err instanceof Error
      ? err.message
      : String(err);
}

/** The lease-gone codes: the lease is not in etcd any more. */
export const isLeaseGone = (code: ErrorCode | null): boolean =>
  code === 'lease_not_found' || code === 'lease_expired' || code === 'lease_revoked';

/** A route handler's error answer, with the status that goes with the code. */
export function errorResponse(code: ErrorCode, said: Said, field?: string): Response {
  const body: ErrorBody = {
    code,
    text: said.text,
    message: said.message,
    ...(field ? { field } : {}),
  };
  return Response.json(body, {
    status: HTTP_STATUS[code],
    headers: { 'Cache-Control': 'no-store' },
  });
}
