import 'server-only';
import { cookies, headers } from 'next/headers';
import { AccessError, InputError, endedSessions, requestContext } from '@/lib/access/guard';
import { say } from '@/lib/shared/english';
import { RateLimit } from '@/lib/access/rate-limit';
import {
  SESSION_COOKIE,
  SESSION_HOURS,
  newSession,
  readSession,
  sameSecret,
} from '@/lib/access/session-cookie';
import { getConfig, processState, slot } from '@/lib/dashboard/registry';

/** Sign-in attempts one client may make in any minute, so the token cannot be guessed by brute force. */
export const SIGN_INS_PER_MINUTE = 10;

// Per process, as the token is: more clusters give a guesser no more attempts.
const SIGN_INS = slot('access.sign-ins', () => new RateLimit(SIGN_INS_PER_MINUTE));

/** Checks the token and, if it is right, gives this browser a session cookie. */
export async function signIn(token: string): Promise<{ signedIn: true }> {
  const configured = getConfig().access.token;
  if (!configured) throw new InputError('token', say('errors.noToken'));
  const { client } = await requestContext();
  const taken = processState().get(SIGN_INS).take(client);
  if (!taken.ok)
    throw new AccessError(
      'rate_limited',
      say('errors.tooManySignIns', { retry: taken.retryAfterS }),
    );
  if (!sameSecret(token, configured)) throw new InputError('token', say('errors.wrongToken'));
  const proto = (await headers()).get('x-forwarded-proto');
  (await cookies()).set(SESSION_COOKIE, newSession(configured).value, {
    httpOnly: true,
    sameSite: 'strict',
    secure: proto === 'https',
    path: '/',
    maxAge: SESSION_HOURS * 3600,
  });
  return { signedIn: true };
}

/** Ends this browser's session on the server too: the cookie, replayed, is refused from now on. */
export async function signOut(): Promise<{ signedIn: false }> {
  const jar = await cookies();
  const token = getConfig().access.token;
  const session = token
    ? readSession(jar.get(SESSION_COOKIE)?.value, token, endedSessions())
    : null;
  if (session) endedSessions().end(session);
  jar.delete(SESSION_COOKIE);
  return { signedIn: false };
}
