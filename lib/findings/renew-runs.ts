import type { AliveLease } from '@/lib/shared/contract';

// Renew storms, as far as readings can tell: the sampler sees only what each reading says is
// left, so a run of readings all near the full TTL, close together over a good part of the TTL,
// means renewals far more often than clientv3's TTL/3. Only leases read that often can show it.

export const HIGH_SHARE = 0.9;
export const MIN_READINGS = 3;
const MIN_GAP_MS = 1500;

type Run = {
  /** the latest reading seen */
  readAt: number;
  /** the first reading of the current high run, null when the last was low */
  start: number | null;
  readings: number;
  /** the pass that last saw the lease alive */
  seen: number;
};

export type StormRun = { readings: number; spanMs: number; grantedTTL: number };

/** The longest gap between readings of one run: a tenth of the TTL, never under the sampler's pace. */
export const maxGapMs = (grantedTTL: number) => Math.max(grantedTTL * 100, MIN_GAP_MS);

/** Each alive lease's run of high readings; the engine's own state, one entry per alive lease. */
export class RenewRuns {
  private readonly runs = new Map<string, Run>();
  private pass = 0;

  /** A pass over the leases starts: leases it does not see are forgotten at `end()`. */
  begin(): void {
    this.pass++;
  }

  /** Notes the lease's latest reading; its run when that says a renew storm at `now`. */
  note(view: AliveLease, now: number): StormRun | null {
    let run = this.runs.get(view.id);
    if (!run) {
      run = { readAt: -Infinity, start: null, readings: 0, seen: this.pass };
      this.runs.set(view.id, run);
    }
    run.seen = this.pass;
    const gap = maxGapMs(view.grantedTTL);
    if (view.readAt > run.readAt) {
      const high = view.grantedTTL > 0 && view.ttl >= HIGH_SHARE * view.grantedTTL;
      if (!high) {
        run.start = null;
        run.readings = 0;
      } else if (run.start === null || view.readAt - run.readAt > gap) {
        run.start = view.readAt;
        run.readings = 1;
      } else run.readings++;
      run.readAt = view.readAt;
    }
    if (run.start === null || run.readings < MIN_READINGS || now - run.readAt > 3 * gap)
      return null;
    const spanMs = run.readAt - run.start;
    if (spanMs < 3 * view.grantedTTL * 100) return null;
    return { readings: run.readings, spanMs, grantedTTL: view.grantedTTL };
  }

  /** Forgets the leases this pass did not see alive. */
  end(): void {
    for (const [id, run] of this.runs) if (run.seen !== this.pass) this.runs.delete(id);
  }

  get size(): number {
    return this.runs.size;
  }
}
