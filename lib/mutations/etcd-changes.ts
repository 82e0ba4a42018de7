import 'server-only';
import {
  assertKeyInScope,
  assertLeaseInScope,
  assertWritable,
  InputError,
  takeGrant,
  type RequestContext,
} from '@/lib/access/guard';
import { LeaseNotFoundError } from '@/lib/etcd/errors';
import type { KeepAliveStream } from '@/lib/etcd/keep-alive';
import { deleteKey, keysUnder, putKey } from '@/lib/etcd/own-keys';
import { getConfig } from '@/lib/dashboard/registry';
import {
  MAX_INTENT_BYTES,
  intentIdOf,
  intentKey,
  intentValue,
  intentsPrefix,
  parseIntents,
  type KeepAliveIntent,
} from '@/lib/keep-alive/intents';
import {
  checkMayWrite,
  deletePrefix,
  grantLease,
  keepAliveOnce,
  putWithLease,
  revokeLease,
  putNewWithLease,
} from '@/lib/etcd/leases';
import { GrantedLeases } from '@/lib/mutations/granted-leases';
import { LeftAlone } from '@/lib/mutations/left-alone';
import type { LeaseSampler } from '@/lib/sampler/lease-sampler';
import type { AliveLease, EtcdStatus, LeaseView } from '@/lib/shared/contract';
import { DashboardError, errorCodeOf, isLeaseGone } from '@/lib/shared/errors';
import { say } from '@/lib/shared/english';
import type { GrantResult } from '@/lib/shared/contract-actions';
import type { EtcdUser } from '@/lib/etcd/user-clients';
import { EtcdAccessError } from '@/lib/etcd/errors';
import { roomRecordKey, type RoomRecord } from '@/lib/rooms/room-records';

// The one way the dashboard changes etcd, so every change (buttons, scenarios, keep-alives) is
// checked the same way, and the sampler is told at once so viewers see it on the next poll.
// Who may ask (sign-in) is checked where the request comes in (./run-action.ts). A signed-in etcd
// user's grants, puts, renewals and revokes are made as that user (`as`), so etcd's RBAC decides.

/** Keys the dashboard puts on one lease at most: each makes every answer about the lease heavier. */
export const MAX_KEYS_PER_LEASE = 100;
/** How recently etcd must have answered the sampler for a change to be tried despite failing status checks. */
const ANSWERED_LATELY_MS = 2000;

export class EtcdChanges {
  private readonly intentsLeftAlone = new LeftAlone();
  /** which leases this dashboard granted, kept in etcd across restarts and failovers */
  private readonly granted: GrantedLeases;

  constructor(
    private readonly sampler: LeaseSampler,
    private readonly stream: KeepAliveStream,
    /** whether etcd answers now (lib/server.ts adds the endpoints' status checks) */
    private readonly etcdStatus: () => EtcdStatus = () => sampler.etcdStatus(),
    /** replicas: whether this one leads now (lib/replicas/leadership.ts); alone, always */
    private readonly leading: () => boolean = () => true,
  ) {
    this.granted = new GrantedLeases(sampler, () => {
      assertWritable();
      this.assertLeading();
    });
  }

