import type { LeaseEvent, LeaseView, Message } from '@/lib/shared/contract';
import {
  MAX_FINDING_EXAMPLES,
  type Finding,
  type FindingExamplesPage,
  type FindingKind,
  type FindingsResponse,
  type FindingThresholds,
} from '@/lib/shared/contract-findings';
import type { GroupReading } from '@/lib/shared/holdings';
import { durationMessage } from '@/lib/shared/countdown';
import { message } from '@/lib/shared/i18n';
import { REVOCABLE, SEVERITY, SOURCE, bySeverity, confirmCommand } from '@/lib/findings/kinds';
import { GROWTH_WINDOW_MS, GrowthSeries } from '@/lib/findings/growth';
import { RenewRuns } from '@/lib/findings/renew-runs';
import {
  expiryStorm,
  startPass,
  type Hit,
  type LeaseFacts,
  type LeasePass,
} from '@/lib/findings/lease-rules';
import { HolderClock, contentionRules, type GroupHit } from '@/lib/findings/contention-rules';

// The findings: what the dashboard judges wrong with the leases, from what its parts already know,
// so it sends etcd nothing. It judges at most once every MIN_INTERVAL_MS, however many viewers and
// scrapes ask; between judgements they share the last.

export const MIN_INTERVAL_MS = 1000;
/** Leases judged between two turns of the event loop, so requests are answered meanwhile. */
export const SLICE = 5000;
/** Running, a judgement starts at most once per this many times the main thread's time on the last. */
export const COST_FACTOR = 20;
/** how far back refreshes at a leader change count */
export const REFRESH_WINDOW_MS = 10 * 60_000;
export const PAGE_SIZE = MAX_FINDING_EXAMPLES;

/** What the engine reads, as the composition root (lib/server.ts) wires it. */
export type FindingSources = {
  /** every lease the sampler holds, with its lease model's jumps */
  leases: () => Iterable<LeaseFacts>;
  lease: (id: string) => LeaseView | null;
  /** the contention reader's groups, `<name>/` and last reading */
  groups: () => Iterable<[string, GroupReading]>;
  /** the event log's events (leader changes, checkpoint restores) */
  events: () => readonly LeaseEvent[];
  /** whether this dashboard keeps the lease alive now */
  keptAlive: (id: string) => boolean;
  readOnly: () => boolean;
};

export type EngineOptions = {
  growthWindowMs?: number;
  refreshWindowMs?: number;
  /** DASHBOARD_FINDINGS_OFF: judge nothing, keep nothing */
  off?: boolean;
  /** where the cost of judging adds up, kept by the caller so the totals outlive this engine */
  totals?: JudgeTotals;
};

/** What judging has cost so far (the metrics' totals): judgements, and seconds spent in them. */
export type JudgeTotals = { judgements: number; seconds: number };

type Found = {
  kind: FindingKind;
  count: number;
  hits: Hit[];
  summary: Message;
  first: { lease?: string; group?: string };
};

type Judgement = { at: number; leases: number; found: Found[] };

export class FindingsEngine {
  private last: Judgement | null = null;
  private readonly since = new Map<FindingKind, number>();
  private readonly runs = new RenewRuns();
  private readonly clock = new HolderClock();
  private readonly growth: GrowthSeries;
  private readonly refreshWindowMs: number;
  /** DASHBOARD_FINDINGS_OFF: nothing is judged */
  readonly off: boolean;
  private readonly spent: JudgeTotals;
  private timer: NodeJS.Timeout | undefined;
  /** judging in the background (start()): callers get the last judgement */
  private running = false;
  /** each start and stop begins a new one: a judgement of an older one stops at its next slice */
  private generation = 0;
  /** every listed lease has been read once: from then on the count means what it says */
  private readAll = false;

  constructor(
    private readonly sources: FindingSources,
    readonly thresholds: FindingThresholds,
    options: EngineOptions = {},
  ) {
    this.growth = new GrowthSeries(options.growthWindowMs ?? GROWTH_WINDOW_MS);
    this.refreshWindowMs = options.refreshWindowMs ?? REFRESH_WINDOW_MS;
    this.off = options.off ?? false;
    this.spent = options.totals ?? { judgements: 0, seconds: 0 };
  }

