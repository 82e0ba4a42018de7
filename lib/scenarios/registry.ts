import 'server-only';
import { AccessError, InputError, type RequestContext } from '@/lib/access/guard';
import { getChanges, getKeepAlive, getSampler } from '@/lib/server';
import { scenarioPrefix } from '@/lib/scenarios/tutorial';
import { serially } from '@/lib/scenarios/serially';
import type { Instance, RegistryState } from '@/lib/shared/contract-actions';
import { say } from '@/lib/shared/english';
import { reasons } from '@/lib/keep-alive/narration';
import { currentDashboard, slot } from '@/lib/dashboard/registry';

// Service registration: each instance puts its address under <prefix>services/web/<instance> on a
// kept-alive lease. "Crash" stops the keep-alive without revoking, as when a process dies, so
// etcd's expiry removes it. Steps run one at a time, so concurrent clicks cannot clash.

export const INSTANCE_TTL_S = 5;
export const MAX_INSTANCES = 10;

const INSTANCES = slot('scenarios.registry', (): Instance[] => []);

const servicePrefix = () => `${scenarioPrefix('registry')}services/web/`;

export function registryState(): RegistryState {
  return { instances: currentDashboard().get(INSTANCES), prefix: servicePrefix() };
}

/** Registers one more instance: a lease, its address on it, kept alive every TTL/3. */
export function registerInstance(caller: RequestContext): Promise<RegistryState> {
  return serially('registry', async () => {
    const state = registryState();
    forgetExpired(state.instances);
    if (state.instances.length >= MAX_INSTANCES)
      throw new AccessError('rate_limited', say('errors.tooManyInstances', { max: MAX_INSTANCES }));
    const number = Math.max(0, ...state.instances.map((i) => Number(i.name.split('-')[1]))) + 1;
    const name = `instance-${number}`;
    const key = `${servicePrefix()}${name}`;
    const address = { key, value: `127.0.0.1:${8080 + number}` };
    const lease = await getChanges().grant(caller, INSTANCE_TTL_S, address);
    state.instances.push({ name, leaseId: lease.id, key, crashed: false });
    try {
      // Not noted in etcd: after a restart or a failover the registry starts empty, so its
      // instances' leases are left to expire (INSTANCE_TTL_S), not kept alive for nobody.
      await getKeepAlive().start(lease.id, 'third', { remember: false });
    } catch (err) {
      state.instances.pop();
      await getChanges().revokeIfAlive(lease.id);
      throw err;
    }
    return state;
  });
}

/** The instance dies: its renewals stop, nothing is revoked; etcd expires it within its TTL. */
export function crashInstance(name: string): Promise<RegistryState> {
  return serially('registry', async () => {
    const state = registryState();
    const instance = state.instances.find((i) => i.name === name);
    if (!instance) throw new InputError('instance', say('errors.noInstance', { name }));
    instance.crashed = true;
    getKeepAlive().stop(instance.leaseId, reasons.serviceCrashed());
    return state;
  });
}

export function resetRegistry(): Promise<RegistryState> {
  return serially('registry', async () => {
    const state = registryState();
    // Every keep-alive stops first, so nothing renews a lease while the others are revoked.
    for (const i of state.instances) getKeepAlive().stop(i.leaseId, reasons.scenarioReset());
    for (const i of state.instances) await getChanges().revokeIfAlive(i.leaseId);
    state.instances.splice(0);
    await getChanges().clearPrefix(scenarioPrefix('registry'));
    return state;
  });
}

/** Instances whose lease is gone (a crash ran out, another client revoked it) are no longer listed. */
function forgetExpired(instances: Instance[]): void {
  // Gone, or gone so long ago that the dashboard no longer lists it.
  const gone = (i: Instance) => {
    const status = getSampler().lease(i.leaseId)?.status;
    return status === undefined || status === 'expired' || status === 'revoked';
  };
  for (let n = instances.length - 1; n >= 0; n--) {
    const instance = instances[n];
    if (instance && gone(instance)) instances.splice(n, 1);
  }
}
