import type { TtlPoint } from '@/lib/shared/contract-history';

// One lease's deadline over time, for the chart: a list of segments, each a deadline and when it
// began, because between renewals the remaining TTL falls at one second a second and a renewal is
// a jump. Readings narrow each deadline; a later one means another client renewed (an estimate).
// Bounded by MAX_SEGMENTS and HISTORY_WINDOW_MS, so a lease kept alive for days costs no more.

export const MAX_SEGMENTS = 150;
export const HISTORY_WINDOW_MS = 15 * 60_000;
/**
 * How late etcd may have read the lease after the request left, when the answer's own time is not
 * known: the reading still bounds the deadline from above by that much.
 */
export const ANSWER_SLACK_MS = 250;

export type ReadVerdict = 'first' | 'steady' | 'renewed' | 'refreshed' | 'restored' | 'stale';

type Segment = {
  /** epoch ms the deadline began: a renewal, a refresh, or the first reading */
  start: number;
  how: 'read' | 'renewed' | 'renewed-elsewhere' | 'refreshed' | 'restored';
  /** whether `start` is estimated from a reading (within a second) */
  estimated: boolean;
  grantedTTL: number;
  /** the deadline lies in [lo, hi] (epoch ms) */
  lo: number;
  hi: number;
  /** the latest reading on this deadline (it is known up to here) */
  lastReadAt: number;
  raftTerm: number;
  /** the lease was seen gone: expired at its deadline, or revoked */
  end?: { at: number; how: 'expired' | 'revoked' };
};

/**
 * The model's jumps, counted as they happen, so a pass over every lease (lib/findings/) reads them
 * without walking each lease's segments.
 */
export type LeaseJumps = {
  /** renewals by another client seen since the lease was first read */
  renewedElsewhere: number;
  /** the latest jump at a leader change: when, and the seconds left just before and after it */
  lastRefresh: { at: number; how: 'refreshed' | 'restored'; before: number; after: number } | null;
};

export class LeaseModel {
  private segments: Segment[] = [];
  readonly jumps: LeaseJumps = { renewedElsewhere: 0, lastRefresh: null };

  constructor(
    private readonly maxSegments = MAX_SEGMENTS,
    private readonly windowMs = HISTORY_WINDOW_MS,
  ) {}

  /**
   * A TimeToLive answer sent at `readAt` and back at `answeredAt`: `ttl` seconds left (truncated) of
   * `grantedTTL`. etcd read the lease in between, so the deadline lies in
   * [readAt + ttl, answeredAt + ttl + 1 s) (from readAt - 1 s when ttl is 0).
   */
  read(
    readAt: number,
    grantedTTL: number,
    ttl: number,
    raftTerm = 0,
    answeredAt = readAt + ANSWER_SLACK_MS,
  ): ReadVerdict {
    // etcd truncates toward zero: TTL 0 is anything from just under a second left to just under a
    // second past the deadline (expired, not yet revoked by etcd's periodic revoke).
    const lo = readAt + (ttl > 0 ? ttl * 1000 : -1000);
    const hi = Math.max(answeredAt, readAt) + (ttl + 1) * 1000;
    const seg = this.segments.at(-1);
    // A lease seen gone comes back only when a lagging member had not listed it: start again.
    if (!seg || (seg.end && readAt > seg.end.at)) {
      const first = { start: readAt, how: 'read', estimated: false } as const;
      this.begin({ ...first, grantedTTL, lo, hi, raftTerm, lastReadAt: readAt });
      return 'first';
    }
    if (seg.end || readAt < seg.start || readAt < seg.lastReadAt) return 'stale';
    if (lo > seg.hi) {
      // The deadline moved later: a renewal, or etcd's new leader when the raft term changed since.
      if (raftTerm > seg.raftTerm) {
        // A full refresh at the change, at the earliest, leaves the whole TTL from there; a deadline
        // short of that is the remaining TTL etcd kept at its last lease checkpoint, restored.
        const how = hi < seg.lastReadAt + grantedTTL * 1000 ? 'restored' : 'refreshed';
        const guess = how === 'refreshed' ? (lo + hi) / 2 - grantedTTL * 1000 : -Infinity;
        const start = Math.min(readAt, seg.hi, Math.max(seg.lastReadAt, guess));
        const before = left(deadline(seg), start);
        this.jumps.lastRefresh = { at: start, how, before, after: left((lo + hi) / 2, start) };
        this.begin({
          start,
          how,
          estimated: true,
          grantedTTL,
          lo,
          hi,
          raftTerm,
          lastReadAt: readAt,
        });
        return how;
      }
      const guess = (lo + hi) / 2 - grantedTTL * 1000;
      const start = Math.min(readAt, seg.hi, Math.max(seg.lastReadAt, guess));
      const how = 'renewed-elsewhere';
      this.jumps.renewedElsewhere++;
      this.begin({ start, how, estimated: true, grantedTTL, lo, hi, raftTerm, lastReadAt: readAt });
      return 'renewed';
    }
    if (hi < seg.lo) {
      // Earlier than anything possible: an answer far later than its request. Trust the newest.
      seg.lo = lo;
      seg.hi = hi;
    } else {
      seg.lo = Math.max(seg.lo, lo);
      seg.hi = Math.min(seg.hi, hi);
    }
    seg.lastReadAt = readAt;
    seg.raftTerm = Math.max(seg.raftTerm, raftTerm);
    return 'steady';
  }

