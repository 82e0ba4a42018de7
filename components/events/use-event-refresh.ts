'use client';

import { useCallback, useEffect, useRef } from 'react';
import type { LeaseEvent } from '@/lib/shared/contract';

/** How soon after an event the page re-reads, so a burst of events costs one request. */
const EVENT_REFRESH_MS = 50;
/**
 * At most one re-read per this long, however many events arrive (ten thousand new leases are ten
 * thousand events; a page that connects is sent the recent ones all at once).
 */
const EVENT_REFRESH_MIN_GAP_MS = 500;

/**
 * An event handler for useLeaseEvents that calls `refresh` soon after events arrive, at most twice
 * a second. Renewals by the dashboard's own keep-alive are left to the poll.
 */
export function useEventRefresh(refresh: () => void): (event: LeaseEvent) => void {
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastRefresh = useRef(0);
  useEffect(() => () => clearTimeout(pending.current ?? undefined), []);
  return useCallback(
    (event: LeaseEvent) => {
      if (event.kind === 'lease-kept-alive' || pending.current) return;
      const wait = Math.max(
        EVENT_REFRESH_MS,
        lastRefresh.current + EVENT_REFRESH_MIN_GAP_MS - Date.now(),
      );
      pending.current = setTimeout(() => {
        pending.current = null;
        lastRefresh.current = Date.now();
        refresh();
      }, wait);
    },
    [refresh],
  );
}
