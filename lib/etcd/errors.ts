import 'server-only';
import { EtcdLeaseInvalidError, GRPCGenericError, isRecoverableError } from 'etcd3';

// The product's own errors. Everything above lib/etcd/ sees these, never etcd3's classes, and each
// message is written for the person at the dashboard.

export class LeaseNotFoundError extends Error {
  override name = 'LeaseNotFoundError';
  constructor(
    readonly leaseId: string,
    message = `lease ${leaseId} not found: it has expired, been revoked, or never existed`,
  ) {
    super(message);
  }
}

export class EtcdUnavailableError extends Error {
  override name = 'EtcdUnavailableError';
  constructor(
    readonly endpoints: string[],
    reason: string,
    /** true when the client did not even try, because the last attempts failed (circuit open) */
    readonly notTried = false,
  ) {
    super(`etcd is not answering at ${endpoints.join(', ')} (${reason})`);
  }
}

export class EtcdRequestError extends Error {
  override name = 'EtcdRequestError';
}

/** etcd3's circuit breaker (cockatiel) refuses calls to a host that failed three times in a row. */
function isBrokenCircuit(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'isBrokenCircuitError' in err;
}

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
  context: { endpoints: string[]; leaseId?: string },
): Error {
  if (err instanceof LeaseNotFoundError || err instanceof EtcdUnavailableError) return err;
  if (err instanceof EtcdLeaseInvalidError && context.leaseId)
    return new LeaseNotFoundError(context.leaseId);
  if (err instanceof TimeoutError) return new EtcdUnavailableError(context.endpoints, err.message);
  if (isBrokenCircuit(err)) {
    return new EtcdUnavailableError(
      context.endpoints,
      'it failed repeatedly; retrying shortly',
      true,
    );
  }
  if (
    (err instanceof Error && isRecoverableError(err)) ||
    (err instanceof GRPCGenericError && /UNAVAILABLE|DEADLINE|No connection/i.test(err.message))
  ) {
    return new EtcdUnavailableError(context.endpoints, reasonOf(err));
  }
  return new EtcdRequestError(`etcd refused the request: ${reasonOf(err)}`);
}

export class TimeoutError extends Error {
  override name = 'TimeoutError';
}