  /**
   * The dashboard renewed the lease: the request left at `sentAt`, etcd answered `ttl` at
   * `answeredAt`. Exact, so it replaces a renewal a reading in between had to estimate.
   */
  renewed(sentAt: number, answeredAt: number, ttl: number): void {
    const last = this.segments.at(-1);
    if (!last || last.end || ttl <= 0 || last.start > answeredAt) return;
    if (last?.estimated && last.how === 'renewed-elsewhere' && last.start >= sentAt - 1000) {
      // The renewal a reading estimated was this one: not another client's after all.
      this.segments.pop();
      this.jumps.renewedElsewhere = Math.max(0, this.jumps.renewedElsewhere - 1);
    }
    const before = this.segments.at(-1) ?? last;
    const start = Math.max((sentAt + answeredAt) / 2, before.lastReadAt);
    this.begin({
      start,
      how: 'renewed',
      estimated: false,
      grantedTTL: ttl,
      lo: sentAt + ttl * 1000,
      hi: answeredAt + ttl * 1000,
      raftTerm: before.raftTerm,
      lastReadAt: start,
    });
  }

  /** The lease was seen gone at `at`: it expired at its deadline, or was revoked then. */
  gone(at: number, how: 'expired' | 'revoked'): void {
    const seg = this.segments.at(-1);
    if (!seg || seg.end) return;
    const when = how === 'expired' ? Math.min(at, deadline(seg)) : at;
    seg.end = { at: Math.max(when, seg.lastReadAt, seg.start), how };
  }

  /** The estimated deadline now (epoch ms), or null before any reading. */
  deadline(): number | null {
    const seg = this.segments.at(-1);
    return seg ? deadline(seg) : null;
  }

  /**
   * The history as a line: straight between points, a jump as two points at the same time. An alive
   * lease's line runs to `now` (or to its deadline, if that has passed).
   */
  points(now: number): TtlPoint[] {
    const out: TtlPoint[] = [];
    this.segments.forEach((seg, i) => {
      const d = deadline(seg);
      const next = this.segments[i + 1];
      const to =
        seg.end?.at ?? (next ? next.start : Math.max(seg.start, seg.lastReadAt, Math.min(now, d)));
      const first: TtlPoint = { t: seg.start, grantedTTL: seg.grantedTTL, ttl: left(d, seg.start) };
      if (seg.how !== 'read') first.mark = seg.how;
      if (seg.estimated) first.estimated = true;
      out.push(first);
      if (to > seg.start) out.push({ t: to, grantedTTL: seg.grantedTTL, ttl: left(d, to) });
      if (!seg.end) return;
      const last = out[out.length - 1];
      const end: TtlPoint = { t: to, grantedTTL: seg.grantedTTL, ttl: 0, mark: seg.end.how };
      if (last && last.t === to && last.ttl === 0 && !last.mark) out[out.length - 1] = end;
      else out.push(end);
    });
    return out.map(tidy);
  }

  get size(): number {
    return this.segments.length;
  }

  private begin(seg: Segment): void {
    this.segments.push(seg);
    const from = seg.start - this.windowMs;
    let drop = Math.max(0, this.segments.length - this.maxSegments);
    while (drop < this.segments.length - 1 && (this.segments[drop + 1]?.start ?? 0) < from) drop++;
    if (drop > 0) this.segments.splice(0, drop);
  }
}

/**
 * The middle of what the readings allow; never more than the granted TTL after the segment began
 * (a renewal sets the remaining TTL to the granted TTL; only a new leader's refresh adds more).
 */
function deadline(seg: Segment): number {
  const mid = (seg.lo + seg.hi) / 2;
  return seg.how === 'refreshed' || seg.how === 'restored'
    ? mid
    : Math.min(mid, seg.start + seg.grantedTTL * 1000);
}

/** Seconds left at `t` before deadline `d`, never below zero, to the millisecond. */
function left(d: number, t: number): number {
  return Math.max(0, Math.round(d - t) / 1000);
}

function tidy(p: TtlPoint): TtlPoint {
  const out: TtlPoint = { t: Math.round(p.t), grantedTTL: p.grantedTTL, ttl: p.ttl };
  if (p.mark) out.mark = p.mark;
  if (p.estimated) out.estimated = true;
  return out;
}
