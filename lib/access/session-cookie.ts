import 'server-only';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// The session cookies. With DASHBOARD_TOKEN: a session's ID and expiry, HMAC-signed with the token,
// so any replica accepts it and nobody without the token can forge one; signing out notes the ID in
// etcd until it would have expired anyway. As an etcd user: a random ID, whose record in etcd names
// the user, and etcd's token for them. Comparisons take constant time.

export const SESSION_COOKIE = 'lease-dashboard-session';
export const SESSION_HOURS = 12;

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Constant-time equality of two strings of any length (compared as SHA-256 digests). */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

const sign = (payload: string, token: string) =>
  createHmac('sha256', token).update(`lease-dashboard session v2.${payload}`).digest('base64url');

export type Session = { id: string; expiresAt: number };

/** A new session and the cookie value that carries it. */
export function newSession(token: string, now = Date.now()): { session: Session; value: string } {
  const session = {
    id: randomBytes(16).toString('base64url'),
    expiresAt: now + SESSION_HOURS * 3600_000,
  };
  const payload = `${session.id}.${session.expiresAt}`;
  return { session, value: `${payload}.${sign(payload, token)}` };
}

/**
 * The session a cookie carries, if it is signed with `token` and unexpired. Whether it was signed
 * out since is in etcd (./sessions.ts).
 */
export function readSession(
  cookie: string | undefined,
  token: string,
  now = Date.now(),
): Session | null {
  const [id, expires, signature, ...rest] = (cookie ?? '').split('.');
  if (!id || !expires || !signature || rest.length > 0) return null;
  if (!sameSecret(signature, sign(`${id}.${expires}`, token))) return null;
  const expiresAt = Number(expires);
  if (!Number.isSafeInteger(expiresAt) || expiresAt <= now) return null;
  return { id, expiresAt };
}

/** DASHBOARD_SIGN_IN=etcd: one cookie per cluster, since each cluster has its own users. */
export const userCookieName = (cluster: string) => `lease-dashboard-user-${cluster}`;

/** An etcd user's session cookie: its ID, and the token etcd gave for the user's password. */
export function userCookie(id: string, etcdToken: string): string {
  return `${id}.${Buffer.from(etcdToken, 'utf8').toString('base64url')}`;
}

/** The session ID and etcd token a user's cookie carries; its record says who and until when. */
export function readUserCookie(cookie: string | undefined): { id: string; token: string } | null {
  const [id, token, ...rest] = (cookie ?? '').split('.');
  if (!id || !token || rest.length > 0 || !/^[A-Za-z0-9_-]{22}$/.test(id)) return null;
  return { id, token: Buffer.from(token, 'base64url').toString('utf8') };
}

/** A new session ID: unguessable, and only its digest is ever stored. */
export const newSessionId = () => randomBytes(16).toString('base64url');
