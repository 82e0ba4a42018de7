// The JSON contract, continued: the one shape of everything a user can see go wrong, wherever it is
// (an API error, an action's result, etcd's status, a lease's failed read, a keep-alive's last
// attempt, a revoke's failures). Zod schemas, the types inferred from them; imports only zod and
// the rest of the contract. ./errors.ts holds what the server does with them.
import { z } from 'zod';
import { messageSchema } from '@/lib/shared/contract-events';

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
  /** DASHBOARD_SIGN_IN=etcd: etcd no longer accepts the user's token; sign in again */
  'session_expired',
  /** DASHBOARD_KEY_PREFIX: the key or lease is outside what the dashboard may change */
  'outside_prefix',
  /** a limit was reached (grants a minute, sign-ins, scenario instances) */
  'rate_limited',
  /** the server's own configuration is wrong (it names the variable) */
  'config_invalid',
  /** replicas: this dashboard does not lead right now (another is taking over); try again */
  'not_leader',
  /**
   * the page's own: it got no answer it can use from the dashboard server (none, a proxy's error
   * page, or one that does not match the contract); the server never sends it
   */
  'server_unreachable',
  /** a bug: the details are in the server's log */
  'internal',
] as const;

export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** A sentence both ways: in English words, and as a catalog message for each viewer's language. */
export const saidSchema = z.object({
  /** in English: the same for every viewer, the API and the logs */
  text: z.string(),
  /** the same sentence as a catalog key and values, for the viewer's language */
  message: messageSchema,
});
export type Said = z.infer<typeof saidSchema>;

/**
 * What went wrong, as a user may see it: a stable code (for programs, tests and the page's logic)
 * beside the sentence, in English and as a catalog message. Words no catalog holds (etcd's own,
 * the system's) travel as the catalog's `errors.asIs`, which says them as they are.
 */
export const problemSchema = saidSchema.extend({ code: errorCodeSchema });
export type Problem = z.infer<typeof problemSchema>;

/** What a route handler answers when it fails: the problem, and the field at fault. */
export const errorBodySchema = problemSchema.extend({ field: z.string().optional() });
export type ErrorBody = z.infer<typeof errorBodySchema>;
