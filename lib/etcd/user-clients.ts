import 'server-only';
import { Etcd3 } from 'etcd3';
import { currentDashboard, slot } from '@/lib/dashboard/registry';
import { clientOptions, type Connection } from '@/lib/etcd/client-options';
import { connection } from '@/lib/etcd/client';
import type { DashboardConfig } from '@/lib/config/env';
import { signInWithToken } from '@/lib/etcd/etcd3-internals';
import { EtcdAccessError, toDashboardError } from '@/lib/etcd/errors';
import { say } from '@/lib/shared/english';

// DASHBOARD_SIGN_IN=etcd: each signed-in user's changes go to etcd through a client of their own,
// so etcd's RBAC decides. The password is used once, for etcd's Authenticate, and never kept: the
// client carries the token etcd answered with, which lives in the user's session cookie.

/** Users' clients one dashboard keeps open at once; past it the least recently used is closed. */
export const MAX_USER_CLIENTS = 64;
/** A user's client unused this long is closed; the next change opens it again from the session. */
export const USER_CLIENT_IDLE_MS = 5 * 60_000;

/** An etcd user's client: what the dashboard's changes are made through when a user signs in. */
export type EtcdUser = { readonly user: string; readonly client: Etcd3 };

/**
 * etcd's Authenticate with a user name and password: the token etcd gives for them, or null when
 * etcd refuses them. Throws when etcd has authentication switched off or does not answer.
 */
export async function authenticate(user: string, password: string): Promise<string | null> {
  const client = new Etcd3(clientOptions({ ...connection(), auth: null }));
  try {
    const { token } = await client.auth.authenticate({ name: user, password });
    return token;
  } catch (err) {
    const message = err instanceof Error ? err.message : '';
    if (/authentication is not enabled/i.test(message))
      throw new EtcdAccessError('auth_failed', say('errors.etcdAuthOff'));
    if (/authentication failed/i.test(message)) return null;
    throw toDashboardError(err, { endpoints: connection().endpoints });
  } finally {
    client.close();
  }
}

type Open = EtcdUser & { token: string; usedAt: number; expiresAt: number };

/** The open clients of one dashboard's signed-in users, by session, bounded in number and time. */
export class UserClients {
  private readonly open = new Map<string, Open>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly make: (token: string) => Etcd3,
    private readonly now: () => number = Date.now,
  ) {
    this.sweeper = setInterval(() => this.sweep(), USER_CLIENT_IDLE_MS / 5);
    this.sweeper.unref();
  }

  /**
   * The user of a session, whose client is opened (from its token) only when a change uses it:
   * a request that only reads never takes one of the open clients' places.
   */
  for(session: string, user: string, token: string, expiresAt: number): EtcdUser {
    const open = () => this.opened(session, user, token, expiresAt);
    return {
      user,
      get client() {
        return open().client;
      },
    };
  }

  /** The client for a session, opened from its token if it is not open (or the token changed). */
  private opened(session: string, user: string, token: string, expiresAt: number): EtcdUser {
    const now = this.now();
    const known = this.open.get(session);
    if (known && known.token === token && known.user === user) {
      known.usedAt = now;
      // Most recently used last, so the first is the one to close when there are too many.
      this.open.delete(session);
      this.open.set(session, known);
      return known;
    }
    if (known) this.close(session);
    const opened: Open = { user, token, client: this.make(token), usedAt: now, expiresAt };
    this.open.set(session, opened);
    while (this.open.size > MAX_USER_CLIENTS) {
      const oldest = this.open.keys().next().value;
      if (oldest === undefined) break;
      this.close(oldest);
    }
    return opened;
  }

  /** Closes a session's client: signed out, or etcd no longer takes its token. */
  close(session: string): void {
    this.open.get(session)?.client.close();
    this.open.delete(session);
  }

  /** How many are open (metrics, tests). */
  get size(): number {
    return this.open.size;
  }

  /** Closes the clients of sessions that expired or have been idle too long. */
  sweep(): void {
    const now = this.now();
    for (const [session, open] of this.open)
      if (open.expiresAt <= now || now - open.usedAt >= USER_CLIENT_IDLE_MS) this.close(session);
  }

  closeAll(): void {
    clearInterval(this.sweeper);
    for (const session of [...this.open.keys()]) this.close(session);
  }
}

/** A client of the dashboard's etcd that sends `token` and never a password; once etcd refuses it, it says so. */
function tokenClient({ endpoints, tls }: DashboardConfig, token: string): Etcd3 {
  const unsigned: Connection = { endpoints, tls, auth: null };
  const client = new Etcd3(clientOptions(unsigned));
  signInWithToken(
    client,
    token,
    () => new EtcdAccessError('session_expired', say('errors.etcdSessionExpired')),
  );
  return client;
}

const USER_CLIENTS = slot(
  'etcd.user-clients',
  (dashboard) => new UserClients((token) => tokenClient(dashboard.getConfig(), token)),
  (clients) => clients.closeAll(),
);

/** This dashboard's users' clients. */
export function userClients(): UserClients {
  return currentDashboard().get(USER_CLIENTS);
}
