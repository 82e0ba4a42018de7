// A bounded history of one lease's TTL readings, oldest first, for the chart. Bounded so that a
// dashboard left running for days, over ten thousand leases, uses the memory it used after an hour.
//
// A lease counting down is a straight line, so readings that fall on the line between their
// neighbours add nothing to the chart: a reading replaces the previous one when that one lies
// within a second of the straight line from the point before it to the new reading (etcd floors
// remaining TTLs to whole seconds, so a second is the reading's own precision) and nothing rose in
// between. What is kept are the corners: renewals, refreshes, the start and the end. A lease nobody
// renews costs two points, not one per second.
import type { TtlPoint } from '@/lib/shared/contract';

export const HISTORY_CAPACITY = 300;
/** Points older than this go, whatever the capacity. */
export const HISTORY_WINDOW_MS = 15 * 60_000;
/** How far (seconds) a dropped reading may lie from the line that replaces it. */
const TOLERANCE_S = 1;

export class TtlHistory {
  private points: TtlPoint[] = [];

  constructor(
    private readonly capacity = HISTORY_CAPACITY,
    private readonly windowMs = HISTORY_WINDOW_MS,
  ) {
    if (capacity < 2) throw new Error('history capacity must be at least 2');
  }

  push(point: TtlPoint): void {
    const n = this.points.length;
    const last = this.points[n - 1];
    // Readings can finish out of order (a round and a quick re-read race): keep time monotonic.
    if (last && point.t < last.t) return;
    const before = this.points[n - 2];
    if (last && before && onLine(before, last, point)) this.points[n - 1] = point;
    else this.points.push(point);
    const from = point.t - this.windowMs;
    let drop = Math.max(0, this.points.length - this.capacity);
    while (drop < this.points.length - 2 && (this.points[drop]?.t ?? from) < from) drop++;
    if (drop > 0) this.points.splice(0, drop);
  }

  toArray(): TtlPoint[] {
    return this.points.slice();
  }

  get size(): number {
    return this.points.length;
  }
}

/**
 * Whether `b` lies on the line from `a` to `c`, within a reading's precision, at one granted TTL,
 * with no rise around it: the bottom of a tooth (a renewal right after it) or its top is a corner,
 * however small the tooth (a 3 s lease renewed every second rises by one second).
 */
function onLine(a: TtlPoint, b: TtlPoint, c: TtlPoint): boolean {
  if (a.grantedTTL !== b.grantedTTL || b.grantedTTL !== c.grantedTTL) return false;
  if (b.ttl > a.ttl || c.ttl > b.ttl) return false;
  if (c.t === a.t) return false;
  const expected = a.ttl + ((c.ttl - a.ttl) * (b.t - a.t)) / (c.t - a.t);
  return Math.abs(expected - b.ttl) <= TOLERANCE_S;
}
