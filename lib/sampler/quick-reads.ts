import { expiresWithin } from '@/lib/sampler/read-policy';
import type { LeaseView } from '@/lib/shared/contract';

// The reads between rounds, every QUICK_INTERVAL_MS:
// - the leases about to expire (under NEAR_EXPIRY_S left by their last reading), so expiry is seen
//   within a fraction of a second;
// - a lease in focus (a detail panel, the presenter view: one lease with its chart), whenever its
//   reading is FOCUS_READ_MS old. A round reads every lease on screen once a second, so another
//   client's renewal of it showed up to a second and the reading's own time later: 1.14 s at
//   100,000 leases (2026-11-28), where the round's listing moves its reads. The renewal is what
//   such a viewer is watching for.
// Pure: what to read follows from the leases as last seen, and which are in focus (./viewers.ts).

export const QUICK_INTERVAL_MS = 250;
/** Leases with less than this left (by estimate) are re-read every QUICK_INTERVAL_MS. */
export const NEAR_EXPIRY_S = 2;
/** A lease in focus is read again once its reading is this old: about twice a second. */
export const FOCUS_READ_MS = 450;

export class QuickReads {
  /** the leases the last round saw within a few seconds of expiry */
  expiringSoon: string[] = [];

  /** The leases to read now, by each lease as last seen (`leaseOf`) and those `inFocus` now. */
  due(now: number, leaseOf: (id: string) => LeaseView | null, inFocus: Iterable<string>): string[] {
    const due = new Set<string>();
    for (const id of this.expiringSoon) {
      const view = leaseOf(id);
      if (view?.status === 'alive' && expiresWithin(view, now, NEAR_EXPIRY_S)) due.add(id);
    }
    for (const id of inFocus) {
      const view = leaseOf(id);
      if (view?.status === 'alive' && now - view.readAt >= FOCUS_READ_MS) due.add(id);
    }
    return [...due];
  }
}
