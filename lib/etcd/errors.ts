import 'server-only';
import {
  EtcdAuthenticationFailedError,
  EtcdInvalidAuthTokenError,
  EtcdLeaseInvalidError,
  EtcdPermissionDeniedError,
  GRPCGenericError,
  GRPCResourceExhastedError,
  isRecoverableError,
} from 'etcd3';
import { getConfig } from '@/lib/dashboard/registry';
import type { Problem } from '@/lib/shared/contract-problem';
import { DashboardError, errorCodeOf } from '@/lib/shared/errors';
import { say } from '@/lib/shared/english';
import type { Said } from '@/lib/shared/i18n';

// The product's own errors. Everything above lib/etcd/ sees these, never etcd3's classes, and each
// message is written for the person at the dashboard.

export class LeaseNotFoundError extends DashboardError {
  override name = 'LeaseNotFoundError';
  constructor(
    readonly leaseId: string,
    said: Said = say('errors.leaseNotFound', { id: leaseId }),
    code: 'lease_not_found' | 'lease_expired' | 'lease_revoked' = 'lease_not_found',
  ) {
    super(code, said);
  }
}

export class EtcdUnavailableError extends DashboardError {
  override name = 'EtcdUnavailableError';
  constructor(
    readonly endpoints: string[],
    reason: string,
    /** true when the client did not even try, because the last attempts failed (circuit open) */
    readonly notTried = false,
  ) {
    super(
      'etcd_unavailable',
      say('errors.etcdUnavailable', { endpoints: endpoints.join(', '), reason }),
    );
  }
}

export class EtcdRequestError extends DashboardError {
  override name = 'EtcdRequestError';
  constructor(said: Said) {
    super('etcd_request_failed', said);
  }
}

/** etcd answered but refused the dashboard: wrong credentials, none given, or not permitted. */
export class EtcdAccessError extends DashboardError {
  override name = 'EtcdAccessError';
  constructor(code: 'permission_denied' | 'auth_failed' | 'session_expired', said: Said) {
    super(code, said);
  }
}

/** The user this dashboard signs in to etcd as, unless the caller knows it (the reader's thread). */
function user(given?: string | null): string | null {
  if (given !== undefined) return given;
  try {
    return getConfig().auth?.username ?? null;
  } catch {
    return null;
  }
}

/** Access problems in the operator's words; never with the password. */
function accessError(err: unknown, username?: string | null): EtcdAccessError | null {
  const message = err instanceof Error ? err.message : '';
  const name = user(username);
  const who = { named: name ? 'yes' : 'no', user: name ?? '' };
  if (err instanceof EtcdAuthenticationFailedError || /authentication failed/.test(message))
    return new EtcdAccessError('auth_failed', say('errors.etcdAuthFailed', who));
  if (/user name is empty|auth.*not.*provided|token.*not.*provided/i.test(message))
    return new EtcdAccessError('auth_failed', say('errors.etcdAuthNeeded'));
  if (err instanceof EtcdPermissionDeniedError || /permission denied/.test(message))
    return new EtcdAccessError('permission_denied', say('errors.etcdPermissionDenied', who));
  if (err instanceof EtcdInvalidAuthTokenError)
    return new EtcdAccessError('auth_failed', say('errors.etcdAuthToken'));
  return null;
}

/** etcd3's circuit breaker (cockatiel) refuses calls to a host that failed three times in a row. */
function isBrokenCircuit(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  // By its marker, or by its words: etcd3 can hand it on from a copy of cockatiel without the marker.
  return (
    'isBrokenCircuitError' in err ||
    (err instanceof Error && /circuit breaker is open/i.test(err.message))
  );
}

/**
 * gRPC's status codes for "no answer": DEADLINE_EXCEEDED and UNAVAILABLE. A stream's error (the
 * keep-alive's) reaches us as gRPC made it, a plain Error with the code, not cast by etcd3.
 */
const NO_ANSWER_STATUS = new Set([4, 14]);
const isNoAnswerStatus = (err: unknown): boolean =>
  err instanceof Error && NO_ANSWER_STATUS.has((err as { code?: unknown }).code as number);

function reasonOf(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/ECONNREFUSED/.test(message)) return 'connection refused';
  if (/ENOTFOUND|EAI_AGAIN/.test(message)) return 'host not found';
  if (/DEADLINE_EXCEEDED|ETIMEDOUT|deadline/i.test(message)) return 'timed out';
  if (/No connection established/i.test(message)) return 'no connection could be made';
  // gRPC messages start with a status code ("14 UNAVAILABLE: ..."); keep the words.
  return (
    message
      .replace(/^\d+ [A-Z_]+: /, '')
      .split('\n')[0]
      ?.slice(0, 200) || 'no answer'
  );
}

/** Maps whatever etcd3 (or gRPC, or the fault-handling policies) threw into one of ours. */
export function toDashboardError(
  err: unknown,
  context: { endpoints: string[]; leaseId?: string; username?: string | null },
): DashboardError {
  if (errorCodeOf(err)) return err as DashboardError;
  const access = accessError(err, context.username);
  if (access) return access;
  if (err instanceof EtcdLeaseInvalidError && context.leaseId)
    return new LeaseNotFoundError(context.leaseId);
  // By name: a class checked with instanceof can exist once per build chunk.
  if (err instanceof Error && err.name === 'TimeoutError')
    return new EtcdUnavailableError(context.endpoints, err.message);
  if (isBrokenCircuit(err)) {
    return new EtcdUnavailableError(
      context.endpoints,
      'it failed repeatedly; retrying shortly',
      true,
    );
  }
  if (
    // An answer too large for gRPC is that request's problem, not an unreachable etcd.
    (err instanceof Error &&
      isRecoverableError(err) &&
      !(err instanceof GRPCResourceExhastedError)) ||
    (err instanceof GRPCGenericError && /UNAVAILABLE|DEADLINE|No connection/i.test(err.message)) ||
    isNoAnswerStatus(err)
  ) {
    const reason = reasonOf(err);
    // gRPC hides a failed TLS handshake behind "no connection"; say where to look.
    const tls =
      reason === 'no connection could be made' &&
      context.endpoints.some((e) => e.startsWith('https:'))
        ? '; over https, check ETCD_CA_FILE, ETCD_CERT_FILE and ETCD_KEY_FILE'
        : '';
    return new EtcdUnavailableError(context.endpoints, reason + tls);
  }
  return new EtcdRequestError(say('errors.etcdRefused', { reason: reasonOf(err) }));
}

/**
 * One of our errors as plain data, to cross from the reader's worker thread, where a class does
 * not survive the copy: its code and words, and what the sampler reads of it.
 */
export type DashboardErrorData = {
  name: string;
  problem: Problem;
  field?: string;
  /** EtcdUnavailableError's: the client did not even try */
  notTried?: boolean;
};

export function errorData(err: DashboardError): DashboardErrorData {
  const notTried = err.code === 'etcd_unavailable' && (err as EtcdUnavailableError).notTried;
  return {
    name: err.name,
    problem: err.problem,
    ...(err.field ? { field: err.field } : {}),
    ...(notTried ? { notTried } : {}),
  };
}

/** The error again from its data: the same code, name and words, as the page and sampler see it. */
export function fromErrorData(data: DashboardErrorData): DashboardError {
  const { name, problem, field, notTried } = data;
  const { code, text, message } = problem;
  const err = new DashboardError(code, { text, message }, field);
  return Object.assign(err, { name }, notTried ? { notTried } : {});
}

export class TimeoutError extends Error {
  override name = 'TimeoutError';
}
