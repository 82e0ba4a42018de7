import 'server-only';
import { errorCodeOf, isLeaseGone, publicError } from '@/lib/shared/errors';
import type { EventLog } from '@/lib/events/event-log';
import type { LeaseSampler } from '@/lib/sampler/lease-sampler';
import type { KeepAliveSchedule, KeepAliveView, LeaseEvent, Message } from '@/lib/shared/contract';
import { english } from '@/lib/shared/english';
import { render } from '@/lib/shared/i18n';
import { renewalDelayMs } from '@/lib/shared/keep-alive-schedule';
import type { KeepAliveIntent } from '@/lib/keep-alive/intents';
import { lostReason } from '@/lib/keep-alive/lost-reason';
import * as say from '@/lib/keep-alive/narration';

// clientv3's KeepAlive, run by the server: each kept-alive lease is renewed over one shared
// keep-alive stream on its schedule until it is switched off, revoked or lost. It needs no browser
// open. Each keep-alive is also noted in etcd as an intent (./intents.ts), so a restarted dashboard,
// or the replica that leads next, resumes it (resume()): while no dashboard runs, nothing renews.

/**
 * How the manager renews: through the one path for changes to etcd (lib/mutations/etcd-changes.ts),
 * which checks each renewal and tells the sampler, on one shared keep-alive stream.
 */
export type Renewer = {
  /** `fresh`: judge the lease by a new reading of its keys, not by what the sampler last read */
  renew(id: string, options?: { fresh?: boolean }): Promise<number>;
  closeKeepAliveStream(): void;
  recordKeepAlive(intent: KeepAliveIntent): Promise<void>;
  forgetKeepAlive(id: string): Promise<void>;
  keptAlive(): Promise<KeepAliveIntent[]>;
};

/** How soon a failed renewal is tried again: as soon as clientv3 retries its stream. */
export const RETRY_MS = 500;
/** How many switched-off keep-alives stay on record so viewers can read why they stopped. */
const MAX_STOPPED = 500;
/** How soon resume() tries again the intents it could not resume because etcd did not answer. */
const RESUME_RETRY_MS = 2000;

type Entry = {
  view: KeepAliveView;
  grantedTTL: number;
  lastOkAt: number;
  timer?: NodeJS.Timeout;
  /** noted in etcd as an intent (a scenario's keep-alives are not: they end with its state) */
  remembered: boolean;
};

/** What the manager reads of the sampler: a lease as last seen, and a fresh reading of it. */
export type LeaseReader = Pick<LeaseSampler, 'lease' | 'refresh'>;

