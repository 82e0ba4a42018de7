import { expiresWithin } from '@/lib/sampler/read-policy';
import type { LeaseView } from '@/lib/shared/contract';

// The reads between rounds: leases about to expire, so expiry shows at once, and a lease in focus
// (a detail panel, the presenter view), whose renewal by another client is what its viewer watches
// for and showed late when left to the rounds. Pure, so tested alone.

export const QUICK_INTERVAL_MS = 250;
/** Leases with less than this left (by estimate) are re-read every QUICK_INTERVAL_MS. */
export const NEAR_EXPIRY_S = 2;
/** A lease in focus is read again once its reading is this old. */
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