  /**
   * Grants a lease, counted against the caller's grant limit, and puts a key with it if given.
   * Nothing is left half-done: if the put fails the lease is revoked again. `counted: false` is for
   * an audience room's join, which its own allowances bound instead (lib/rooms/rooms.ts): a whole
   * audience behind one address would use up one client's grants at once.
   */
  async grant(
    caller: Pick<RequestContext, 'client' | 'as'>,
    ttl: number,
    put?: { key: string; value: string },
    { counted = true }: { counted?: boolean } = {},
  ): Promise<GrantResult> {
    assertWritable();
    this.assertLeading();
    this.assertAnswering();
    if (put) assertKeyInScope(put.key);
    if (counted) takeGrant(caller.client);
    const { as } = caller;
    const grantedAt = Date.now();
    const lease = await grantLease(ttl, as);
    if (put) {
      try {
        await refusedAs(as, 'Put', [put.key], () => putWithLease(lease.id, put.key, put.value, as));
      } catch (err) {
        // The user asked for a lease with a key; do not leave a keyless lease behind them.
        await revokeLease(lease.id, as).catch((rollback: unknown) =>
          console.error(
            `grant: putting ${put.key} failed, and revoking lease ${lease.id} again failed too; it expires in ${lease.grantedTTL} s:`,
            rollback,
          ),
        );
        throw err;
      }
    }
    const result = {
      id: lease.id,
      requestedTTL: ttl,
      grantedTTL: lease.grantedTTL,
      key: put?.key ?? null,
    };
    this.sampler.granted(result);
    // Noted before the user hears of the lease, so a failover right after still knows it.
    await this.granted.note({
      id: lease.id,
      grantedAt,
      grantedTTL: lease.grantedTTL,
      key: result.key,
    });
    await this.sampler.refresh(lease.id).catch(() => undefined);
    return result;
  }

  /** Puts a key with an existing lease, up to MAX_KEYS_PER_LEASE keys on it. */
  async put(
    id: string,
    key: string,
    value: string,
    as: EtcdUser | null = null,
  ): Promise<{ revision: string }> {
    this.assertMayPut(key);
    const lease = await this.aliveLease(id);
    // Attaching a key to a stranger's keyless lease would bring it within the prefix rule.
    await this.assertInScope(lease);
    if (lease.keyCount >= MAX_KEYS_PER_LEASE && !lease.keys.includes(key))
      throw new InputError(
        'leaseId',
        say('errors.tooManyKeys', { id, count: lease.keyCount, max: MAX_KEYS_PER_LEASE }),
      );
    const put = await this.goneAware(id, () =>
      refusedAs(as, 'Put', [key], () => putWithLease(id, key, value, as)),
    );
    await this.sampler.refresh(id).catch(() => undefined);
    return put;
  }

  /** clientv3's KeepAliveOnce, after a fresh read: returns the lease before and the TTL after. */
  async renewOnce(
    id: string,
    as: EtcdUser | null = null,
  ): Promise<{ before: AliveLease; ttl: number }> {
    assertWritable();
    this.assertLeading();
    this.assertAnswering();
    const before = await this.aliveLease(id);
    await this.assertInScope(before);
    const ttl = await this.goneAware(id, () =>
      this.sampler.renewal(id, () => keepAliveOnce(id, as)),
    );
    return { before, ttl };
  }

  /**
   * One renewal of a kept-alive lease on the shared keep-alive stream. Checked like every other
   * change, against what the sampler last read of the lease (no extra request per renewal), or
   * against a fresh reading when `fresh` or when the sampler has none.
   */
  async renew(id: string, { fresh = false }: { fresh?: boolean } = {}): Promise<number> {
    assertWritable();
    this.assertLeading();
    const known = this.sampler.lease(id);
    // Unread (a resume just after start-up) or fresh asked: judged by its keys as etcd has them
    // now, never as a keyless lease, which the prefix rule would refuse and the intent lose.
    await this.assertInScope(
      fresh || known?.status !== 'alive' ? await this.aliveLease(id) : known,
    );
    return this.sampler.renewal(id, () => this.stream.renew(id));
  }

  /** Notes in etcd, under the dashboard's own prefix, that it keeps a lease alive (../keep-alive/intents.ts). */
  async recordKeepAlive(intent: KeepAliveIntent): Promise<void> {
    assertWritable();
    this.assertLeading();
    await putKey(intentKey(getConfig().ownPrefix, intent.id), intentValue(intent));
  }

  /** Removes that note: the keep-alive was switched off, or its lease is gone. */
  async forgetKeepAlive(id: string): Promise<void> {
    assertWritable();
    this.assertLeading();
    await deleteKey(intentKey(getConfig().ownPrefix, id));
  }

