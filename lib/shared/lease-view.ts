// What every view of a lease asks of it, whatever its status: how much is left, what it holds.
// The statuses have different fields (lib/shared/contract.ts); these answer for all of them.
import type { LeaseView } from '@/lib/shared/contract';
import { displaySeconds, remainingNow } from '@/lib/shared/countdown';
import { english } from '@/lib/shared/english';
import { inWords, type Translate } from '@/lib/shared/i18n';

/** Seconds left at `now` (fractional, for a bar): 0 once gone, 0 while never read. */
export function remainingOf(lease: LeaseView, now: number): number {
  return lease.status === 'alive' ? remainingNow(lease.ttl, lease.readAt, now) : 0;
}

/** Whole seconds to show at `now` (see displaySeconds). */
export function secondsOf(lease: LeaseView, now: number): number {
  return lease.status === 'alive' ? displaySeconds(lease.ttl, lease.readAt, now) : 0;
}

/** Seconds left at the last reading, or null unless the lease is alive. */
export function ttlOf(lease: LeaseView | null): number | null {
  return lease?.status === 'alive' ? lease.ttl : null;
}

/** The granted TTL, or null for a lease never read. */
export function grantedOf(lease: LeaseView): number | null {
  return lease.status === 'unread' ? null : lease.grantedTTL;
}

/** Epoch ms of the reading the view comes from, or null for a lease never read. */
export function readAtOf(lease: LeaseView | null): number | null {
  return !lease || lease.status === 'unread' ? null : lease.readAt;
}

/** The keys on the lease now (none once it is gone or while unread). */
export function keysOf(lease: LeaseView | null): string[] {
  return lease?.status === 'alive' ? lease.keys : [];
}

/** How many keys the lease holds (alive) or held (gone), whatever an answer lists. */
export function keyCountOf(lease: LeaseView | null): number {
  if (lease?.status === 'alive') return lease.keyCount;
  if (lease?.status === 'expired' || lease?.status === 'revoked') return lease.deletedKeyCount;
  return 0;
}

/** The keys etcd deleted with the lease, once it is gone. */
export function deletedKeysOf(lease: LeaseView): string[] {
  return lease.status === 'expired' || lease.status === 'revoked' ? lease.deletedKeys : [];
}

/** What the lease's status says in a badge: "expired 4 s ago", "not read yet: ...". */
export function statusLabel(
  lease: LeaseView,
  now: number,
  ago: (s: number) => string,
  t: Translate = english,
): string {
  switch (lease.status) {
    case 'alive':
      return t('status.alive');
    case 'unread':
      return lease.readFailure
        ? t('status.notRead', {
            reason: inWords(t, lease.readFailure),
          })
        : t('status.notReadYet');
    case 'expired':
      return t('status.expiredAgo', { ago: ago(Math.max(0, (now - lease.goneAt) / 1000)) });
    case 'revoked':
      return t('status.revokedAgo', {
        by: lease.revokedBy === 'other-client' ? 'elsewhere' : 'here',
        ago: ago(Math.max(0, (now - lease.goneAt) / 1000)),
      });
  }
}

/** The status on its own, in a badge: "alive", "expired". */
export function statusWord(status: LeaseView['status'], t: Translate = english): string {
  return t(`status.word.${status}`);
}
