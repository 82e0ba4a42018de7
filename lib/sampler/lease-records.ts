import type { NewEvent } from '@/lib/events/event-log';
import type { OwnActions } from '@/lib/sampler/own-actions';
import type { LeaseReading } from '@/lib/etcd/leases';
import type {
  AliveLease,
  ExpiredLease,
  LeaseView,
  ReadFailure,
  RevokedLease,
} from '@/lib/shared/contract';
import { LeaseModel } from '@/lib/sampler/lease-model';
import type { KeyListener } from '@/lib/sampler/key-index';

// What the lease store (./lease-store.ts) keeps per lease, and the views it builds. Plain data.

export type Tracked = {
  view: LeaseView;
  /** its deadlines over time, for the chart */
  model: LeaseModel;
  /** raft term of the last reading */
  raftTerm: number;
  /** epoch ms the watch last changed the key list; older readings do not overwrite it */
  keysChangedAt: number;
  /** epoch ms until which every round reads it (on screen, or a recent event) */
  priorityUntil: number;
  /** epoch ms of the last read that asked for the keys */
  keysAskedAt: number;
};

export function record(view: LeaseView, priorityUntil = 0): Tracked {
  return {
    view,
    model: new LeaseModel(),
    raftTerm: 0,
    keysChangedAt: 0,
    priorityUntil,
    keysAskedAt: 0,
  };
}

export function unreadView(
  id: string,
  firstSeenAt: number,
  readFailure: ReadFailure | null,
): LeaseView {
  return { status: 'unread', id, firstSeenAt, keepAlive: null, readFailure };
}

/** How many of `keys` lie outside what the watch covers. */
export function countUnwatched(
  keys: readonly string[],
  watched?: (key: string) => boolean,
): number {
  if (!watched) return 0;
  let n = 0;
  for (const key of keys) if (!watched(key)) n++;
  return n;
}

/** The first alive view of a lease, from its first reading. */
export function firstAliveView(
  reading: LeaseReading,
  firstSeenAt: number,
  watched?: (key: string) => boolean,
): AliveLease {
  const keys = reading.keys ?? [];
  return {
    status: 'alive',
    id: reading.id,
    grantedTTL: reading.grantedTTL,
    ttl: reading.ttl,
    keys,
    keyCount: keys.length,
    unwatchedKeyCount: countUnwatched(keys, watched),
    keysHidden: reading.keysHidden,
    readAt: reading.readAt,
    firstSeenAt,
    keepAlive: null,
    readFailure: null,
  };
}

/** A lease's view after a reading (`keys` are the reading's, or the watch's when newer). */
export function nextAliveView(
  view: AliveLease | ExpiredLease | RevokedLease,
  reading: LeaseReading,
  keys: string[],
  watched?: (key: string) => boolean,
): AliveLease {
  const wasAlive = view.status === 'alive';
  return {
    status: 'alive',
    id: view.id,
    firstSeenAt: view.firstSeenAt,
    keepAlive: view.keepAlive,
    grantedTTL: reading.grantedTTL,
    ttl: reading.ttl,
    readAt: reading.readAt,
    keys,
    keyCount: keys.length,
    unwatchedKeyCount:
      wasAlive && keys === view.keys ? view.unwatchedKeyCount : countUnwatched(keys, watched),
    // A reading that did not ask for the keys says nothing about why they are hidden.
    keysHidden:
      reading.keys === null && !reading.keysHidden && wasAlive
        ? view.keysHidden
        : reading.keysHidden,
    readFailure: null,
  };
}

/** The view of a lease seen gone at `at`. */
export function goneView(
  view: Pick<AliveLease, 'id' | 'firstSeenAt' | 'keepAlive' | 'grantedTTL' | 'readAt' | 'keys'>,
  at: number,
  how: { status: 'expired' } | { status: 'revoked'; revokedBy: 'dashboard' | 'other-client' },
): ExpiredLease | RevokedLease {
  const common = {
    id: view.id,
    firstSeenAt: view.firstSeenAt,
    keepAlive: view.keepAlive,
    grantedTTL: view.grantedTTL,
    readAt: view.readAt,
    goneAt: at,
    deletedKeys: view.keys,
    deletedKeyCount: view.keys.length,
  };
  return how.status === 'revoked'
    ? { ...common, status: 'revoked', revokedBy: how.revokedBy }
    : { ...common, status: 'expired' };
}

/** What the store needs from around it (./lease-store.ts). */
export type StoreDeps = {
  /** where the store's events go (the event log) */
  log: (event: NewEvent, at?: number) => void;
  own: OwnActions;
  /** a lease went: counted for the summary's last minute */
  departed: (at: number, expired: boolean) => void;
  /** whether the watch covers a key (DASHBOARD_WATCH_PREFIXES); every key when absent */
  watched?: (key: string) => boolean;
  /** told of every key that joins or leaves a lease */
  keys?: KeyListener;
};

/** The gone leases to forget: older than `retentionMs`, or beyond the newest `max`. */
export function toForget(
  all: Iterable<Tracked>,
  now: number,
  retentionMs: number,
  max: number,
): (ExpiredLease | RevokedLease)[] {
  const gone: (ExpiredLease | RevokedLease)[] = [];
  for (const { view } of all)
    if (view.status === 'expired' || view.status === 'revoked') gone.push(view);
  gone.sort((a, b) => b.goneAt - a.goneAt);
  return gone.filter((view, i) => i >= max || now - view.goneAt > retentionMs);
}