  /** The keep-alives the dashboard has noted in etcd, to resume after a restart or a new leader. */
  async keptAlive(): Promise<KeepAliveIntent[]> {
    const prefix = getConfig().ownPrefix;
    const { values, notRead } = await keysUnder(intentsPrefix(prefix), {
      wanted: (key) => intentIdOf(prefix, key) !== null,
      maxValueBytes: MAX_INTENT_BYTES,
    });
    const { intents, unreadable } = parseIntents(prefix, values);
    this.intentsLeftAlone.tell(intentsPrefix(prefix), 'keep-alive intents', notRead, unreadable);
    return intents;
  }

  /** Notes an audience room in etcd, under the dashboard's own prefix (../rooms/room-records.ts). */
  async recordRoom(record: RoomRecord): Promise<void> {
    assertWritable();
    this.assertLeading();
    await putKey(roomRecordKey(getConfig().ownPrefix, record.code), JSON.stringify(record));
  }

  /** Removes a room's record: the room has ended. */
  async forgetRoom(code: string): Promise<void> {
    assertWritable();
    this.assertLeading();
    await deleteKey(roomRecordKey(getConfig().ownPrefix, code));
  }

  /** Closes the shared keep-alive stream (tests, shutdown). */
  closeKeepAliveStream(): void {
    this.stream.close();
  }

  /**
   * Revokes a lease; etcd deletes its keys with it. Returns the keys it held. `check` may refuse it
   * on what it holds now (a revoke by prefix: the lease changed since the preview).
   */
  async revoke(
    id: string,
    check?: (lease: AliveLease) => void,
    as: EtcdUser | null = null,
  ): Promise<string[]> {
    assertWritable();
    this.assertLeading();
    this.assertAnswering();
    const current = await this.aliveLease(id);
    await this.assertInScope(current);
    check?.(current);
    await this.sampler.revoking(id, () =>
      this.goneAware(id, () =>
        refusedAs(as, 'LeaseRevoke', current.keys, () => revokeLease(id, as)),
      ),
    );
    return current.keys;
  }

  /**
   * Revokes a lease the dashboard made for a scenario, if it is still there: a lease already gone
   * is fine, anything else (etcd not answering) is the caller's to report.
   */
  async revokeIfAlive(id: string): Promise<void> {
    assertWritable();
    this.assertLeading();
    try {
      await this.sampler.revoking(id, () => revokeLease(id));
    } catch (err) {
      if (!isLeaseGone(errorCodeOf(err))) throw err;
    }
  }

  /** A room member takes its place in a line on its own lease (clientv3's layout): false if it had one. */
  async contend(id: string, key: string, value: string): Promise<boolean> {
    this.assertMayPut(key);
    return this.goneAware(id, () => putNewWithLease(id, key, value));
  }

  /** A room member leaves a line (releases the lock): its key goes, and the next is first. */
  async withdraw(key: string): Promise<void> {
    this.assertMayPut(key);
    await deleteKey(key);
  }

  /** Deletes every key under a prefix the dashboard owns (a scenario's); checked against the scope. */
  async clearPrefix(prefix: string): Promise<number> {
    assertWritable();
    this.assertLeading();
    assertKeyInScope(prefix, 'prefix');
    return deletePrefix(prefix);
  }

  /** Whether a key may be put or deleted now: writable, leading, etcd answering, in scope. */
  private assertMayPut(key: string): void {
    assertWritable();
    this.assertLeading();
    this.assertAnswering();
    assertKeyInScope(key);
  }

  /** Only the leading replica changes etcd: two that both renewed would each think it alone did. */
  private assertLeading(): void {
    if (!this.leading()) throw new DashboardError('not_leader', say('errors.notLeader'));
  }

