import 'server-only';
import { randomUUID } from 'node:crypto';
import { deletePrefix, grantLease, putWithLease, revokeLease } from '@/lib/etcd/leases';
import { renewOnce, type RenewResult } from '@/lib/mutations/leases';
import { getSampler } from '@/lib/server';
import { InputError } from '@/lib/access/guard';
import { scenarioPrefix } from '@/lib/scenarios/tutorial';

// A web session that lives a fixed time past the last activity: one hour, scaled down to 10 s.
// Every "user activity" renews the session's lease; stop, and etcd deletes the session key.

export const SESSION_TTL_S = 10;

export type SessionState = {
  leaseId: string | null;
  key: string | null;
  lastRenewal: RenewResult | null;
};

const cache = globalThis as typeof globalThis & { __leaseDashboardSession?: SessionState };

export function sessionState(): SessionState {
  cache.__leaseDashboardSession ??= { leaseId: null, key: null, lastRenewal: null };
  return cache.__leaseDashboardSession;
}

/** Signs a user in: a lease of SESSION_TTL_S and the session key on it. */
export async function startSession(): Promise<SessionState> {
  const state = await resetSession();
  const lease = await grantLease(SESSION_TTL_S);
  const key = `${scenarioPrefix('session')}sessions/${randomUUID().slice(0, 8)}`;
  getSampler().granted({
    id: lease.id,
    requestedTTL: SESSION_TTL_S,
    grantedTTL: lease.grantedTTL,
    key,
  });
  await putWithLease(lease.id, key, 'user=alice');
  await getSampler()
    .refresh(lease.id)
    .catch(() => undefined);
  Object.assign(state, { leaseId: lease.id, key, lastRenewal: null });
  return state;
}

/** The user did something: the session lives SESSION_TTL_S from now. */
export async function sessionActivity(): Promise<SessionState> {
  const state = sessionState();
  if (!state.leaseId) throw new InputError('op', 'Sign the user in first: there is no session');
  state.lastRenewal = await renewOnce(state.leaseId);
  return state;
}

export async function resetSession(): Promise<SessionState> {
  const state = sessionState();
  const id = state.leaseId;
  if (id) await getSampler().revoking(id, () => revokeLease(id).catch(() => undefined));
  await deletePrefix(scenarioPrefix('session'));
  Object.assign(state, { leaseId: null, key: null, lastRenewal: null });
  return state;
}
