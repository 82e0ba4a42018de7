import 'server-only';
import { z } from 'zod';
import { jsonValue } from '@/lib/shared/json-value';
import type { Dashboard } from '@/lib/dashboard/dashboard';
import { currentDashboard, homeDashboard, processState, slot } from '@/lib/dashboard/registry';
import { userClients, type EtcdUser } from '@/lib/etcd/user-clients';
import { SessionRecords, sessionDigest } from '@/lib/access/session-records';
import { readSession, readUserCookie, sameSecret, type Session } from '@/lib/access/session-cookie';

// Who a request's cookies say is signed in, checked against the sessions kept in etcd
// (./session-records.ts): the token's sessions signed out early, and etcd users' sessions.

/** Kept where the dashboard may write, else in memory only (read-only writes nothing). */
const recordsIn = (dashboard: Dashboard | null, folder: string) => {
  const config = dashboard?.configOrNull();
  const writable = config && !config.access.readOnly ? dashboard : null;
  return new SessionRecords(writable, `${config?.ownPrefix ?? ''}sessions/${folder}/`);
};

// One token for every cluster: its sign-outs are the process's, kept in the home cluster.
const ENDED = slot('access.ended-sessions', () => recordsIn(homeDashboard(), 'ended'));
// Each cluster has its own users: their sessions are kept in that cluster.
const USERS = slot('access.user-sessions', (dashboard) => recordsIn(dashboard, 'users'));

/** The token's sessions signed out before they expired. */
const endedSessions = () => processState().get(ENDED);
/** This cluster's etcd users' sessions. */
export const userSessions = () => currentDashboard().get(USERS);

/** The token session a cookie carries, unless it was signed out. */
export async function tokenSession(
  cookie: string | undefined,
  token: string,
): Promise<Session | null> {
  const session = readSession(cookie, token);
  if (!session) return null;
  return (await endedSessions().get(sessionDigest(session.id))) ? null : session;
}

/** Notes that a token session was signed out, so no replica takes its cookie again. */
export async function endTokenSession(session: Session): Promise<void> {
  await endedSessions().add(
    sessionDigest(session.id),
    JSON.stringify({ expiresAt: session.expiresAt }),
    session.expiresAt,
  );
}

export type UserSession = {
  digest: string;
  user: string;
  expiresAt: number;
  /** the user's own etcd client, which the user's changes are made through */
  etcd: EtcdUser;
};

/**
 * The etcd user's session a cookie carries, if its record in etcd holds and names the token the
 * cookie carries: a cookie with another token in it (someone else's) is no session at all.
 */
export async function userSession(cookie: string | undefined): Promise<UserSession | null> {
  const carried = readUserCookie(cookie);
  if (!carried) return null;
  const digest = sessionDigest(carried.id);
  const record = await userSessions().get(digest);
  const signed = record ? recordOf(record.value) : null;
  if (!record || !signed || !sameSecret(signed.token, sessionDigest(carried.token))) return null;
  const etcd = userClients().for(digest, signed.user, carried.token, record.expiresAt);
  return { digest, user: signed.user, expiresAt: record.expiresAt, etcd };
}

/** The session a user's cookie names, signed in or not: what a sign-out ends. */
export function userSessionDigest(cookie: string | undefined): string | null {
  const carried = readUserCookie(cookie);
  return carried ? sessionDigest(carried.id) : null;
}

/** Ends an etcd user's session: its client, and its record (in etcd too). */
export async function endUserSession(digest: string): Promise<void> {
  userClients().close(digest);
  await userSessions().remove(digest);
}

/** Sessions one etcd user may hold in a cluster; a sign-in past it ends their oldest. */
export const MAX_SESSIONS_PER_USER = 20;

/** Keeps a new session of `user`'s, ending their oldest beyond MAX_SESSIONS_PER_USER. */
export async function addUserSession(
  digest: string,
  user: string,
  etcdToken: string,
  expiresAt: number,
): Promise<void> {
  const records = userSessions();
  const theirs = records.matching((r) => recordOf(r.value)?.user === user);
  for (const [old] of theirs.slice(0, Math.max(0, theirs.length - MAX_SESSIONS_PER_USER + 1)))
    await endUserSession(old);
  // The token's digest, never the token: the record says which token the session was given.
  const value = JSON.stringify({ user, expiresAt, token: sessionDigest(etcdToken) });
  await records.add(digest, value, expiresAt);
}

const userRecordSchema = z.object({ user: z.string().min(1), token: z.string() });

const recordOf = (value: string) => jsonValue(value, userRecordSchema);