export class KeepAliveManager {
  private readonly entries = new Map<string, Entry>();
  /** switch-ons waiting for their first renewal, so two clicks do not start two timers */
  private readonly starting = new Map<string, Promise<KeepAliveView>>();
  private closed = false;
  private resumeTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sampler: LeaseReader,
    private readonly events: EventLog,
    private readonly renewer: Renewer,
  ) {
    events.subscribe((event) => this.heard(event));
  }

  /**
   * Switches keep-alive on (or changes the schedule of one that is on). The first renewal is sent at
   * once, as clientv3 does; if etcd says the lease is gone, nothing is switched on and this throws.
   */
  async start(
    id: string,
    schedule: KeepAliveSchedule,
    options: { remember?: boolean } = {},
  ): Promise<KeepAliveView> {
    const pending = this.starting.get(id);
    if (pending) await pending.catch(() => undefined);
    const current = this.entries.get(id);
    if (current?.view.on) {
      if (current.view.schedule !== schedule) {
        if (current.remembered)
          await this.renewer.recordKeepAlive({ id, schedule, since: current.view.startedAt });
        current.view = { ...current.view, schedule };
        this.events.add(say.scheduleChanged(id, schedule));
        this.schedule(id, current, current.lastOkAt + renewalDelayMs(schedule, current.grantedTTL));
      }
      return current.view;
    }
    const started = this.switchOn(id, schedule, { remember: options.remember ?? true }).finally(
      () => this.starting.delete(id),
    );
    this.starting.set(id, started);
    return started;
  }

  /**
   * Resumes the keep-alives noted in etcd (after a restart, or on becoming the leader): each is
   * read afresh and renewed at once, and an intent whose lease is gone, or no longer the
   * dashboard's to renew, is removed. Those etcd did not answer for are tried again shortly.
   */
  async resume(): Promise<void> {
    clearTimeout(this.resumeTimer);
    let intents: KeepAliveIntent[];
    try {
      intents = await this.renewer.keptAlive();
    } catch {
      this.resumeLater();
      return;
    }
    const results = await Promise.all(
      intents
        .filter((i) => !this.entries.get(i.id)?.view.on && !this.starting.has(i.id))
        .map((i) => this.resumeOne(i)),
    );
    if (results.includes('later')) this.resumeLater();
  }

  private async resumeOne(intent: KeepAliveIntent): Promise<'done' | 'later'> {
    const { id, schedule, since } = intent;
    const resumed = this.switchOn(id, schedule, { remember: true, resumedSince: since }).finally(
      () => this.starting.delete(id),
    );
    this.starting.set(id, resumed);
    try {
      await resumed;
      return 'done';
    } catch (err) {
      const code = errorCodeOf(err);
      if (!isLeaseGone(code) && code !== 'outside_prefix' && code !== 'read_only') return 'later';
      this.events.add(say.notResumed(id, err));
      this.forget(id);
      return 'done';
    }
  }

  private resumeLater(): void {
    if (this.closed) return;
    this.resumeTimer = setTimeout(() => void this.resume(), RESUME_RETRY_MS);
    this.resumeTimer.unref();
  }

  private async switchOn(
    id: string,
    schedule: KeepAliveSchedule,
    { remember, resumedSince }: { remember: boolean; resumedSince?: number },
  ): Promise<KeepAliveView> {
    const at = Date.now();
    // A resumed intent is checked against the lease as it is now: it may have changed since.
    const ttl = await this.renewer.renew(id, { fresh: resumedSince !== undefined });
    const since = resumedSince ?? at;
    if (remember && resumedSince === undefined)
      await this.renewer.recordKeepAlive({ id, schedule, since });
    if (this.closed) throw new Error('the keep-alives were stopped meanwhile');
    const entry: Entry = {
      remembered: remember,
      grantedTTL: ttl,
      lastOkAt: at,
      view: {
        on: true,
        schedule,
        startedAt: since,
        renewals: 1,
        lastRenewalAt: at,
        nextRenewalAt: at + renewalDelayMs(schedule, ttl),
        lastError: null,
      },
    };
    this.entries.set(id, entry);
    this.events.add(
      say.switchedOn(id, ttl, schedule, resumedSince === undefined ? undefined : since),
    );
    this.schedule(id, entry, at + renewalDelayMs(schedule, ttl));
    void this.sampler.refresh(id).catch(() => undefined);
    return entry.view;
  }

  /** Switches keep-alive off; the lease then counts down to expiry. */
  stop(id: string, reason: Message = say.reasons.switchedOff()): KeepAliveView | null {
    const entry = this.entries.get(id);
    if (!entry?.view.on) return entry?.view ?? null;
    clearTimeout(entry.timer);
    const { schedule, startedAt, renewals, lastRenewalAt, lastError } = entry.view;
    entry.view = {
      on: false,
      schedule,
      startedAt,
      renewals,
      lastRenewalAt,
      lastError,
      stoppedAt: Date.now(),
      stopReason: { text: render(english, reason), message: reason },
    };
    this.events.add(say.stopped(id, reason, entry.view.renewals));
    if (entry.remembered) this.forget(id);
    this.prune();
    return entry.view;
  }

  /** Removes the intent; if etcd does not take it, says so (a restart would resume the keep-alive). */
  private forget(id: string): void {
    this.renewer
      .forgetKeepAlive(id)
      .catch((err: unknown) => this.events.add(say.noteNotRemoved(id, err)));
  }

  view(id: string): KeepAliveView | null {
    return this.entries.get(id)?.view ?? null;
  }

  /**
   * Stops every timer (shutdown, another replica leading, tests); leases then count down on etcd as
   * after a crash. The intents stay in etcd for whoever resumes them.
   */
  close(): void {
    this.closed = true;
    clearTimeout(this.resumeTimer);
    for (const entry of this.entries.values()) clearTimeout(entry.timer);
    this.entries.clear();
    this.renewer.closeKeepAliveStream();
  }

  private schedule(id: string, entry: Entry, dueAt: number): void {
    clearTimeout(entry.timer);
    if (this.closed) return;
    if (entry.view.on) entry.view = { ...entry.view, nextRenewalAt: dueAt };
    entry.timer = setTimeout(() => void this.renew(id), Math.max(0, dueAt - Date.now()));
    entry.timer.unref();
  }

  private async renew(id: string): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry?.view.on) return;
    const at = Date.now();
    try {
      const ttl = await this.renewer.renew(id);
      if (!entry.view.on) return;
      entry.grantedTTL = ttl;
      entry.lastOkAt = at;
      entry.view = {
        ...entry.view,
        renewals: entry.view.renewals + 1,
        lastRenewalAt: at,
        lastError: null,
      };
      this.events.add(say.keptAlive(id, ttl, entry.view.renewals, entry.view.schedule));
      this.schedule(id, entry, at + renewalDelayMs(entry.view.schedule, ttl));
    } catch (err) {
      if (!entry.view.on) return;
      const code = errorCodeOf(err);
      if (isLeaseGone(code)) {
        this.stop(id, lostReason(this.sampler.lease(id), entry));
        return;
      }
      // The rules changed under it (another client put a key outside the prefix on the lease):
      // renewing is no longer the dashboard's to do, so it stops and says why.
      if (code === 'outside_prefix' || code === 'read_only') {
        this.stop(id, say.reasons.mayNotRenew(err));
        return;
      }
      const problem = publicError(err);
      if (problem.code === 'internal' && entry.view.lastError?.code !== 'internal')
        console.error(`keep-alive of lease ${id}: a renewal failed:`, err);
      entry.view = { ...entry.view, lastError: problem };
      this.schedule(id, entry, Date.now() + RETRY_MS);
    }
  }

  /** The sampler or the watch saw a kept-alive lease go: switch it off and say why. */
  private heard(event: LeaseEvent): void {
    if (event.kind !== 'lease-expired' && event.kind !== 'lease-revoked') return;
    const entry = event.lease ? this.entries.get(event.lease) : undefined;
    if (!event.lease || !entry?.view.on) return;
    this.stop(event.lease, lostReason(this.sampler.lease(event.lease), entry));
  }

  private prune(): void {
    const stoppedAt = (e: Entry) => (e.view.on ? 0 : e.view.stoppedAt);
    const stopped = [...this.entries].filter(([, e]) => !e.view.on);
    stopped
      .sort(([, a], [, b]) => stoppedAt(b) - stoppedAt(a))
      .slice(MAX_STOPPED)
      .forEach(([id]) => this.entries.delete(id));
  }
}