  /**
   * Judges in the background from now on, so growth, renew runs and `since` follow the sampler's
   * rounds: every second, or less often when a judgement costs more than a twentieth of that, in
   * slices of SLICE leases. Callers then get the last judgement, never wait for one.
   */
  start(): void {
    if (this.running || this.off) return;
    this.running = true;
    this.generation++;
    this.judge();
    this.schedule(0, this.generation);
  }

  stop(): void {
    this.running = false;
    this.generation++;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(spentMs: number, generation: number): void {
    if (!this.running || generation !== this.generation) return;
    const wait = Math.max(MIN_INTERVAL_MS, COST_FACTOR * spentMs);
    this.timer = setTimeout(() => {
      // A judgement that fails is logged and the next one still comes: findings never go stale.
      this.judgeInSlices(generation)
        .catch((err: unknown) => {
          console.error('lease dashboard: judging the findings failed', err);
          return 0;
        })
        .then((spent) => this.schedule(spent, generation));
    }, wait);
    this.timer.unref();
  }

  /** One judgement, a slice at a time; the main thread's ms on it. A stop ends it unrecorded. */
  private async judgeInSlices(generation: number): Promise<number> {
    const now = Date.now();
    const pass = startPass(this.passContext(now));
    let spent = 0;
    let from = performance.now();
    let n = 0;
    for (const facts of this.sources.leases()) {
      pass.add(facts);
      if (++n % SLICE !== 0) continue;
      spent += performance.now() - from;
      await new Promise((resolve) => setImmediate(resolve));
      if (generation !== this.generation) {
        pass.finish();
        return spent;
      }
      from = performance.now();
    }
    const judged = this.conclude(now, pass.finish());
    spent += performance.now() - from;
    this.record(judged, spent);
    return spent;
  }

  /** Every finding there is now, the most severe first. */
  response(now = Date.now()): FindingsResponse {
    const judged = this.judge(now);
    return {
      now,
      findings: judged.found.map((f) => this.finding(f)),
      thresholds: this.thresholds,
      leases: judged.leases,
      off: this.off,
    };
  }

  /** What judging has cost this process so far. */
  totals(): JudgeTotals {
    return { ...this.spent };
  }

  /** One page (from 1) of one finding's examples; empty when the finding is not there. */
  page(kind: FindingKind, page: number, now = Date.now()): FindingExamplesPage {
    const found = this.judge(now).found.find((f) => f.kind === kind);
    const hits = found?.hits ?? [];
    const from = (page - 1) * PAGE_SIZE;
    return {
      kind,
      page,
      pageSize: PAGE_SIZE,
      total: hits.length,
      examples: hits
        .slice(from, from + PAGE_SIZE)
        .map(({ lease, detail }) => ({ lease, detail: detail() })),
    };
  }

  /** Every lease the finding names now (for a revoke); empty when it is not there. */
  leasesOf(kind: FindingKind, now = Date.now()): string[] {
    const found = this.judge(now).found.find((f) => f.kind === kind);
    return [...new Set(found?.hits.map((h) => h.lease) ?? [])];
  }

  /** How many leases (or groups) each kind covers now, for the metrics. */
  counts(now = Date.now()): Map<FindingKind, number> {
    return new Map(this.judge(now).found.map((f) => [f.kind, f.count]));
  }

  /** Whether revoking the kind's leases is the fix here (never in read-only mode). */
  actionable(kind: FindingKind): boolean {
    return REVOCABLE.has(kind) && !this.sources.readOnly();
  }

  /** The last judgement while it is fresh (or while judging runs in the background), else a new one. */
  judge(now = Date.now()): Judgement {
    const last = this.last;
    if (last && (this.running || (now >= last.at && now - last.at < MIN_INTERVAL_MS))) return last;
    if (this.off) return (this.last = { at: now, leases: 0, found: [] });
    // All at once, so its wall time is the main thread's time spent on it.
    const started = performance.now();
    const pass = startPass(this.passContext(now));
    for (const facts of this.sources.leases()) pass.add(facts);
    const judged = this.conclude(now, pass.finish());
    return this.record(judged, performance.now() - started);
  }

  private record(judged: Judgement, spentMs: number): Judgement {
    this.spent.judgements += 1;
    this.spent.seconds += spentMs / 1000;
    for (const kind of this.since.keys())
      if (!judged.found.some((f) => f.kind === kind)) this.since.delete(kind);
    for (const f of judged.found) if (!this.since.has(f.kind)) this.since.set(f.kind, judged.at);
    this.last = judged;
    return judged;
  }

  private passContext(now: number) {
    return {
      now,
      thresholds: this.thresholds,
      keptAlive: this.sources.keptAlive,
      runs: this.runs,
      refreshWindowMs: this.refreshWindowMs,
      growthWindowMs: this.growth.windowMs,
    };
  }

  /** What the pass over the leases found, with the groups', growth's and the storms' rules. */
  private conclude(now: number, pass: LeasePass): Judgement {
    const { sources, thresholds: th } = this;
    const groups = contentionRules(
      sources.groups(),
      sources.lease,
      sources.keptAlive,
      this.clock,
      th,
      now,
    );
    // Right after a start the count rises as the first reads come in: that is no growth.
    if (pass.unread === 0) this.readAll = true;
    if (this.readAll) this.growth.add(now, pass.alive, pass.prefixes);
    const found: Found[] = [];
    const add = (
      kind: FindingKind,
      hits: Hit[],
      values: Record<string, Message | string | number>,
      count = hits.length,
    ) => {
      if (count === 0) return;
      const first = hits[0] as (Hit & Partial<GroupHit>) | undefined;
      const summary = message(`findings.summary.${kind}`, { count, ...values });
      found.push({
        kind,
        count,
        hits,
        summary,
        first: { lease: first?.lease, group: first?.group },
      });
    };
    add('leaked', pass.hits.leaked, { age: durationMessage(th.leakAgeSeconds) });
    add('forever-renewed', pass.hits['forever-renewed'], { times: th.foreverRenewedTtls });
    add('heavy', pass.hits.heavy, { limit: th.heavyKeys });
    add('renew-storm', pass.hits['renew-storm'], {});
    const refreshed = pass.hits['refreshed-by-leader-change'];
    if (refreshed.length > 0) {
      const events = sources.events().filter((e) => now - e.at <= this.refreshWindowMs);
      const restored = pass.restoredSeen || events.some((e) => e.kind === 'lease-restored');
      add('refreshed-by-leader-change', refreshed, {
        window: durationMessage(this.refreshWindowMs / 1000),
        sum: durationMessage(pass.refreshedBefore.sum),
        max: durationMessage(pass.refreshedBefore.max),
        leaderChanges: events.filter((e) => e.kind === 'leader-changed').length,
        checkpoint: restored ? 'seen' : 'none',
      });
    }
    const storm = expiryStorm(pass.byDeadline, th.expiryStormLeases, now);
    add('expiry-storm', storm.hits, { seconds: storm.seconds, max: storm.max });
    add('stuck-lock', groups['stuck-lock'], { limit: durationMessage(th.stuckLockSeconds) });
    add('leaderless-election', groups['leaderless-election'], {});
    add('holder-expiring', groups['holder-expiring'], { limit: th.holderExpiringSeconds });
    const growth = this.growth.judge(now, th.growthPerMinute, pass.prefixes);
    if (growth) {
      const hits = pass.fresh.map(({ lease, at, prefix }) => ({
        lease,
        detail: () =>
          message('findings.example.growth', {
            ago: durationMessage((now - at) / 1000),
            prefix: prefix ?? '',
            hasPrefix: prefix === null ? 'no' : 'yes',
          }),
      }));
      add(
        'growth',
        hits,
        {
          rate: Math.round(growth.perMinute),
          window: durationMessage(this.growth.windowMs / 1000),
          from: growth.from,
          to: growth.to,
          prefixes: growth.prefixes.map((p) => `${p.prefix} (+${p.gained})`).join(', '),
          hasPrefixes: growth.prefixes.length > 0 ? 'yes' : 'no',
        },
        Math.max(1, growth.to - growth.from),
      );
    }
    found.sort((a, b) =>
      bySeverity({ ...a, severity: SEVERITY[a.kind] }, { ...b, severity: SEVERITY[b.kind] }),
    );
    return { at: now, leases: pass.alive, found };
  }

  private finding(f: Found): Finding {
    return {
      kind: f.kind,
      severity: SEVERITY[f.kind],
      count: f.count,
      summary: f.summary,
      examples: f.hits
        .slice(0, MAX_FINDING_EXAMPLES)
        .map(({ lease, detail }) => ({ lease, detail: detail() })),
      confirm: confirmCommand(f.kind, f.first),
      source: SOURCE[f.kind],
      actionable: this.actionable(f.kind),
      since: this.since.get(f.kind) ?? this.last?.at ?? 0,
    };
  }
}
