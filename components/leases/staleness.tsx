'use client';

import { formatDuration } from '@/lib/shared/countdown';

/** Readings older than this are said to be, instead of the countdown pretending to be fresh. */
const STALE_AFTER_MS = 2500;

/**
 * How old the reading behind the countdown is, once it is older than a round or two: with thousands
 * of leases most are read in turn, every few seconds, and a renewal by another client shows only at
 * the next reading.
 */
export function Staleness({ readAt, now }: { readAt: number; now: number | null }) {
  if (now === null || now - readAt < STALE_AFTER_MS) return null;
  return (
    <small
      className="staleness"
      data-testid="staleness"
      title="When etcd was last asked about this lease; the countdown since is an estimate"
    >
      read {formatDuration((now - readAt) / 1000)} ago
    </small>
  );
}
