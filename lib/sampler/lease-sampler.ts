import 'server-only';
import { remainingNow } from '@/lib/shared/countdown';
import { TtlHistory } from '@/lib/sampler/ttl-history';
import { classifyGone, ttlRose } from '@/lib/sampler/lease-state';
import type { EtcdStatus, LeaseDetailResponse, LeaseView } from '@/lib/shared/contract';
import { listLeaseIds, readLease, type LeaseReading } from '@/lib/etcd/leases';
import { EventLog } from '@/lib/events/event-log';
import { EtcdHealth } from '@/lib/sampler/etcd-health';
import { mapLimit } from '@/lib/sampler/map-limit';
import { KeyWatcher } from '@/lib/sampler/key-watcher';
import * as say from '@/lib/sampler/narration';
import { nextReadRate, planReads, type Candidate } from '@/lib/sampler/read-plan';
import { RoundLog } from '@/lib/sampler/round-log';
import type { RoundStat, SamplerStats } from '@/lib/shared/contract';

// One sampler per server process reads the leases in rounds, one a second, and keeps what it saw.
// Every route handler answers from here, so fifty browsers cost etcd what one does. A round lists
// the leases, then reads each one (TimeToLive with keys) while that fits in 0.7 s; past that
// it reads what matters now and the stalest of the rest (./read-plan.ts), and every lease carries
// when it was last read so the page can say how stale it is. Leases about to expire are re-read four
// times a second so an expiry shows promptly, and a lease that disappears stays listed (expired or
// revoked) for a while so people can see what happened.
//
// Alongside the rounds, one watch over every key (./key-watch.ts) tells the sampler the moment a key
// is put with a lease or deleted, so key changes (and the expiry that deleted them) show without
// waiting for a round. Everything the sampler notices goes into the event log.

export const ROUND_INTERVAL_MS = 1000;
export const QUICK_INTERVAL_MS = 250;
/** Leases with less than this left (by estimate) are re-read every QUICK_INTERVAL_MS. */
export const NEAR_EXPIRY_S = 2;
export const GONE_RETENTION_MS = 5 * 60_000;
export const MAX_GONE_LEASES = 500;
/** A lease shown on a viewer's screen is read every round for this long after the viewer asked. */
export const ON_SCREEN_MS = 3000;
/** A lease with an event (key put or deleted, renewal) is read every round for this long. */
export const RECENT_EVENT_MS = 10_000;
const READ_CONCURRENCY = 16;

type Tracked = {
  view: LeaseView;
  history: TtlHistory;
  /** raft term of the last reading */
  raftTerm: number;
  /** epoch ms the watch last changed the key list; older readings do not overwrite it */
  keysChangedAt: number;
  /** epoch ms until which every round reads it (on screen, or a recent event) */
  priorityUntil: number;
};

export class LeaseSampler {
  private readonly leases = new Map<string, Tracked>();
  private readonly revokedHere = new Set<string>();
  private readonly grantedHere = new Set<string>();
  /** epoch ms of the dashboard's last renewal per lease (renew once or keep-alive) */
  private readonly renewedHereAt = new Map<string, number>();
  private readonly keyWatch: KeyWatcher;
  private readonly health = new EtcdHealth();
  private sampledAt = 0;
  private running = false;
  private roundTimer: NodeJS.Timeout | undefined;
  private quickTimer: NodeJS.Timeout | undefined;
  private quickBusy = false;
  private firstRound: Promise<void> | undefined;
  private readRate: number | null = null;
  private readonly rounds = new RoundLog();
  /** goes up whenever what the sampler holds changes, so readers can cache what they derive */
  private changes = 0;

