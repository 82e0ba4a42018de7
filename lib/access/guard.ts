import 'server-only';
import { cookies, headers } from 'next/headers';
import { DashboardError, errorResponse } from '@/lib/shared/errors';
import { say } from '@/lib/shared/english';
import type { Said } from '@/lib/shared/i18n';
import type { AccessView } from '@/lib/shared/contract';
import { leaseScopeSaid } from '@/lib/access/scope';
import { RateLimit } from '@/lib/access/rate-limit';
import { SHARED_CLIENT, clientOf } from '@/lib/access/client-address';
import { SESSION_COOKIE, sameSecret, userCookieName } from '@/lib/access/session-cookie';
import { tokenSession, userSession, type UserSession } from '@/lib/access/sessions';
import type { EtcdUser } from '@/lib/etcd/user-clients';
import { configOrNull, currentDashboard, getConfig, slot } from '@/lib/dashboard/registry';

// What the dashboard may do and who may do it, checked on the server for every request: a hidden
// button protects nothing, since a server action is a public POST endpoint.

/** The request may not do this: read-only, not signed in, outside the key prefix, too many. */
export class AccessError extends DashboardError {
  override name = 'AccessError';
  constructor(
    code: 'read_only' | 'sign_in_required' | 'outside_prefix' | 'rate_limited',
    said: Said,
  ) {
    super(code, said);
  }
}

/** One field's value is not allowed here: wrong, or valid but outside what the configuration allows. */
export class InputError extends DashboardError {
  override name = 'InputError';
  constructor(
    field: string,
    said: Said,
    code: 'invalid_input' | 'outside_prefix' = 'invalid_input',
  ) {
    super(code, said, field);
  }
}

export type RequestContext = {
  signedIn: boolean;
  /** where the request came from, as the allowances count clients (./client-address.ts) */
  client: string;
  /** who the audit trail names: the etcd user signed in, 'token', or 'anyone' */
  who: string;
  /** DASHBOARD_SIGN_IN=etcd: the signed-in user's own client, which their changes are made through */
  as: EtcdUser | null;
  /** DASHBOARD_SIGN_IN=etcd: the user's session (for signing out) */
  session: UserSession | null;
};

const NOBODY = { signedIn: false, who: 'anyone', as: null, session: null } as const;

/** Who is asking. Outside a request (code calling lib/ directly) nobody is signed in. */
export async function requestContext(): Promise<RequestContext> {
  const { access } = getConfig();
  let jar, list;
  try {
    [jar, list] = await Promise.all([cookies(), headers()]);
  } catch {
    return { ...NOBODY, client: 'local' };
  }
  // Next.js keeps an X-Forwarded-For the client sent, so it names the client only by what the
  // trusted proxies appended. A follower passes it to the leader unchanged (lib/replicas/).
  const client = clientOf(list.get('x-forwarded-for'), access.trustProxy);
  // Sessions are checked against their records in etcd (./sessions.ts); one that cannot be is not
  // signed in.
  if (access.signIn === 'etcd') {
    const cookie = jar.get(userCookieName(currentDashboard().name))?.value;
    const session = await userSession(cookie).catch(() => null);
    if (!session) return { ...NOBODY, client };
    return { signedIn: true, client, who: session.user, as: session.etcd, session };
  }
  const { token } = access;
  const session = token
    ? await tokenSession(jar.get(SESSION_COOKIE)?.value, token).catch(() => null)
    : null;
  return session ? { ...NOBODY, signedIn: true, client, who: 'token' } : { ...NOBODY, client };
}

/** Throws in read-only mode: checked for every change, whoever asks (timers included). */
export function assertWritable(): void {
  if (getConfig().access.readOnly) throw new AccessError('read_only', say('errors.readOnly'));
}

/** Throws unless this request may change etcd. */
export async function assertMayChange(): Promise<RequestContext> {
  const { access } = getConfig();
  assertWritable();
  const context = await requestContext();
  if (access.signIn !== 'open' && !context.signedIn)
    throw new AccessError(
      'sign_in_required',
      say(access.signIn === 'etcd' ? 'errors.signInAsUser' : 'errors.signInFirst'),
    );
  return context;
}

/** Whether this request may read (false only with DASHBOARD_PROTECT_READS and no session). */
export async function mayRead(): Promise<boolean> {
  let access;
  try {
    access = getConfig().access;
  } catch {
    // With a configuration error the dashboard reaches no etcd, so it holds nothing to protect:
    // its answers say what is wrong (naming the variable, never a secret) instead of failing.
    return true;
  }
  return !access.protectReads || (await requestContext()).signedIn;
}

