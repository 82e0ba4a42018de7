// A bounded history of one lease's TTL readings, oldest first, for the chart. Bounded so that a
// dashboard left running for days uses the same memory as one started a minute ago.

export type TtlPoint = {
  /** epoch ms when etcd was asked */
  t: number;
  /** the TTL the lease was granted (or last renewed) with, seconds */
  grantedTTL: number;
  /** seconds left before expiry; 0 at the moment the lease was seen gone */
  ttl: number;
};

export const HISTORY_CAPACITY = 600;

export class TtlHistory {
  private points: TtlPoint[] = [];

  constructor(private readonly capacity = HISTORY_CAPACITY) {
    if (capacity < 1) throw new Error('history capacity must be at least 1');
  }

  push(point: TtlPoint): void {
    const last = this.points.at(-1);
    // Readings can finish out of order (a round and a quick re-read race): keep time monotonic.
    if (last && point.t < last.t) return;
    this.points.push(point);
    if (this.points.length > this.capacity)
      this.points.splice(0, this.points.length - this.capacity);
  }

  toArray(): TtlPoint[] {
    return this.points.slice();
  }

  get size(): number {
    return this.points.length;
  }
}
