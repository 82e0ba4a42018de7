import 'server-only';
import { deletePrefix, grantLease, putWithLease, revokeLease } from '@/lib/etcd/leases';
import { InputError } from '@/lib/access/guard';
import { getKeepAlive, getSampler } from '@/lib/server';
import { scenarioPrefix } from '@/lib/scenarios/tutorial';

// Service registration: each instance of a service puts its address under
// <prefix>services/web/<instance> with a kept-alive lease. "Crash" one and its keep-alive stops with
// no revoke, as when a process dies or loses the network: etcd deletes its key once the lease runs
// out, and every registry reader sees it gone.

export const INSTANCE_TTL_S = 5;

export type Instance = { name: string; leaseId: string; key: string; crashed: boolean };
export type RegistryState = { instances: Instance[]; prefix: string };

const cache = globalThis as typeof globalThis & { __leaseDashboardRegistry?: Instance[] };

const servicePrefix = () => `${scenarioPrefix('registry')}services/web/`;

export function registryState(): RegistryState {
  cache.__leaseDashboardRegistry ??= [];
  return { instances: cache.__leaseDashboardRegistry, prefix: servicePrefix() };
}

/** Registers one more instance: a lease, its address on it, kept alive every TTL/3. */
export async function registerInstance(): Promise<RegistryState> {
  const state = registryState();
  const name = `instance-${state.instances.length + 1}`;
  const key = `${servicePrefix()}${name}`;
  const lease = await grantLease(INSTANCE_TTL_S);
  getSampler().granted({
    id: lease.id,
    requestedTTL: INSTANCE_TTL_S,
    grantedTTL: lease.grantedTTL,
    key,
  });
  await putWithLease(lease.id, key, `127.0.0.1:${8080 + state.instances.length}`);
  await getKeepAlive().start(lease.id, 'third');
  state.instances.push({ name, leaseId: lease.id, key, crashed: false });
  return state;
}

/** The instance dies: its renewals stop, nothing is revoked; etcd expires it within its TTL. */
export function crashInstance(name: string): RegistryState {
  const state = registryState();
  const instance = state.instances.find((i) => i.name === name);
  if (!instance) throw new InputError('instance', `There is no instance called ${name}`);
  instance.crashed = true;
  getKeepAlive().stop(
    instance.leaseId,
    'the service crashed (scenario): renewals stopped, nothing revoked',
  );
  return state;
}

export async function resetRegistry(): Promise<RegistryState> {
  const state = registryState();
  for (const i of state.instances) {
    getKeepAlive().stop(i.leaseId, 'the scenario was reset');
    await getSampler().revoking(i.leaseId, () => revokeLease(i.leaseId).catch(() => undefined));
  }
  await deletePrefix(scenarioPrefix('registry'));
  state.instances.splice(0);
  return state;
}
