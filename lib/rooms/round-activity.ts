import 'server-only';
import type { Handover, LineEntry, Schedule } from '@/lib/shared/room';

// What the leading replica sees happen in a room's round, kept in memory with the room: each
// member's renewals (the schedule round judges the silences between them) and each change of who
// leads the line (how long no live member led). A new leader starts these afresh; the round itself
// is in the room's record in etcd.

/** Hand-overs the big screen lists, newest first; older ones are dropped. */
const MAX_HANDOVERS = 5;

type Renewals = { last: number; silences: Record<Schedule, number | null> };

export class RoundActivity {
  private readonly renewals = new Map<string, Renewals>();
  /** when a member released the lock: its last sign of life as the one who held it */
  private readonly released = new Map<string, number>();
  private first: LineEntry | null = null;
  /** who led last, kept while the line is empty: the next to lead takes over from it */
  private lastLed: LineEntry | null = null;
  private lineReadAt = 0;
  private handoverList: Handover[] = [];

  /** A new round: what was seen in the last one no longer counts. */
  restart(now: number): void {
    for (const r of this.renewals.values()) r.silences = { third: null, missOne: null };
    this.released.clear();
    this.first = null;
    this.lastLed = null;
    this.lineReadAt = now;
    this.handoverList = [];
  }

  joined(lease: string, now: number): void {
    this.renewals.set(lease, { last: now, silences: { third: null, missOne: null } });
  }

  /** A heartbeat renewed the member's lease: the silence since the last one counts for `schedule`. */
  renewed(lease: string, now: number, schedule: Schedule): void {
    const r = this.renewals.get(lease);
    if (!r) return void this.joined(lease, now);
    r.silences[schedule] = Math.max(r.silences[schedule] ?? 0, now - r.last);
    r.last = now;
  }

  releasedLock(lease: string, now: number): void {
    this.released.set(lease, now);
  }

  /** Queued again: a release from before is no sign of life once it holds again. */
  queued(lease: string): void {
    this.released.delete(lease);
  }

  left(lease: string): void {
    this.renewals.delete(lease);
  }

  silences(lease: string): Record<Schedule, number | null> {
    return this.renewals.get(lease)?.silences ?? { third: null, missOne: null };
  }

  /** The member's last renewal this replica answered, or its join. */
  lastRenewal(lease: string): number | null {
    return this.renewals.get(lease)?.last ?? null;
  }

  /**
   * A reading of the line (create-revision order, read at `readAt`): a new first is a handover.
   * `lastAlive` says when the one who led last showed it was alive (a renewal, its revoke), if known.
   */
  observe(line: LineEntry[], readAt: number, lastAlive: (lease: string) => number | null): void {
    if (readAt <= this.lineReadAt) return;
    this.lineReadAt = readAt;
    const next = line[0] ?? null;
    const before = this.first;
    this.first = next;
    if (next) this.released.delete(next.lease);
    if (before?.lease === next?.lease) return;
    // From an empty line, the next to lead takes over from whoever led before it emptied.
    const from = before ?? (next ? this.lastLed : null);
    if (from) {
      const alive = this.released.get(from.lease) ?? lastAlive(from.lease);
      this.handoverList.unshift({
        from: from.name,
        to: next?.name ?? null,
        at: readAt,
        leaderlessMs: next && alive !== null ? Math.max(0, readAt - alive) : null,
      });
      this.handoverList.length = Math.min(this.handoverList.length, MAX_HANDOVERS);
    }
    if (before) this.lastLed = before;
    if (next) this.lastLed = null;
  }

  handovers(): Handover[] {
    return this.handoverList;
  }
}
