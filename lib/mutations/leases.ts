import 'server-only';
import { errorCodeOf, isLeaseGone } from '@/lib/shared/errors';
import { LeaseNotFoundError } from '@/lib/etcd/errors';
import { grantLease, keepAliveOnce, putWithLease, revokeLease } from '@/lib/etcd/leases';
import { getEventLog, getKeepAlive, getSampler } from '@/lib/server';
import type { KeepAliveView, LeaseView } from '@/lib/shared/contract';
import type { AttachInput, GrantInput, KeepAliveInput } from '@/lib/shared/schemas';
import {
  assertKeyInScope,
  assertLeaseInScope,
  takeGrant,
  type RequestContext,
} from '@/lib/access/guard';

// What the dashboard's buttons do, each as the tutorial does it, and each followed by a re-read so
// every viewer sees the change on their next poll instead of up to a second later.

export type GrantResult = {
  id: string;
  requestedTTL: number;
  grantedTTL: number;
  key: string | null;
};

export type RenewResult = {
  id: string;
  grantedTTL: number;
  /** remaining TTL just before the renewal, seconds */
  before: number;
  /** remaining TTL just after it, seconds */
  after: number;
};

export type RevokeResult = { id: string; deletedKeys: string[] };

export type AttachResult = { id: string; key: string };

export type KeepAliveResult = { id: string; keepAlive: KeepAliveView };

/** Grant a lease and, if a key is given, put it with the lease. Nothing is left half-done. */
export async function grantLeaseWithKey(
  input: GrantInput,
  context: RequestContext,
): Promise<GrantResult> {
  if (input.key !== '') assertKeyInScope(input.key);
  takeGrant(context.client);
  const lease = await grantLease(input.ttl);
  if (input.key !== '') {
    try {
      await putWithLease(lease.id, input.key, input.value);
    } catch (err) {
      // The user asked for a lease with a key; do not leave a keyless lease behind them.
      await revokeLease(lease.id).catch(() => undefined);
      throw err;
    }
  }
  const result = {
    id: lease.id,
    requestedTTL: input.ttl,
    grantedTTL: lease.grantedTTL,
    key: input.key || null,
  };
  getSampler().granted(result);
  await getSampler()
    .refresh(lease.id)
    .catch(() => undefined);
  return result;
}

/** The tutorial's renewal: TimeToLive, KeepAliveOnce, TimeToLive. */
export async function renewOnce(id: string): Promise<RenewResult> {
  const before = await aliveLease(id);
  assertLeaseInScope(id, before.keys);
  const renewedAt = Date.now();
  try {
    await keepAliveOnce(id);
  } catch (err) {
    throw isLeaseGone(errorCodeOf(err)) ? await goneError(id) : err;
  }
  getSampler().renewedHere(id, renewedAt);
  const after = await aliveLease(id);
  getEventLog().add({
    kind: 'lease-renewed',
    lease: id,
    text: `Lease ${id} renewed once from the dashboard: remaining TTL ${before.ttl} s -> ${after.ttl} s`,
  });
  return { id, grantedTTL: after.grantedTTL, before: before.ttl, after: after.ttl };
}

/** clientv3's KeepAlive on the server, switched on (with a schedule) or off for one lease. */
export async function setKeepAlive(input: KeepAliveInput): Promise<KeepAliveResult> {
  const id = input.leaseId.hex;
  if (!input.on) {
    const keepAlive = getKeepAlive().stop(id);
    if (!keepAlive) throw new LeaseNotFoundError(id, `keep-alive is not on for lease ${id}`);
    return { id, keepAlive };
  }
  if (getKeepAlive().view(id)?.on !== true) assertLeaseInScope(id, (await aliveLease(id)).keys);
  try {
    return { id, keepAlive: await getKeepAlive().start(id, input.schedule) };
  } catch (err) {
    throw isLeaseGone(errorCodeOf(err)) ? await goneError(id) : err;
  }
}

/** Revoke a lease; etcd deletes its keys with it. */
export async function revoke(id: string): Promise<RevokeResult> {
  const current = await aliveLease(id);
  assertLeaseInScope(id, current.keys);
  await getSampler().revoking(id, () => revokeLease(id));
  return { id, deletedKeys: current.keys };
}

/** Put a key with an existing lease. */
export async function attachKey(input: AttachInput): Promise<AttachResult> {
  const id = input.leaseId.hex;
  assertKeyInScope(input.key);
  try {
    await putWithLease(id, input.key, input.value);
  } catch (err) {
    throw isLeaseGone(errorCodeOf(err)) ? await goneError(id) : err;
  }
  await getSampler()
    .refresh(id)
    .catch(() => undefined);
  return { id, key: input.key };
}

/** Reads the lease through the sampler (so every viewer sees the reading); throws if it is gone. */
async function aliveLease(id: string): Promise<LeaseView> {
  const view = await getSampler().refresh(id);
  if (view?.status !== 'alive') throw goneMessage(id, view);
  return view;
}

/** "lease X has expired" when the dashboard saw it expire, and so on: say what we know. */
async function goneError(id: string): Promise<LeaseNotFoundError> {
  const seen = await getSampler()
    .refresh(id)
    .catch(() => getSampler().lease(id));
  return goneMessage(id, seen);
}

function goneMessage(id: string, seen: LeaseView | null): LeaseNotFoundError {
  if (seen?.status === 'expired')
    return new LeaseNotFoundError(id, `lease ${id} has expired`, 'lease_expired');
  if (seen?.status === 'revoked')
    return new LeaseNotFoundError(id, `lease ${id} has been revoked`, 'lease_revoked');
  return new LeaseNotFoundError(id);
}
