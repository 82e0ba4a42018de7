import 'server-only';
import { cookies, headers } from 'next/headers';
import { getConfig } from '@/lib/config/env';
import { AccessError, InputError, requestContext } from '@/lib/access/guard';
import { RateLimit } from '@/lib/access/rate-limit';
import { SESSION_COOKIE, sameSecret, sessionValue } from '@/lib/access/session-cookie';

/** Sign-in attempts one client may make in any minute, so the token cannot be guessed by brute force. */
export const SIGN_INS_PER_MINUTE = 10;
const SESSION_HOURS = 12;

const cache = globalThis as typeof globalThis & { __leaseDashboardSignIns?: RateLimit };

/** Checks the token and, if it is right, gives this browser a session cookie. */
export async function signIn(token: string): Promise<{ signedIn: true }> {
  const configured = getConfig().access.token;
  if (!configured)
    throw new InputError(
      'token',
      'This dashboard has no DASHBOARD_TOKEN: there is nothing to sign in to',
    );
  const { client } = await requestContext();
  cache.__leaseDashboardSignIns ??= new RateLimit(SIGN_INS_PER_MINUTE);
  const taken = cache.__leaseDashboardSignIns.take(client);
  if (!taken.ok)
    throw new AccessError(
      'rate_limited',
      `Too many sign-in attempts; try again in ${taken.retryAfterS} s`,
    );
  if (!sameSecret(token, configured))
    throw new InputError('token', 'That is not the dashboard token');
  const proto = (await headers()).get('x-forwarded-proto');
  (await cookies()).set(SESSION_COOKIE, sessionValue(configured), {
    httpOnly: true,
    sameSite: 'strict',
    secure: proto === 'https',
    path: '/',
    maxAge: SESSION_HOURS * 3600,
  });
  return { signedIn: true };
}

export async function signOut(): Promise<{ signedIn: false }> {
  (await cookies()).delete(SESSION_COOKIE);
  return { signedIn: false };
}
