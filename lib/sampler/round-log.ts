// What the sampler's recent rounds cost and how fresh they left the leases, and how many leases
// went in the last minute. Both bounded: a fixed number of rounds, and a minute of departures at
// etcd's fastest revoke rate.

import type { RoundStat, SamplerStats } from '@/lib/shared/contract';
import { STALENESS_BOUND_S } from '@/lib/sampler/read-policy';

export const ROUNDS_KEPT = 30;
const MINUTE_MS = 60_000;

export class RoundLog {
  private readonly rounds: RoundStat[] = [];
  private readonly gone: { at: number; expired: boolean }[] = [];
  /** departures before this index are older than a minute (dropped in batches, not one by one) */
  private head = 0;
  /** every round since the start, for the metrics' counters */
  private readonly sums = { rounds: 0, reads: 0, seconds: 0 };

  add(round: RoundStat): void {
    this.sums.rounds++;
    this.sums.reads += round.reads;
    this.sums.seconds += round.ms / 1000;
    this.rounds.push(round);
    if (this.rounds.length > ROUNDS_KEPT) this.rounds.shift();
  }

  stats(readsPerSecond: number | null): Omit<SamplerStats, 'watchPrefixes'> {
    const lastRound = this.rounds.at(-1) ?? null;
    return {
      mode: lastRound?.capped ? 'behind' : 'as-needed',
      stalenessBoundS: STALENESS_BOUND_S,
      readsPerSecond: readsPerSecond === null ? null : Math.round(readsPerSecond),
      lastRound,
    };
  }

  /** Rounds, TimeToLive reads and seconds spent in rounds since the start. */
  totals(): { rounds: number; reads: number; seconds: number } {
    return { ...this.sums };
  }

  /** The last rounds, oldest first. */
  recent(): RoundStat[] {
    return this.rounds.slice();
  }

  /** Notes a lease seen gone: expired, or revoked. */
  departed(at: number, expired: boolean): void {
    this.gone.push({ at, expired });
    this.prune(at);
  }

  goneLastMinute(now: number): { expired: number; revoked: number } {
    this.prune(now);
    let expired = 0;
    for (let i = this.head; i < this.gone.length; i++) if (this.gone[i]?.expired) expired++;
    return { expired, revoked: this.gone.length - this.head - expired };
  }

  private prune(now: number): void {
    while (this.head < this.gone.length && (this.gone[this.head]?.at ?? now) <= now - MINUTE_MS)
      this.head++;
    if (this.head > 1024 && this.head * 2 > this.gone.length) {
      this.gone.splice(0, this.head);
      this.head = 0;
    }
  }
}
