import { expiresWithin } from '@/lib/sampler/read-needs';
import type { LeaseView } from '@/lib/shared/contract';

// The reads between rounds, every QUICK_INTERVAL_MS:
// - the leases about to expire (under NEAR_EXPIRY_S left by their last reading), so expiry is seen
//   within a fraction of a second;
// - a lease in focus (a detail panel, the presenter view: one lease with its chart), whenever its
//   reading is FOCUS_READ_MS old. A round reads every lease on screen once a second, so another
//   client's renewal of it showed up to a second and the reading's own time later: 1.14 s at
//   100,000 leases (2026-11-28), where the round's listing moves its reads. The renewal is what
//   such a viewer is watching for.
// Pure: what to read follows from the leases as last seen.

export const QUICK_INTERVAL_MS = 250;
/** Leases with less than this left (by estimate) are re-read every QUICK_INTERVAL_MS. */
export const NEAR_EXPIRY_S = 2;
/** A lease in focus is read again once its reading is this old: about twice a second. */
export const FOCUS_READ_MS = 450;
/** At most this many leases in focus at once (one per detail panel open); the oldest goes first. */
export const MAX_FOCUSED = 100;

export class QuickReads {
  /** the leases the last round saw within a few seconds of expiry */
  expiringSoon: string[] = [];
  /** lease ID -> until when (epoch ms) it is in focus, oldest focus first */
  private readonly focus = new Map<string, number>();

  /** A viewer shows the lease in focus until `until`. */
  focused(id: string, until: number): void {
    this.focus.delete(id);
    this.focus.set(id, until);
    const oldest = this.focus.keys().next().value;
    if (this.focus.size > MAX_FOCUSED && oldest !== undefined) this.focus.delete(oldest);
  }

  /** The leases to read now, by each lease as last seen (`leaseOf`). */
  due(now: number, leaseOf: (id: string) => LeaseView | null): string[] {
    const due = new Set<string>();
    for (const id of this.expiringSoon) {
      const view = leaseOf(id);
      if (view?.status === 'alive' && expiresWithin(view, now, NEAR_EXPIRY_S)) due.add(id);
    }
    for (const [id, until] of this.focus) {
      if (until <= now) {
        this.focus.delete(id);
        continue;
      }
      const view = leaseOf(id);
      if (view?.status === 'alive' && now - view.readAt >= FOCUS_READ_MS) due.add(id);
    }
    return [...due];
  }
}
