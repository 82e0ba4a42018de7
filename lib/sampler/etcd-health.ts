import 'server-only';
import { displayEndpoints } from '@/lib/dashboard/registry';
import type { EtcdUnavailableError } from '@/lib/etcd/errors';
import type { Outcome } from '@/lib/sampler/read-leases';
import { DashboardError, errorCodeOf, publicError } from '@/lib/shared/errors';
import { say } from '@/lib/shared/english';
import type { EtcdStatus } from '@/lib/shared/contract';

// Whether the sampler's last attempt could read the leases, and why not, in words for the banner.
// Each change is said once in the server log, not once a second.

const NO_ANSWER_YET = say('errors.noAnswerYet');

export class EtcdHealth {
  private status: EtcdStatus = {
    ok: false,
    endpoints: displayEndpoints(),
    error: { code: 'etcd_unavailable', ...NO_ANSWER_YET },
    problem: 'unreachable',
    failing: [],
    lastOkAt: null,
  };
  private reported: string | null = null;

  get ok(): boolean {
    return this.status.ok;
  }

  /** The status (`failing` is the cluster monitor's to fill). */
  current(): EtcdStatus {
    return { ...this.status, endpoints: [...this.status.endpoints] };
  }

  succeeded(): void {
    const endpoints = displayEndpoints();
    if (!this.status.ok && this.reported)
      console.info(`etcd answers again at ${endpoints.join(', ')}`);
    this.reported = null;
    this.status = {
      ok: true,
      endpoints,
      error: null,
      problem: null,
      failing: [],
      lastOkAt: Date.now(),
    };
  }

  failed(err: unknown): void {
    // While etcd3 holds off after repeated failures, the reason of the last real attempt still holds.
    const code = errorCodeOf(err);
    const notTried = code === 'etcd_unavailable' && (err as EtcdUnavailableError).notTried;
    if (notTried && !this.status.ok && this.status.error) return;
    const message = err instanceof Error ? err.message : String(err);
    if (message !== this.reported) console.error(`lease sampler: ${message}`);
    this.reported = message;
    this.status = {
      ok: false,
      endpoints: displayEndpoints(),
      error: publicError(err),
      problem:
        code === 'permission_denied' || code === 'auth_failed'
          ? 'access'
          : code === 'config_invalid'
            ? 'config'
            : 'unreachable',
      failing: [],
      lastOkAt: this.status.lastOkAt,
    };
  }

  /** A round that listed the leases: etcd answers, unless every read then went unanswered. */
  roundEnded(outcomes: Outcome[]): void {
    const unanswered = outcomes.filter(
      (o) => 'failure' in o && o.failure.code === 'etcd_unavailable',
    );
    const first = unanswered[0];
    if (first && 'failure' in first && unanswered.length === outcomes.length) {
      this.failed(new DashboardError('etcd_unavailable', first.failure));
    } else this.succeeded();
  }
}