  /**
   * `maxReadsPerSecond` caps each round's reads whatever etcd could do (for a busy cluster:
   * DASHBOARD_MAX_READS_PER_SECOND; rounds start once a second, so a round's reads are a second's).
   */
  constructor(
    readonly events: EventLog = new EventLog(),
    private readonly options: { maxReadsPerSecond?: number } = {},
  ) {
    this.keyWatch = new KeyWatcher(this, events);
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
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, maxWaitMs)));
    await Promise.race([this.start(), timeout]);
    clearTimeout(timer);
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.roundTimer);
    clearInterval(this.quickTimer);
    this.keyWatch.stop();
  }

  /** Every lease the sampler holds, alive and recently gone, in no particular order. */
  views(): LeaseView[] {
    return Array.from(this.leases.values(), (t) => t.view);
  }

  /** Changes whenever `views()` would answer differently (other than by the clock moving). */
  get version(): number {
    return this.changes;
  }

  stats(): SamplerStats {
    return this.rounds.stats(this.readRate);
  }

  recentRounds(): RoundStat[] {
    return this.rounds.recent();
  }

  /** How many leases etcd expired, and how many were revoked, in the last minute. */
  goneLastMinute(now = Date.now()): { expired: number; revoked: number } {
    return this.rounds.goneLastMinute(now);
  }

  /** Notes that a viewer is showing these leases, so rounds keep them fresh while it does. */
  viewed(ids: Iterable<string>, at = Date.now()): void {
    for (const id of ids) this.prioritise(id, at + ON_SCREEN_MS);
  }

  private prioritise(id: string, until: number): void {
    const tracked = this.leases.get(id);
    if (tracked && tracked.priorityUntil < until) tracked.priorityUntil = until;
  }

  detail(id: string): LeaseDetailResponse | null {
    const tracked = this.leases.get(id);
    if (!tracked) return null;
    return {
      now: Date.now(),
      etcd: this.etcdStatus(),
      lease: tracked.view,
      history: tracked.history.toArray(),
      events: this.events.forLease(id),
    };
  }

  /** Whether the last round could read the leases (`failing` is the cluster monitor's to fill). */
  etcdStatus(): EtcdStatus {
    return this.health.current();
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

  /** Logs the dashboard's own grant, so the sampler does not report the lease as someone else's. */
  granted(grant: {
    id: string;
    requestedTTL: number;
    grantedTTL: number;
    key: string | null;
  }): void {
    this.grantedHere.add(grant.id);
    this.prioritise(grant.id, Date.now() + RECENT_EVENT_MS);
    this.events.add(say.grantedHere(grant));
  }

  /**
   * Notes that the dashboard just renewed a lease, so the rise in its remaining TTL is not reported
   * as another client's renewal (the dashboard logs its own renewals with more detail).
   */
  renewedHere(id: string, at = Date.now()): void {
    this.renewedHereAt.set(id, at);
    this.prioritise(id, at + RECENT_EVENT_MS);
  }

  /** What the dashboard last saw of a lease, if it has seen it at all. */
  lease(id: string): LeaseView | null {
    return this.leases.get(id)?.view ?? null;
  }

  /** True while the dashboard's own revoke of the lease is in flight. */
  isBeingRevoked(id: string): boolean {
    return this.revokedHere.has(id);
  }

  /** Records a tracked lease as gone at `at` (expired or revoked, as the timing says). */
  markGone(id: string, at = Date.now()): void {
    this.apply(id, null, at);
  }

  /** One round: LeaseLeases, then TimeToLive with keys for each lease the plan picks. */
  async round(): Promise<void> {
    const startedAt = Date.now();
    try {
      const ids = await listLeaseIds();
      const listed = new Set(ids);
      const plan = planReads(
        ids.map((id) => this.candidate(id)),
        startedAt,
        this.readRate,
        this.options.maxReadsPerSecond,
      );
      const readingFrom = Date.now();
      const readings = await mapLimit(plan.ids, READ_CONCURRENCY, (id) => readLease(id));
      this.readRate = nextReadRate(this.readRate, plan.ids.length, Date.now() - readingFrom);
      plan.ids.forEach((id, i) => this.apply(id, readings[i] ?? null, startedAt));
      for (const [id, tracked] of this.leases) {
        // Only leases read before this round's list can be declared gone by it: a lease granted
        // while the round ran is simply not in its list yet.
        if (!listed.has(id) && tracked.view.status === 'alive' && tracked.view.readAt < startedAt) {
          this.apply(id, null, startedAt);
        }
      }
      this.sampledAt = startedAt;
      this.health.succeeded();
      const endedAt = Date.now();
      this.rounds.add({
        at: startedAt,
        ms: endedAt - startedAt,
        leases: ids.length,
        reads: plan.ids.length,
        full: plan.full,
        maxStalenessMs: this.maxStaleness(endedAt),
      });
    } catch (err) {
      this.health.failed(err);
    }
    this.prune(Date.now());
  }

  /** Re-reads the leases that are about to expire, so expiry is seen within a fraction of a second. */
  private async quickTick(): Promise<void> {
    if (this.quickBusy || !this.health.ok) return;
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
      this.health.failed(err);
    } finally {
      this.quickBusy = false;
    }
  }

  private candidate(id: string): Candidate {
    const tracked = this.leases.get(id);
    if (!tracked) return { id, readAt: 0, expiresAt: 0, priorityUntil: 0 };
    const { view } = tracked;
    return {
      id,
      readAt: view.readAt,
      expiresAt: view.readAt + view.ttl * 1000,
      priorityUntil: tracked.priorityUntil,
    };
  }

  private maxStaleness(now: number): number {
    let oldest = now;
    for (const { view } of this.leases.values())
      if (view.status === 'alive' && view.readAt < oldest) oldest = view.readAt;
    return now - oldest;
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
    this.changes++;
    const tracked = this.leases.get(id);
    if (reading) {
      if (!tracked) {
        this.track(reading);
        return;
      }
      // A reading sent before one we already have (or before we saw the lease go) is stale.
      if (reading.readAt < tracked.view.readAt) return;
      // Around expiry etcd may answer TTL -1 and then TTL 0 before it revokes the lease: a lease
      // seen gone comes back only with time left (a lease a lagging member had not listed).
      if (
        tracked.view.goneAt !== null &&
        (reading.readAt <= tracked.view.goneAt || reading.ttl <= 0)
      )
        return;
      if (tracked.view.status === 'alive') this.noteRise(tracked, reading);
      const { raftTerm, ...read } = reading;
      tracked.view = {
        ...tracked.view,
        ...read,
        // A key the watch saw put or deleted after this reading was sent is newer than the reading.
        keys: reading.readAt >= tracked.keysChangedAt ? reading.keys : tracked.view.keys,
        status: 'alive',
        revokedBy: null,
        goneAt: null,
        deletedKeys: [],
      };
      tracked.raftTerm = raftTerm;
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
    this.rounds.departed(at, status === 'expired');
    this.renewedHereAt.delete(id);
    this.grantedHere.delete(id);
    this.events.add(say.gone(tracked.view), at);
  }

  private track(reading: LeaseReading): void {
    const history = new TtlHistory();
    history.push({ t: reading.readAt, grantedTTL: reading.grantedTTL, ttl: reading.ttl });
    const { raftTerm, ...read } = reading;
    this.leases.set(reading.id, {
      history,
      raftTerm,
      keysChangedAt: 0,
      priorityUntil: 0,
      view: {
        ...read,
        status: 'alive',
        revokedBy: null,
        firstSeenAt: reading.readAt,
        goneAt: null,
        deletedKeys: [],
        keepAlive: null,
      },
    });
    // Leases that were there before the dashboard started are not news; the dashboard's own grants
    // were logged when it made them.
    if (this.sampledAt === 0 || this.grantedHere.delete(reading.id)) return;
    this.events.add(say.grantedElsewhere(reading));
  }

  /** A remaining TTL that went up: a renewal by someone else, or etcd refreshing it on a new leader. */
  private noteRise(tracked: Tracked, reading: LeaseReading): void {
    const previous = tracked.view;
    if (!ttlRose(previous, reading)) return;
    const id = previous.id;
    this.prioritise(id, reading.readAt + RECENT_EVENT_MS);
    if (reading.raftTerm > tracked.raftTerm) {
      this.events.add(say.refreshed(reading));
      return;
    }
    if ((this.renewedHereAt.get(id) ?? 0) >= previous.readAt) return;
    const was = Math.max(0, Math.floor(previous.ttl - (reading.readAt - previous.readAt) / 1000));
    this.events.add(say.renewedElsewhere(reading, was));
  }

  /** Changes a tracked alive lease's key list; false when the lease is not tracked (or not alive). */
  editKeys(id: string, edit: (keys: string[]) => string[], at: number): boolean {
    const tracked = this.leases.get(id);
    if (!tracked || tracked.view.status !== 'alive') return false;
    tracked.view = { ...tracked.view, keys: edit(tracked.view.keys) };
    tracked.keysChangedAt = at;
    this.prioritise(id, at + RECENT_EVENT_MS);
    this.changes++;
    return true;
  }

  private prune(now: number): void {
    const gone = [...this.leases.values()].filter((t) => t.view.goneAt !== null);
    gone.sort((a, b) => (b.view.goneAt ?? 0) - (a.view.goneAt ?? 0));
    gone.forEach((t, i) => {
      if (i >= MAX_GONE_LEASES || now - (t.view.goneAt ?? now) > GONE_RETENTION_MS) {
        this.leases.delete(t.view.id);
        this.changes++;
      }
    });
  }
}
