import 'server-only';
import { Listing, applyListing, type ListingDiff } from '@/lib/sampler/listing';
import { EtcdReader } from '@/lib/etcd/reader';
import { errorCodeOf } from '@/lib/shared/errors';
import { EventLog } from '@/lib/events/event-log';
import type { EtcdStatus, LeaseView, RoundStat, SamplerStats } from '@/lib/shared/contract';
import type { TtlPoint } from '@/lib/shared/contract-history';
import { EtcdHealth } from '@/lib/sampler/etcd-health';
import { KeyWatcher } from '@/lib/sampler/key-watcher';
import { LeaseStore } from '@/lib/sampler/lease-store';
import { applyOutcomes, readLeases, type Outcome } from '@/lib/sampler/read-leases';
import { ReadPlanner } from '@/lib/sampler/read-planner';
import { QUICK_INTERVAL_MS } from '@/lib/sampler/quick-reads';
import * as say from '@/lib/sampler/narration';
import { OwnActions } from '@/lib/sampler/own-actions';
import { RoundLog } from '@/lib/sampler/round-log';
import { breather } from '@/lib/sampler/map-limit';
import type { SamplerOptions } from '@/lib/sampler/sampler-options';
import { waitAtMost } from '@/lib/shared/wait';

// One sampler per dashboard reads the leases in rounds, so many browsers cost etcd what one does:
// it does the I/O, the store (./lease-store.ts) keeps what was read, and the planner
// (./read-planner.ts) decides what to read.

export const ROUND_INTERVAL_MS = 1000;

export class LeaseSampler {
  private readonly own = new OwnActions((id) => this.options.grantedGone?.(id));
  private readonly rounds: RoundLog;
  private readonly store: LeaseStore;
  private readonly planner: ReadPlanner;
  private readonly keyWatch: KeyWatcher;
  private readonly health = new EtcdHealth();
  private readonly reader = new EtcdReader();
  private readonly listing = new Listing(this.reader);
  private sampledAt = 0;
  private running = false;
  private roundTimer: NodeJS.Timeout | undefined;
  private quickTimer: NodeJS.Timeout | undefined;
  private quickBusy = false;
  private firstRound: Promise<void> | undefined;
  private reportedReadFailure: string | null = null;

  constructor(
    readonly events: EventLog = new EventLog(),
    private readonly options: SamplerOptions = {},
  ) {
    this.rounds = options.rounds ?? new RoundLog();
    const prefixes = options.watchPrefixes ?? null;
    this.store = new LeaseStore({
      log: (event, at) => events.add(event, at),
      own: this.own,
      departed: (at, expired) => this.rounds.departed(at, expired),
      watched: prefixes ? (key) => prefixes.some((p) => key.startsWith(p)) : undefined,
      keys: options.keyListener,
      keysEdited: (id, at) => this.planner.eventAt(id, at),
    });
    this.planner = new ReadPlanner(this.store, options);
    this.keyWatch = new KeyWatcher(this, this.store, events, prefixes ?? ['']);
  }

  /** The key prefixes the watch covers (DASHBOARD_WATCH_PREFIXES); null for every key. */
  get watchPrefixes(): string[] | null {
    return this.options.watchPrefixes ?? null;
  }

  /** Starts sampling; resolves after the first round (whether etcd answered or not). */
  start(): Promise<void> {
    if (!this.running) {
      this.running = true;
      this.firstRound = this.loop();
      this.quickTimer = setInterval(() => void this.quickTick(), QUICK_INTERVAL_MS);
      this.quickTimer.unref();
      this.keyWatch.start();
    }
    return this.firstRound ?? Promise.resolve();
  }

  /**
   * Starts sampling if need be and waits for the first round, but never longer than `maxWaitMs`: a
   * page must load (and say etcd is not answering) even when etcd's host swallows packets.
   */
  async ready(maxWaitMs = 1500): Promise<void> {
    await waitAtMost(this.start(), maxWaitMs);
  }

  stop(): void {
    this.running = false;
    this.reader.close();
    clearTimeout(this.roundTimer);
    clearInterval(this.quickTimer);
    this.keyWatch.stop();
  }

  /** Every lease the sampler holds, alive and recently gone, in no particular order. */
  views(): LeaseView[] {
    return this.store.views();
  }

  /** views(), one at a time, for passes in slices (a lease added meanwhile comes last). */
  *eachView(): Generator<LeaseView> {
    for (const tracked of this.store.all()) yield tracked.view;
  }

  /** eachView() with each lease's jumps as its model counted them (lib/findings/). */
  *eachWithJumps() {
    for (const t of this.store.all()) yield { view: t.view, jumps: t.model.jumps };
  }

  /** Changes whenever `views()` would answer differently (other than by the clock moving). */
  get version(): number {
    return this.store.version;
  }

  /** What the dashboard last saw of a lease, if it has seen it at all. */
  lease(id: string): LeaseView | null {
    return this.store.lease(id);
  }

  history(id: string, now = Date.now()): TtlPoint[] {
    return this.store.history(id, now);
  }

  stats(): SamplerStats {
    return { ...this.rounds.stats(this.planner.readsPerSecond), watchPrefixes: this.watchPrefixes };
  }

  recentRounds(): RoundStat[] {
    return this.rounds.recent();
  }

  /** How many leases etcd expired, and how many were revoked, in the last minute. */
  goneLastMinute(now = Date.now()): { expired: number; revoked: number } {
    return this.rounds.goneLastMinute(now);
  }

  /** `client` (lib/access/guard.ts) shows these leases: on screen, and maybe in focus. */
  viewed(client: string, ids: readonly string[], at = Date.now(), inFocus = false): void {
    this.planner.viewed(client, ids, at, inFocus);
  }

