// Countdown maths shared by the server (when to re-read a lease) and the browser (how to move the
// bar between polls). etcd's remaining TTL is floored to whole seconds at the moment it was read.

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
export function formatDuration(seconds: number): string {
  if (seconds < 0) return '-';
  const s = Math.floor(seconds);
  if (s < 60) return `${s} s`;
  const two = (big: number, bigUnit: string, small: number, smallUnit: string) =>
    small > 0 ? `${big}${bigUnit} ${small}${smallUnit}` : `${big}${bigUnit}`;
  if (s < 3600) return two(Math.floor(s / 60), 'm', s % 60, 's');
  if (s < 86400) return two(Math.floor(s / 3600), 'h', Math.floor((s % 3600) / 60), 'm');
  return two(Math.floor(s / 86400), 'd', Math.floor((s % 86400) / 3600), 'h');
}

/** A TTL in words with its exact seconds when the words round them: "10 s", "1h (3600 s)". */
export function ttlWords(seconds: number): string {
  const words = formatDuration(seconds);
  return seconds < 60 ? words : `${words} (${Math.floor(seconds)} s)`;
}