  /**
   * While the dashboard knows etcd has stopped answering (it answered before; now every endpoint
   * fails its status check, or the sampler's requests time out), a change says so at once instead
   * of after its own request times out.
   */
  private assertAnswering(): void {
    const etcd = this.etcdStatus();
    // A status check that missed its short deadline on a busy machine is not enough while the
    // sampler's own requests were answered just now: the change then tries etcd itself.
    const answeredLately =
      etcd.lastOkAt !== null && Date.now() - etcd.lastOkAt < ANSWERED_LATELY_MS;
    if (!etcd.ok && etcd.problem === 'unreachable' && etcd.lastOkAt !== null && !answeredLately)
      throw new DashboardError('etcd_unavailable', etcd.error);
  }

  /** Throws unless etcd lets the user write every key of the lease (keep-alive on and off). */
  async assertMayWrite(lease: AliveLease, as: EtcdUser): Promise<void> {
    await refusedAs(as, 'keep-alive', lease.keys, () => checkMayWrite(lease.keys, as));
  }

  /** The key prefix's rule for renewing, keeping alive and revoking (lib/access/guard.ts). */
  async assertInScope(lease: {
    id: string;
    keys: string[];
    keysHidden: string | null;
  }): Promise<void> {
    // Only the prefix's rule asks which leases this dashboard granted, and only of a keyless lease:
    // known once loaded from etcd, which a renewal of any other lease does not wait for.
    if (getConfig().access.keyPrefix && lease.keys.length === 0 && !lease.keysHidden)
      await this.granted.loaded();
    assertLeaseInScope(lease, this.sampler.grantedByDashboard(lease.id));
  }

  /** Loads which leases this dashboard granted (at start, or on leading); changes needing it wait. */
  loadGranted(): Promise<void> {
    return this.granted.loaded();
  }

  /** A lease this dashboard granted is gone (the sampler saw it): its record goes. */
  forgetGranted(id: string): Promise<void> {
    return this.granted.forget(id);
  }

  /**
   * The lease as etcd has it now, keys included (read through the sampler, so every viewer sees
   * the reading): the prefix rule must not judge by a key list the watch may not have completed.
   */
  async aliveLease(id: string): Promise<AliveLease> {
    const view = await this.sampler.refresh(id, { keys: true });
    if (view?.status !== 'alive') throw goneError(id, view);
    return view;
  }

  /** Runs a change; if etcd says the lease is gone, says what the dashboard knows of how it went. */
  async goneAware<T>(id: string, change: () => Promise<T>): Promise<T> {
    try {
      return await change();
    } catch (err) {
      if (!isLeaseGone(errorCodeOf(err))) throw err;
      const seen = await this.sampler.refresh(id).catch(() => this.sampler.lease(id));
      throw goneError(id, seen);
    }
  }
}

/**
 * etcd answers a refused request with "permission denied" and nothing more; as the user's change is
 * made, the dashboard knows which permission it was: write, on these keys, for this request.
 */
async function refusedAs<T>(
  as: EtcdUser | null,
  request: 'Put' | 'LeaseRevoke' | 'keep-alive',
  keys: string[],
  change: () => Promise<T>,
): Promise<T> {
  try {
    return await change();
  } catch (err) {
    if (!as || errorCodeOf(err) !== 'permission_denied') throw err;
    throw new EtcdAccessError(
      'permission_denied',
      say('errors.userPermissionDenied', {
        user: as.user,
        keys: keys.slice(0, 3).join(', ') || '(none)',
        more: keys.length > 3 ? 'yes' : 'no',
        request,
      }),
    );
  }
}

/** "lease X has expired" when the dashboard saw it expire, and so on: say what we know. */
function goneError(id: string, seen: LeaseView | null): LeaseNotFoundError {
  if (seen?.status === 'expired')
    return new LeaseNotFoundError(id, say('errors.leaseExpired', { id }), 'lease_expired');
  if (seen?.status === 'revoked')
    return new LeaseNotFoundError(id, say('errors.leaseRevoked', { id }), 'lease_revoked');
  return new LeaseNotFoundError(id);
}
