'use client';

import { useTranslations } from 'next-intl';
import type { ReadFailure } from '@/lib/shared/contract';
import { formatDuration } from '@/lib/shared/countdown';
import { inWords } from '@/lib/shared/i18n';

/** Readings older than this are said to be, instead of the countdown pretending to be fresh. */
const STALE_AFTER_MS = 2500;

/**
 * How old the reading behind the countdown is, once it is older than a round or two: with thousands
 * of leases most are read in turn, every few seconds, and a renewal by another client shows only at
 * the next reading.
 */
export function Staleness({
  readAt,
  now,
  failure = null,
}: {
  readAt: number;
  now: number | null;
  /** why the last read failed, if it did */
  failure?: ReadFailure | null;
}) {
  const t = useTranslations();
  if (now === null || (now - readAt < STALE_AFTER_MS && !failure)) return null;
  return (
    <small className="staleness" data-testid="staleness" title={t('staleness.title')}>
      {t('staleness.read', {
        ago: formatDuration(Math.max(0, now - readAt) / 1000, t),
        failed: failure ? 'yes' : 'no',
        reason: failure ? inWords(t, failure) : '',
      })}
    </small>
  );
}
