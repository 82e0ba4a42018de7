import 'server-only';
import type { Dashboard } from '@/lib/dashboard/dashboard';
import { currentDashboard, homeDashboard, processState, slot } from '@/lib/dashboard/registry';
import { userClients, type EtcdUser } from '@/lib/etcd/user-clients';
import { SessionRecords, sessionDigest } from '@/lib/access/session-records';
import { readSession, readUserCookie, type Session } from '@/lib/access/session-cookie';

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

/** The etcd user's session a cookie carries, if its record in etcd holds. */
export async function userSession(cookie: string | undefined): Promise<UserSession | null> {
  const carried = readUserCookie(cookie);
  if (!carried) return null;
  const digest = sessionDigest(carried.id);
  const record = await userSessions().get(digest);
  const user = record ? userOf(record.value) : null;
  if (!record || user === null) return null;
  const etcd = userClients().for(digest, user, carried.token, record.expiresAt);
  return { digest, user, expiresAt: record.expiresAt, etcd };
}

/** Ends an etcd user's session: its record, and its client. */
export async function endUserSession(digest: string): Promise<void> {
  userClients().close(digest);
  await userSessions().remove(digest);
}

/** An etcd user's session record: who signed in, and until when. */
export const userRecord = (user: string, expiresAt: number) => JSON.stringify({ user, expiresAt });

function userOf(value: string): string | null {
  try {
    const { user } = JSON.parse(value) as { user?: unknown };
    return typeof user === 'string' && user !== '' ? user : null;
  } catch {
    return null;
  }
}