/**
 * A key the dashboard is about to write must be under DASHBOARD_KEY_PREFIX, if set, and never in
 * the dashboard's own reserved folders; a prefix to clear must not hold them either.
 */
export function assertKeyInScope(key: string, field = 'key'): void {
  const { access, reservedPrefixes } = getConfig();
  const reserved = reservedPrefixes.find(
    (r) => key.startsWith(r) || (field === 'prefix' && r.startsWith(key)),
  );
  if (reserved)
    throw new InputError(field, say('errors.keyReserved', { prefix: reserved }), 'outside_prefix');
  const prefix = access.keyPrefix;
  if (prefix && !key.startsWith(prefix))
    throw new InputError(field, say('errors.keyOutsidePrefix', { prefix }), 'outside_prefix');
}

/**
 * Throws for a lease that holds one of the dashboard's own reserved keys (a replica's session), and
 * unless the lease is within DASHBOARD_KEY_PREFIX (see leaseScopeSaid); any other lease without it.
 */
export function assertLeaseInScope(
  lease: { id: string; keys: string[]; keysHidden: string | null },
  grantedHere: boolean,
): void {
  const { access, reservedPrefixes } = getConfig();
  const reserved = lease.keys.find((k) => reservedPrefixes.some((r) => k.startsWith(r)));
  if (reserved)
    throw new AccessError(
      'outside_prefix',
      say('errors.scope.reserved', { id: lease.id, key: reserved }),
    );
  const prefix = access.keyPrefix;
  const problem = prefix ? leaseScopeSaid(prefix, lease, grantedHere) : null;
  if (problem) throw new AccessError('outside_prefix', problem);
}

const GRANT_LIMIT = slot('access.grant-limit', (dashboard) => {
  const perMinute = dashboard.getConfig().access.grantsPerMinute;
  return { perMinute, limit: new RateLimit(perMinute) };
});

/** Counts one lease grant for the client; throws when it has granted its share this minute. */
export function takeGrant(client: string): void {
  const { grantsPerMinute } = getConfig().access;
  const dashboard = currentDashboard();
  if (dashboard.get(GRANT_LIMIT).perMinute !== grantsPerMinute) dashboard.forget(GRANT_LIMIT);
  const taken = dashboard.get(GRANT_LIMIT).limit.take(client);
  if (!taken.ok)
    throw new AccessError(
      'rate_limited',
      say('errors.tooManyGrants', {
        max: grantsPerMinute,
        shared: client === SHARED_CLIENT ? 'yes' : 'no',
        retry: taken.retryAfterS,
      }),
    );
}

/** A 401 for a read this request may not make (DASHBOARD_PROTECT_READS without a session). */
export async function readRefusal(): Promise<Response | null> {
  if (await mayRead()) return null;
  const asUser = configOrNull()?.access.signIn === 'etcd';
  return errorResponse(
    'sign_in_required',
    say(asUser ? 'errors.signInAsUserToRead' : 'errors.signInToRead'),
  );
}

/**
 * For GET /metrics: as any read, or, under DASHBOARD_PROTECT_READS, with the dashboard token as a
 * bearer token (`Authorization: Bearer ...`, what Prometheus' `authorization` setting sends).
 */
export async function metricsRefusal(request: Request): Promise<Response | null> {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  const token = configOrNull()?.access.token ?? null;
  if (bearer && token && sameSecret(bearer, token)) return null;
  if (await mayRead()) return null;
  return errorResponse('sign_in_required', say('errors.signInForMetrics'));
}

/** What the page may know about access: modes and whether this browser is signed in. No secrets. */
export async function accessView(): Promise<AccessView> {
  const { access } = getConfig();
  const context = await requestContext();
  return {
    readOnly: access.readOnly,
    keyPrefix: access.keyPrefix,
    signIn: access.signIn,
    protectReads: access.protectReads,
    signedIn: context.signedIn,
    user: context.session?.user ?? null,
  };
}

/** With a configuration error nothing may change; the page's banner explains the error. */
const LOCKED: AccessView = {
  readOnly: true,
  keyPrefix: null,
  signIn: 'open',
  protectReads: false,
  signedIn: false,
  user: null,
};

/** accessView() for pages, which must render (and explain) even when the configuration is bad. */
export async function accessViewForPage(): Promise<AccessView> {
  return accessView().catch(() => LOCKED);
}
