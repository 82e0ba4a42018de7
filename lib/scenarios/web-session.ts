import 'server-only';
import { randomUUID } from 'node:crypto';
import { InputError, type RequestContext } from '@/lib/access/guard';
import { renewOnce } from '@/lib/mutations/leases';
import { getChanges } from '@/lib/server';
import { scenarioPrefix } from '@/lib/scenarios/tutorial';
import { serially } from '@/lib/scenarios/serially';
import type { SessionState } from '@/lib/shared/contract-actions';
import { say } from '@/lib/shared/english';
import { currentDashboard, slot } from '@/lib/dashboard/registry';

// A web session that lives a fixed time past the last activity (an hour, scaled down to seconds).
// Every "user activity" renews the session's lease; stop, and etcd deletes the session key.

export const SESSION_TTL_S = 10;

const SESSION = slot('scenarios.web-session', (): SessionState => ({
  leaseId: null,
  key: null,
  lastRenewal: null,
}));

export function sessionState(): SessionState {
  return currentDashboard().get(SESSION);
}

/** Signs a user in: a lease of SESSION_TTL_S and the session key on it. */
export function startSession(caller: RequestContext): Promise<SessionState> {
  return serially('session', async () => {
    const state = await clear();
    const key = `${scenarioPrefix('session')}sessions/${randomUUID().slice(0, 8)}`;
    const lease = await getChanges().grant(caller, SESSION_TTL_S, { key, value: 'user=alice' });
    Object.assign(state, { leaseId: lease.id, key, lastRenewal: null });
    return state;
  });
}

/** The user did something: the session lives SESSION_TTL_S from now. */
export function sessionActivity(): Promise<SessionState> {
  return serially('session', async () => {
    const state = sessionState();
    if (!state.leaseId) throw new InputError('op', say('errors.noSession'));
    state.lastRenewal = await renewOnce(state.leaseId);
    return state;
  });
}

export function resetSession(): Promise<SessionState> {
  return serially('session', clear);
}

async function clear(): Promise<SessionState> {
  const state = sessionState();
  if (state.leaseId) await getChanges().revokeIfAlive(state.leaseId);
  await getChanges().clearPrefix(scenarioPrefix('session'));
  Object.assign(state, { leaseId: null, key: null, lastRenewal: null });
  return state;
}
