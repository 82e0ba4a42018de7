import 'server-only';
import { remainingNow } from '../countdown';
import { TtlHistory } from '../history';
import { classifyGone } from '../lease-state';
import type { EtcdStatus, LeaseDetailResponse, LeaseView, LeasesResponse } from '../types';
import { displayEndpoints } from '../config';
import { EtcdUnavailableError } from '../etcd/errors';
import { listLeaseIds, readLease, type LeaseReading } from '../etcd/leases';

// One sampler per server process reads every lease about once a second and keeps what it saw. Every
// route handler answers from here, so ten browsers cost etcd what one does. Leases about to expire
// are re-read four times a second so an expiry shows promptly, and a lease that disappears stays
// listed (expired or revoked) for a while so people can see what happened.

export const ROUND_INTERVAL_MS = 1000;
export const QUICK_INTERVAL_MS = 250;
/** Leases with less than this left (by estimate) are re-read every QUICK_INTERVAL_MS. */
export const NEAR_EXPIRY_S = 2;
export const GONE_RETENTION_MS = 5 * 60_000;
export const MAX_GONE_LEASES = 500;
const READ_CONCURRENCY = 64;

type Tracked = { view: LeaseView; history: TtlHistory };

export class LeaseSampler {
  private readonly leases = new Map<string, Tracked>();
  private readonly revokedHere = new Set<string>();
  private status: EtcdStatus = {
    ok: false,
    endpoints: displayEndpoints(),
    error: 'no answer yet',
    lastOkAt: null,
  };
  private sampledAt = 0;
  private running = false;
  private roundTimer: NodeJS.Timeout | undefined;
  private quickTimer: NodeJS.Timeout | undefined;
  private quickBusy = false;
  private firstRound: Promise<void> | undefined;
  private reportedError: string | null = null;

  /** Starts sampling; resolves after the first round (whether etcd answered or not). */
  start(): Promise<void> {
    if (!this.running) {
      this.running = true;
      this.firstRound = this.loop();
      this.quickTimer = setInterval(() => void this.quickTick(), QUICK_INTERVAL_MS);
      this.quickTimer.unref();
    }
    return this.firstRound ?? Promise.resolve();
  }

