import 'server-only';
import { DETAIL_KEY_CHARS, REVOKED_KEYS, firstKeys } from '@/lib/api/bounded';
import { getChanges, getEventLog, getKeepAlive } from '@/lib/server';
import { LeaseNotFoundError } from '@/lib/etcd/errors';
import { message } from '@/lib/shared/i18n';
import { say } from '@/lib/shared/english';
import type { AttachInput, GrantInput, KeepAliveInput } from '@/lib/shared/schemas';
import type { RequestContext } from '@/lib/access/guard';
import type { EtcdUser } from '@/lib/etcd/user-clients';
import type {
  AttachResult,
  GrantResult,
  KeepAliveResult,
  RenewResult,
  RevokeResult,
} from '@/lib/shared/contract-actions';

// What the dashboard's buttons do, each as the tutorial does it. Every change to etcd goes through
// lib/mutations/etcd-changes.ts, which checks it and tells the sampler. A signed-in etcd user's are
// made as that user; the scenarios' as the dashboard, under its own prefix.

/** Grant a lease and, if a key is given, put it with the lease. Nothing is left half-done. */
export function grantLeaseWithKey(
  input: GrantInput,
  context: RequestContext,
): Promise<GrantResult> {
  return getChanges().grant(
    context,
    input.ttl,
    input.key === '' ? undefined : { key: input.key, value: input.value },
  );
}

/** The tutorial's renewal: TimeToLive, KeepAliveOnce, TimeToLive. */
export async function renewOnce(id: string, as: EtcdUser | null = null): Promise<RenewResult> {
  const changes = getChanges();
  const { before } = await changes.renewOnce(id, as);
  const after = await changes.aliveLease(id);
  getEventLog().add({
    kind: 'lease-renewed',
    lease: id,
    message: message('event.renewedOnce', { id, before: before.ttl, after: after.ttl }),
  });
  return { id, grantedTTL: after.grantedTTL, before: before.ttl, after: after.ttl };
}

/**
 * clientv3's KeepAlive on the server, switched on (with a schedule) or off for one lease. A signed-in
 * etcd user may switch it only on a lease whose keys etcd lets them write, as for a revoke: keeping
 * it alive or letting it die decides their fate as surely.
 */
export async function setKeepAlive(
  input: KeepAliveInput,
  caller: RequestContext,
): Promise<KeepAliveResult> {
  const id = input.leaseId.hex;
  if (!input.on) {
    if (caller.as && getKeepAlive().view(id)?.on)
      await getChanges().assertMayWrite(await getChanges().aliveLease(id), caller.as);
    const keepAlive = getKeepAlive().stop(id);
    if (!keepAlive) throw new LeaseNotFoundError(id, say('errors.keepAliveNotOn', { id }));
    return { id, keepAlive };
  }
  // Checked on every switch-on and schedule change, and again before every renewal.
  const lease = await getChanges().aliveLease(id);
  await getChanges().assertInScope(lease);
  if (caller.as) await getChanges().assertMayWrite(lease, caller.as);
  const keepAlive = await getChanges().goneAware(id, () =>
    getKeepAlive().start(id, input.schedule),
  );
  return { id, keepAlive };
}

/** Revoke a lease; etcd deletes its keys with it. */
export async function revoke(id: string, caller: RequestContext): Promise<RevokeResult> {
  const deleted = await getChanges().revoke(id, undefined, caller.as);
  return {
    id,
    deletedKeys: firstKeys(deleted, REVOKED_KEYS, DETAIL_KEY_CHARS),
    deletedKeyCount: deleted.length,
  };
}

/** Put a key with an existing lease. */
export async function attachKey(input: AttachInput, caller: RequestContext): Promise<AttachResult> {
  const id = input.leaseId.hex;
  await getChanges().put(id, input.key, input.value, caller.as);
  return { id, key: input.key };
}
