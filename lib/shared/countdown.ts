// Countdown maths shared by the server (when to re-read a lease) and the browser (how to move the
// bar between polls). etcd's remaining TTL is floored to whole seconds at the moment it was read.
import type { Message } from '@/lib/shared/contract-events';
import { english } from '@/lib/shared/english';
import { message, render, type Translate } from '@/lib/shared/i18n';

/**
 * Seconds left now, estimated from a reading: the remaining TTL etcd reported at `readAt`, less the
 * time since. Never below zero. Fractional, for a smooth bar.
 */
export function remainingNow(ttl: number, readAt: number, now: number): number {
  if (ttl < 0) return 0;
  return Math.max(0, ttl - Math.max(0, now - readAt) / 1000);
}

/**
 * The whole number of seconds to show. Rounded up, so it equals etcd's answer at the moment of a
 * reading and stays within one second of what etcd would answer until the next one.
 */
export function displaySeconds(ttl: number, readAt: number, now: number): number {
  return Math.max(0, Math.ceil(remainingNow(ttl, readAt, now) - 1e-9));
}

/** Fraction of the granted TTL that is left, 0..1, for the width of a countdown bar. */
export function remainingFraction(remaining: number, grantedTTL: number): number {
  if (grantedTTL <= 0) return 0;
  return Math.min(1, Math.max(0, remaining / grantedTTL));
}

/**
 * How long, for people, in the two largest units: "4 s", "59m 58s", "1h 2m", "2d 3h". Under a
 * minute it stays in seconds as etcdctl and the tutorial say them ("10 s"). The exact seconds go
 * beside it where a person may want them (a title to hover, the API).
 */
export function formatDuration(seconds: number, t: Translate = english): string {
  return render(t, durationMessage(seconds));
}

/** formatDuration as a catalog message, for sentences the server sends every viewer. */
export function durationMessage(seconds: number): Message {
  if (seconds < 0) return message('duration.none');
  const s = Math.floor(seconds);
  if (s < 60) return message('duration.s', { s });
  const m = Math.floor(s / 60);
  if (s < 3600)
    return s % 60 > 0 ? message('duration.ms', { m, s: s % 60 }) : message('duration.m', { m });
  const h = Math.floor(s / 3600);
  if (s < 86400) {
    const rest = Math.floor((s % 3600) / 60);
    return rest > 0 ? message('duration.hm', { h, m: rest }) : message('duration.h', { h });
  }
  const d = Math.floor(s / 86400);
  const hours = Math.floor((s % 86400) / 3600);
  return hours > 0 ? message('duration.dh', { d, h: hours }) : message('duration.d', { d });
}

/** A TTL in words with its exact seconds when the words round them: "10 s", "1h (3600 s)". */
export function ttlWords(seconds: number, t: Translate = english): string {
  return render(t, ttlMessage(seconds));
}

/** ttlWords as a catalog message. */
export function ttlMessage(seconds: number): Message {
  const words = durationMessage(seconds);
  return seconds < 60 ? words : message('duration.exact', { words, s: Math.floor(seconds) });
}

/**
 * A remaining-TTL bucket's name in the viewer's language, from its bounds: "< 10s", "10-30s",
 * "30s-1m", "> 6h" (a range in one unit names it once). In English it is the API's `label`.
 */
export function bucketLabel(bucket: { from: number; to: number | null }, t: Translate): string {
  const unit = (s: number) =>
    s < 60
      ? { unit: 's' as const, n: s }
      : s < 3600
        ? { unit: 'm' as const, n: s / 60 }
        : { unit: 'h' as const, n: s / 3600 };
  const words = (s: number) => {
    const { unit: u, n } = unit(s);
    return t(`summary.buckets.${u}`, { n });
  };
  if (bucket.to === null) return t('summary.buckets.over', { from: words(bucket.from) });
  if (bucket.from === 0) return t('summary.buckets.under', { to: words(bucket.to) });
  const from = unit(bucket.from);
  const sameUnit = from.unit === unit(bucket.to).unit;
  return t('summary.buckets.range', {
    from: sameUnit ? String(from.n) : words(bucket.from),
    to: words(bucket.to),
  });
}
