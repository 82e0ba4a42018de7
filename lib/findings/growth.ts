// Growth: the number of alive leases rising steadily. The engine notes the count once per
// evaluation (each sampler round); the series is bounded by its window and by MAX_POINTS. Steady
// means the least-squares slope over the window reaches the threshold and most steps do not fall,
// over a series covering most of the window, so a single burst is not called a trend.

export const GROWTH_WINDOW_MS = 10 * 60_000;
export const MAX_POINTS = 1200;
/** share of steps that may not fall, and of the window the series must cover */
export const STEADY_SHARE = 0.8;
export const COVERED_SHARE = 0.9;
const SNAPSHOTS = 10;
const MAX_PREFIXES = 2000;
const TOP_PREFIXES = 3;

type Point = { at: number; count: number };
type Snapshot = { at: number; prefixes: Map<string, number> };

export type Growth = {
  /** leases a minute, by the slope */
  perMinute: number;
  from: number;
  to: number;
  /** the prefixes (of each lease's first key) that gained the most leases over the window */
  prefixes: { prefix: string; gained: number }[];
};

export class GrowthSeries {
  private points: Point[] = [];
  private snapshots: Snapshot[] = [];

  constructor(readonly windowMs = GROWTH_WINDOW_MS) {}

  /** The alive count at `at`, and how many alive leases each prefix has then. */
  add(at: number, count: number, prefixes: Map<string, number>): void {
    const last = this.points.at(-1);
    if (last && at <= last.at) return;
    this.points.push({ at, count });
    const from = at - this.windowMs;
    let drop = Math.max(0, this.points.length - MAX_POINTS);
    while (drop < this.points.length && (this.points[drop]?.at ?? at) < from) drop++;
    if (drop > 0) this.points.splice(0, drop);
    const lastSnapshot = this.snapshots.at(-1);
    if (!lastSnapshot || at - lastSnapshot.at >= this.windowMs / SNAPSHOTS) {
      this.snapshots.push({ at, prefixes: bounded(prefixes) });
      // The newest snapshot from before the window stays: it is the window's start.
      while ((this.snapshots[1]?.at ?? at) <= from) this.snapshots.shift();
    }
  }

  /** Growth over the window ending at `now`, or null when the count is not rising steadily. */
  judge(now: number, perMinute: number, current: Map<string, number>): Growth | null {
    const from = now - this.windowMs;
    const points = this.points.filter((p) => p.at >= from && p.at <= now);
    const first = points[0];
    const last = points.at(-1);
    if (!first || !last || points.length < 3) return null;
    if (last.at - first.at < COVERED_SHARE * this.windowMs) return null;
    const rate = slope(points) * 60_000;
    if (rate < perMinute) return null;
    let steady = 0;
    for (let i = 1; i < points.length; i++)
      if ((points[i]?.count ?? 0) >= (points[i - 1]?.count ?? 0)) steady++;
    if (steady < STEADY_SHARE * (points.length - 1)) return null;
    const start = this.snapshots[0]?.prefixes ?? new Map<string, number>();
    const gained = [...current]
      .map(([prefix, n]) => ({ prefix, gained: n - (start.get(prefix) ?? 0) }))
      .filter((p) => p.gained > 0)
      .sort((a, b) => b.gained - a.gained || a.prefix.localeCompare(b.prefix))
      .slice(0, TOP_PREFIXES);
    return { perMinute: rate, from: first.count, to: last.count, prefixes: gained };
  }
}

/** Least-squares slope of count over time, per ms. */
export function slope(points: readonly Point[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const t0 = points[0]?.at ?? 0;
  let st = 0;
  let sc = 0;
  for (const p of points) {
    st += p.at - t0;
    sc += p.count;
  }
  const mt = st / n;
  const mc = sc / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    const dt = p.at - t0 - mt;
    num += dt * (p.count - mc);
    den += dt * dt;
  }
  return den === 0 ? 0 : num / den;
}

/** A prefix map cut to MAX_PREFIXES entries (in the order they came), so a snapshot stays small. */
function bounded(prefixes: Map<string, number>): Map<string, number> {
  if (prefixes.size <= MAX_PREFIXES) return new Map(prefixes);
  const out = new Map<string, number>();
  for (const [p, n] of prefixes) {
    if (out.size >= MAX_PREFIXES) break;
    out.set(p, n);
  }
  return out;
}

/** `/registry/events/default/x` -> `/registry/events/`; `jobs/a` -> `jobs/`; `x` -> null. */
export function groupPrefix(key: string): string | null {
  const first = key.indexOf('/', key.startsWith('/') ? 1 : 0);
  if (first < 0) return null;
  const second = key.indexOf('/', first + 1);
  return key.slice(0, (second < 0 ? first : second) + 1);
}
