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

/** "4 s", "1 min 5 s", "2 h 3 min": how long, for people. */
export function formatDuration(seconds: number): string {
  if (seconds < 0) return '-';
  const s = Math.floor(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  if (s < 86400)
    return `${Math.floor(s / 3600)} h${s % 3600 >= 60 ? ` ${Math.floor((s % 3600) / 60)} min` : ''}`;
  return `${Math.floor(s / 86400)} d${s % 86400 >= 3600 ? ` ${Math.floor((s % 86400) / 3600)} h` : ''}`;
}
