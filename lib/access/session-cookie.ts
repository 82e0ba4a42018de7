import 'server-only';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// Signing in with DASHBOARD_TOKEN: a session's ID and expiry, HMAC-signed with the token, so any
// replica accepts it and nobody without the token can forge one. Signing out refuses the ID
// server-side until it would have expired anyway. Comparisons take constant time.

export const SESSION_COOKIE = 'lease-dashboard-session';
export const SESSION_HOURS = 12;
/** Sessions ended early that are remembered at once; past it, the soonest to expire are dropped. */
const MAX_ENDED = 10_000;

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

/** The session a cookie carries, if it is signed with `token`, unexpired and not ended. */
export function readSession(
  cookie: string | undefined,
  token: string,
  ended: EndedSessions,
  now = Date.now(),
): Session | null {
  const [id, expires, signature, ...rest] = (cookie ?? '').split('.');
  if (!id || !expires || !signature || rest.length > 0) return null;
  if (!sameSecret(signature, sign(`${id}.${expires}`, token))) return null;
  const expiresAt = Number(expires);
  if (!Number.isSafeInteger(expiresAt) || expiresAt <= now || ended.has(id, now)) return null;
  return { id, expiresAt };
}

/** Sessions signed out before they expired: remembered until they would have expired. */
export class EndedSessions {
  private readonly ended = new Map<string, number>();

  end(session: Session, now = Date.now()): void {
    this.prune(now);
    this.ended.set(session.id, session.expiresAt);
    if (this.ended.size > MAX_ENDED) {
      const soonest = [...this.ended].sort((a, b) => a[1] - b[1])[0];
      if (soonest) this.ended.delete(soonest[0]);
    }
  }

  has(id: string, now = Date.now()): boolean {
    const until = this.ended.get(id);
    return until !== undefined && until > now;
  }

  private prune(now: number): void {
    for (const [id, until] of this.ended) if (until <= now) this.ended.delete(id);
  }
}
