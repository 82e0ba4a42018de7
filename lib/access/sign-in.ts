import 'server-only';
import { cookies, headers } from 'next/headers';
import { AccessError, InputError, requestContext } from '@/lib/access/guard';
import { say } from '@/lib/shared/english';
import { RateLimit } from '@/lib/access/rate-limit';
import {
  SESSION_COOKIE,
  SESSION_HOURS,
  newSession,
  newSessionId,
  readSession,
  sameSecret,
  userCookie,
  userCookieName,
} from '@/lib/access/session-cookie';
import { sessionDigest } from '@/lib/access/session-records';
import {
  addUserSession,
  endTokenSession,
  endUserSession,
  userSessionDigest,
} from '@/lib/access/sessions';
import { authenticate } from '@/lib/etcd/user-clients';
import { currentDashboard, getConfig, processState, slot } from '@/lib/dashboard/registry';
import type { SignInInput } from '@/lib/shared/schemas';

/** Sign-in attempts one client may make in any minute, so a secret cannot be guessed by brute force. */
export const SIGN_INS_PER_MINUTE = 10;

// Per process, as the token is: more clusters give a guesser no more attempts.
const SIGN_INS = slot('access.sign-ins', () => new RateLimit(SIGN_INS_PER_MINUTE));

export type SignedIn = { signedIn: true; user: string | null };

/**
 * Signs this browser in: with the dashboard token, or (DASHBOARD_SIGN_IN=etcd) as an etcd user,
 * whose name and password etcd itself checks. The password is not kept: the session holds the
 * token etcd answers with.
 */
export async function signIn(input: SignInInput): Promise<SignedIn> {
  const { access } = getConfig();
  if (access.signIn === 'open') throw new InputError('token', say('errors.noToken'));
  const { client } = await requestContext();
  const taken = processState().get(SIGN_INS).take(client);
  if (!taken.ok)
    throw new AccessError(
      'rate_limited',
      say('errors.tooManySignIns', { retry: taken.retryAfterS }),
    );
  if (access.signIn === 'etcd') return signInAsUser(input);
  const token = input.token ?? '';
  if (!token) throw new InputError('token', say('validation.tokenRequired'));
  if (!access.token || !sameSecret(token, access.token))
    throw new InputError('token', say('errors.wrongToken'));
  await setCookie(SESSION_COOKIE, newSession(access.token).value);
  return { signedIn: true, user: null };
}

async function signInAsUser({ user, password }: SignInInput): Promise<SignedIn> {
  if (!user) throw new InputError('user', say('validation.userRequired'));
  if (!password) throw new InputError('password', say('validation.passwordRequired'));
  const etcdToken = await authenticate(user, password);
  if (etcdToken === null) throw new InputError('password', say('errors.userAuthFailed', { user }));
  const id = newSessionId();
  const expiresAt = Date.now() + SESSION_HOURS * 3600_000;
  await addUserSession(sessionDigest(id), user, etcdToken, expiresAt);
  await setCookie(userCookieName(currentDashboard().name), userCookie(id, etcdToken));
  return { signedIn: true, user };
}

async function setCookie(name: string, value: string): Promise<void> {
  const proto = (await headers()).get('x-forwarded-proto');
  (await cookies()).set(name, value, {
    httpOnly: true,
    sameSite: 'strict',
    secure: proto === 'https',
    path: '/',
    maxAge: SESSION_HOURS * 3600,
  });
}

/**
 * Ends this browser's session on the server too: the cookie, replayed, is refused from now on. The
 * cookie goes whatever happens; if etcd could not note the end, the answer says so.
 */
export async function signOut(): Promise<{ signedIn: false }> {
  const jar = await cookies();
  const { access } = getConfig();
  if (access.signIn === 'etcd') {
    const name = userCookieName(currentDashboard().name);
    const digest = userSessionDigest(jar.get(name)?.value);
    jar.delete(name);
    if (digest) await endUserSession(digest);
    return { signedIn: false };
  }
  const session = access.token ? readSession(jar.get(SESSION_COOKIE)?.value, access.token) : null;
  jar.delete(SESSION_COOKIE);
  if (session) await endTokenSession(session);
  return { signedIn: false };
}

/**
 * etcd no longer takes the user's token (it forgot it): the session is over, so the page asks the
 * user to sign in again rather than fail each change the same way.
 */
export async function endExpiredSession(): Promise<void> {
  const { session } = await requestContext();
  if (!session) return;
  await endUserSession(session.digest).catch(() => undefined);
  (await cookies()).delete(userCookieName(currentDashboard().name));
}