  /**
   * Starts sampling if need be and waits for the first round, but never longer than `maxWaitMs`: a
   * page must load (and say etcd is not answering) even when etcd's host swallows packets.
   */
  async ready(maxWaitMs = 1500): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, maxWaitMs)));
    await Promise.race([this.start(), timeout]);
    clearTimeout(timer);
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.roundTimer);
    clearInterval(this.quickTimer);
  }

  snapshot(): LeasesResponse {
    const leases = [...this.leases.values()].map((t) => t.view);
    leases.sort(
      (a, b) =>
        Number(a.status !== 'alive') - Number(b.status !== 'alive') ||
        b.firstSeenAt - a.firstSeenAt,
    );
    return { sampledAt: this.sampledAt, now: Date.now(), etcd: this.etcdStatus(), leases };
  }

  detail(id: string): LeaseDetailResponse | null {
    const tracked = this.leases.get(id);
    if (!tracked) return null;
    return {
      now: Date.now(),
      etcd: this.etcdStatus(),
      lease: tracked.view,
      history: tracked.history.toArray(),
    };
  }

  etcdStatus(): EtcdStatus {
    return { ...this.status, endpoints: [...this.status.endpoints] };
  }

  get lastSampledAt(): number {
    return this.sampledAt;
  }

  /** Re-reads one lease now (after the dashboard changed it), so viewers see the change at once. */
  async refresh(id: string): Promise<LeaseView | null> {
    const at = Date.now();
    const reading = await readLease(id);
    this.apply(id, reading, at);
    return this.leases.get(id)?.view ?? null;
  }

  /**
   * Wraps the dashboard's own revoke, so the lease is shown as revoked by the dashboard (not expired,
   * not revoked by another client) even when a round sees it gone before the revoke call returns.
   */
  async revoking<T>(id: string, revoke: () => Promise<T>): Promise<T> {
    this.revokedHere.add(id);
    try {
      const result = await revoke();
      this.apply(id, null, Date.now());
      return result;
    } finally {
      this.revokedHere.delete(id);
    }
  }

  /** What the dashboard last saw of a lease, if it has seen it at all. */
  lease(id: string): LeaseView | null {
    return this.leases.get(id)?.view ?? null;
  }

  /** One full round: LeaseLeases, then TimeToLive with keys for each lease. */
  async round(): Promise<void> {
    const startedAt = Date.now();
    try {
      const ids = await listLeaseIds();
      const listed = new Set(ids);
      const readings = await mapLimit(ids, READ_CONCURRENCY, (id) => readLease(id));
      ids.forEach((id, i) => this.apply(id, readings[i] ?? null, startedAt));
      for (const [id, tracked] of this.leases) {
        // Only leases read before this round's list can be declared gone by it: a lease granted
        // while the round ran is simply not in its list yet.
        if (!listed.has(id) && tracked.view.status === 'alive' && tracked.view.readAt < startedAt) {
          this.apply(id, null, startedAt);
        }
      }
      this.sampledAt = startedAt;
      this.succeeded();
    } catch (err) {
      this.failed(err);
    }
    this.prune(Date.now());
  }

  /** Re-reads the leases that are about to expire, so expiry is seen within a fraction of a second. */
  private async quickTick(): Promise<void> {
    if (this.quickBusy || !this.status.ok) return;
    const now = Date.now();
    const due = [...this.leases.values()]
      .map((t) => t.view)
      .filter((v) => v.status === 'alive' && remainingNow(v.ttl, v.readAt, now) < NEAR_EXPIRY_S)
      .map((v) => v.id);
    if (due.length === 0) return;
    this.quickBusy = true;
    try {
      const readings = await mapLimit(due, READ_CONCURRENCY, (id) => readLease(id));
      due.forEach((id, i) => this.apply(id, readings[i] ?? null, now));
    } catch (err) {
      this.failed(err);
    } finally {
      this.quickBusy = false;
    }
  }

  private async loop(): Promise<void> {
    if (!this.running) return;
    const started = Date.now();
    await this.round();
    if (!this.running) return;
    const wait = Math.max(0, ROUND_INTERVAL_MS - (Date.now() - started));
    this.roundTimer = setTimeout(() => void this.loop(), wait);
    this.roundTimer.unref();
  }

  private apply(id: string, reading: LeaseReading | null, at: number): void {
    const tracked = this.leases.get(id);
    if (reading) {
      if (!tracked) {
        const history = new TtlHistory();
        history.push({ t: reading.readAt, grantedTTL: reading.grantedTTL, ttl: reading.ttl });
        this.leases.set(id, {
          history,
          view: {
            ...reading,
            status: 'alive',
            revokedBy: null,
            firstSeenAt: reading.readAt,
            goneAt: null,
            deletedKeys: [],
          },
        });
        return;
      }
      // A reading sent before one we already have (or before we saw the lease go) is stale.
      if (reading.readAt < tracked.view.readAt) return;
      if (tracked.view.goneAt !== null && reading.readAt <= tracked.view.goneAt) return;
      tracked.view = {
        ...tracked.view,
        ...reading,
        status: 'alive',
        revokedBy: null,
        goneAt: null,
        deletedKeys: [],
      };
      tracked.history.push({ t: reading.readAt, grantedTTL: reading.grantedTTL, ttl: reading.ttl });
      return;
    }
    if (!tracked || tracked.view.status !== 'alive') return;
    if (at < tracked.view.readAt) return;
    const { status, revokedBy } = classifyGone(tracked.view, at, this.revokedHere.has(id));
    tracked.view = {
      ...tracked.view,
      status,
      revokedBy,
      ttl: -1,
      goneAt: at,
      deletedKeys: tracked.view.keys,
      keys: [],
    };
    tracked.history.push({ t: at, grantedTTL: tracked.view.grantedTTL, ttl: 0 });
  }

  private succeeded(): void {
    const endpoints = displayEndpoints();
    if (!this.status.ok && this.reportedError)
      console.info(`etcd answers again at ${endpoints.join(', ')}`);
    this.reportedError = null;
    this.status = { ok: true, endpoints, error: null, lastOkAt: Date.now() };
  }

  private failed(err: unknown): void {
    // While etcd3 holds off after repeated failures, the reason of the last real attempt still holds.
    if (err instanceof EtcdUnavailableError && err.notTried && !this.status.ok && this.status.error)
      return;
    const message = err instanceof Error ? err.message : String(err);
    const endpoints = displayEndpoints();
    if (message !== this.reportedError) console.error(`lease sampler: ${message}`);
    this.reportedError = message;
    this.status = { ok: false, endpoints, error: message, lastOkAt: this.status.lastOkAt };
  }

  private prune(now: number): void {
    const gone = [...this.leases.values()].filter((t) => t.view.goneAt !== null);
    gone.sort((a, b) => (b.view.goneAt ?? 0) - (a.view.goneAt ?? 0));
    gone.forEach((t, i) => {
      if (i >= MAX_GONE_LEASES || now - (t.view.goneAt ?? now) > GONE_RETENTION_MS)
        this.leases.delete(t.view.id);
    });
  }
}

async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
