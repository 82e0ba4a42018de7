import { randomBytes } from 'node:crypto';
import { processState, slot } from '@/lib/dashboard/dashboard';

// The proxy names a request's cluster in a header, with a proof only this process knows, so that a
// header a client sent, or one that reached a route some other way, counts for nothing.

export const CLUSTER_HEADER = 'x-lease-dashboard-cluster';

const PROOF = slot('proxy.cluster-proof', () => randomBytes(16).toString('hex'));

/** The header's value naming `name`. */
export const clusterHeaderValue = (name: string): string => `${name} ${processState().get(PROOF)}`;

/** The cluster the header names, if this process's proxy set it; else null. */
export function clusterFromHeader(value: string | null): string | null {
  const [name, proof, ...rest] = value?.split(' ') ?? [];
  return name && proof === processState().get(PROOF) && rest.length === 0 ? name : null;
}
