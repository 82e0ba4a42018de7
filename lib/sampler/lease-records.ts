import type { LeaseReading } from '@/lib/etcd/leases';
import type {
  AliveLease,
  ExpiredLease,
  LeaseView,
  ReadFailure,
  RevokedLease,
} from '@/lib/shared/contract';
import { LeaseModel } from '@/lib/sampler/lease-model';

// What the lease store (./lease-store.ts) keeps per lease, and the views it builds. Plain data.

export type Tracked = {
  view: LeaseView;
  /** its deadlines over time, for the chart */
  model: LeaseModel;
  /** raft term of the last reading */
  raftTerm: number;
  /** epoch ms the watch last changed the key list; older readings do not overwrite it */
  keysChangedAt: number;
  /** epoch ms until which every round reads it, after an event (./read-planner.ts) */
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
