import 'server-only';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

// Signing in with DASHBOARD_TOKEN. The cookie holds an HMAC derived from the token, never the token
// itself; changing the token signs everyone out. Every comparison takes the same time whatever the
// input, so the token cannot be guessed a character at a time.

export const SESSION_COOKIE = 'lease-dashboard-session';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Constant-time equality of two strings of any length (compared as SHA-256 digests). */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/** The cookie value a session signed in with `token` carries. */
export function sessionValue(token: string): string {
  return createHmac('sha256', token).update('lease-dashboard session v1').digest('base64url');
}

export function isSession(cookie: string | undefined, token: string): boolean {
  return cookie !== undefined && sameSecret(cookie, sessionValue(token));
}