  /** Whether the last round could list the leases (`failing` is the cluster monitor's to fill). */
  etcdStatus(): EtcdStatus {
    return this.health.current();
  }

  get lastSampledAt(): number {
    return this.sampledAt;
  }

  /** Re-reads one lease now (after the dashboard changed it), so viewers see the change at once. */
  async refresh(id: string, options: { keys?: boolean } = {}): Promise<LeaseView | null> {
    const at = Date.now();
    const keys = options.keys ?? this.planner.withKeys(id, at);
    const [outcome] = await this.reader.read([id], () => keys);
    if (outcome && 'error' in outcome && errorCodeOf(outcome.error) !== 'lease_not_found')
      throw outcome.error;
    if (outcome && 'reading' in outcome) {
      this.store.read(outcome.reading);
      this.listing.read(id);
    } else this.store.gone(id, at);
    return this.store.lease(id);
  }

  /**
   * Wraps the dashboard's own revoke, so the lease is shown as revoked by the dashboard (not expired,
   * not revoked by another client) even when a round sees it gone before the revoke call returns.
   */
  async revoking<T>(id: string, revoke: () => Promise<T>): Promise<T> {
    this.own.revokeStarted(id);
    try {
      const result = await revoke();
      this.store.gone(id, Date.now());
      return result;
    } finally {
      this.own.revokeEnded(id);
    }
  }

  /** Logs the dashboard's own grant, so the sampler does not report the lease as someone else's. */
  granted(grant: Parameters<typeof say.grantedHere>[0]): void {
    this.own.grantedHere(grant.id);
    this.planner.eventAt(grant.id, Date.now());
    this.events.add(say.grantedHere(grant));
  }

  /**
   * The dashboard renews a lease with `renew`: noted before the request, so a reading that lands
   * first is not taken for another client's renewal. etcd's answer is a reading of its own, so the
   * row and the chart catch up with no TimeToLive; a failed renewal has the lease read next round.
   */
  async renewal(id: string, renew: () => Promise<number>): Promise<number> {
    const sentAt = Date.now();
    this.own.renewedHere(id, sentAt);
    try {
      const ttl = await renew();
      this.store.renewed(id, sentAt, Date.now(), ttl);
      return ttl;
    } catch (err) {
      this.planner.eventAt(id, Date.now());
      throw err;
    }
  }

  /**
   * Leases this dashboard granted before it started or led (their records in etcd): each is read
   * now, and those etcd still has count as granted here. Returns those etcd says are gone, and
   * only those: a lease whose read failed is kept, as nothing proves it gone.
   */
  async grantedBefore(ids: string[]): Promise<string[]> {
    const at = Date.now();
    const withKeys = (id: string) => this.planner.withKeys(id, at);
    const outcomes = await readLeases(this.reader, ids, { withKeys });
    this.apply(outcomes, at);
    const gone: string[] = [];
    for (const outcome of outcomes) {
      // A negative TTL: its time ran out, and etcd has yet to revoke it.
      const expired = 'reading' in outcome && outcome.reading.ttl < 0;
      if ('gone' in outcome || expired) gone.push(outcome.id);
      else this.own.grantedBefore(outcome.id);
    }
    return gone;
  }

  /** Whether this dashboard granted the lease (and has not seen it gone since). */
  grantedByDashboard(id: string): boolean {
    return this.own.isMine(id);
  }

  /** True while the dashboard's own revoke of the lease is in flight. */
  isBeingRevoked(id: string): boolean {
    return this.own.isBeingRevoked(id);
  }

  /** One round: LeaseLeases, then TimeToLive for each lease the plan picks. */
  async round(): Promise<void> {
    const startedAt = Date.now();
    let diff: ListingDiff;
    try {
      diff = await this.listing.next();
    } catch (err) {
      this.health.failed(err);
      this.store.prune(Date.now());
      return;
    }
    // LeaseLeases' own time comes out of the round's reading time; the passes below over every
    // lease do not (they run in slices, with requests answered in between).
    const listedFor = (Date.now() - startedAt) / 1000;
    await applyListing(this.store, this.listing, diff, startedAt);
    await breather();
    const plan = await this.planner.round(startedAt, listedFor);
    await breather();
    const readingFrom = Date.now();
    const outcomes = await readLeases(this.reader, plan.ids, {
      withKeys: (id) => this.planner.withKeys(id, startedAt),
    });
    this.planner.measured(plan.ids.length, Date.now() - readingFrom);
    this.apply(outcomes, startedAt);
    this.store.settle(startedAt);
    this.sampledAt = startedAt;
    this.health.roundEnded(outcomes);
    const endedAt = Date.now();
    const { gone, ...figures } = await this.planner.roundEnded(endedAt);
    this.rounds.add({
      at: startedAt,
      ms: endedAt - startedAt,
      leases: this.listing.ids.size,
      reads: plan.ids.length,
      capped: plan.capped,
      ...figures,
    });
    await breather();
    this.store.prune(Date.now(), gone);
  }

  /** Reads what the planner says cannot wait for the next round (near expiry, in focus). */
  private async quickTick(): Promise<void> {
    if (this.quickBusy || !this.health.ok) return;
    const now = Date.now();
    const due = this.planner.betweenRounds(now);
    if (due.length === 0) return;
    this.quickBusy = true;
    try {
      const withKeys = (id: string) => this.planner.withKeys(id, now);
      this.apply(await readLeases(this.reader, due, { withKeys }), now);
    } finally {
      this.quickBusy = false;
    }
  }

  /** Hands a batch of outcomes to the store in one go (viewers derive once per change). */
  private apply(outcomes: Outcome[], goneAt: number): void {
    const reported = this.reportedReadFailure;
    this.reportedReadFailure = applyOutcomes(this.store, outcomes, goneAt, reported);
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
}
