import type { LeaseReading } from '@/lib/etcd/leases';
import type { NewEvent } from '@/lib/events/event-log';
import type { LeaseView, ReadFailure, TtlPoint } from '@/lib/shared/contract';
import { classifyGone, ttlRose } from '@/lib/sampler/lease-state';
import * as say from '@/lib/sampler/narration';
import type { OwnActions } from '@/lib/sampler/own-actions';
import { TtlHistory } from '@/lib/sampler/ttl-history';

// What the dashboard knows of every lease: readings and watch events go in; views, histories and
// events come out. Pure: no etcd, no timers; every time is passed in, so it is tested without etcd.
// The sampler (./lease-sampler.ts) does the reading and hands the answers here.
//
// A lease is `alive` once read, `unread` while etcd lists it but no read has succeeded, and
// `expired` or `revoked` once it is gone (kept a while so people can see what happened). A failed
// read fails that lease's reading, never the others': the lease keeps its last reading and says why
// the next one failed.

export const GONE_RETENTION_MS = 5 * 60_000;
export const MAX_GONE_LEASES = 500;
/** A lease shown on a viewer's screen is read every round for this long after the viewer asked. */
export const ON_SCREEN_MS = 3000;
/** A lease with an event (key put or deleted, renewal) is read every round for this long. */
export const RECENT_EVENT_MS = 10_000;

export type Tracked = {
  view: LeaseView;
  history: TtlHistory;
  /** raft term of the last reading */
  raftTerm: number;
  /** epoch ms the watch last changed the key list; older readings do not overwrite it */
  keysChangedAt: number;
  /** epoch ms until which every round reads it (on screen, or a recent event) */
  priorityUntil: number;
  /** epoch ms of the last read that asked for the keys */
  keysAskedAt: number;
};

export type StoreDeps = {
  /** where the store's events go (the event log) */
  log: (event: NewEvent, at?: number) => void;
  own: OwnActions;
  /** a lease went: counted for the summary's last minute */
  departed: (at: number, expired: boolean) => void;
};

export class LeaseStore {
  private readonly leases = new Map<string, Tracked>();
  private changes = 0;
  /** after the first round a lease not seen before is news; before it, it was simply there */
  private settled = false;

  constructor(private readonly deps: StoreDeps) {}

  /** Changes whenever `views()` would answer differently (other than by the clock moving). */
  get version(): number {
    return this.changes;
  }

  /** The first round is in: from now on a new lease is reported as granted by another client. */
  settle(): void {
    this.settled = true;
  }

  views(): LeaseView[] {
    return Array.from(this.leases.values(), (t) => t.view);
  }

  lease(id: string): LeaseView | null {
    return this.leases.get(id)?.view ?? null;
  }

  /** What the store keeps of one lease (for ./read-needs.ts, which decides what to read). */
  tracked(id: string): Readonly<Tracked> | undefined {
    return this.leases.get(id);
  }

  /** Everything the store keeps, one lease at a time. */
  all(): IterableIterator<Readonly<Tracked>> {
    return this.leases.values();
  }

  history(id: string): TtlPoint[] {
    return this.leases.get(id)?.history.toArray() ?? [];
  }

  /** A successful TimeToLive. */
  read(reading: LeaseReading): void {
    const tracked = this.leases.get(reading.id);
    if (!tracked || tracked.view.status === 'unread') {
      this.track(reading, tracked?.view.firstSeenAt ?? reading.readAt);
      return;
    }
    const { view } = tracked;
    // A reading sent before one we already have (or before we saw the lease go) is stale.
    if (reading.readAt < view.readAt) return;
    // Around expiry etcd may answer TTL -1 and then TTL 0 before it revokes the lease: a lease
    // seen gone comes back only with time left (a lease a lagging member had not listed).
    if (view.status !== 'alive' && (reading.readAt <= view.goneAt || reading.ttl <= 0)) return;
    this.changes++;
    if (view.status === 'alive') this.noteRise(tracked, reading);
    // A key the watch saw put or deleted after this reading was sent is newer than the reading, and
    // a reading that did not ask for the keys says nothing about them.
    const keysFromWatch =
      view.status === 'alive' && (reading.keys === null || reading.readAt < tracked.keysChangedAt);
    if (reading.keys !== null || reading.keysHidden) tracked.keysAskedAt = reading.readAt;
    tracked.view = {
      status: 'alive',
      id: view.id,
      firstSeenAt: view.firstSeenAt,
      keepAlive: view.keepAlive,
      grantedTTL: reading.grantedTTL,
      ttl: reading.ttl,
      readAt: reading.readAt,
      keys: keysFromWatch ? view.keys : (reading.keys ?? []),
      keyCount: keysFromWatch ? view.keys.length : (reading.keys ?? []).length,
      keysHidden:
        reading.keys === null && !reading.keysHidden && view.status === 'alive'
          ? view.keysHidden
          : reading.keysHidden,
      readFailure: null,
    };
    tracked.raftTerm = reading.raftTerm;
    tracked.history.push({ t: reading.readAt, grantedTTL: reading.grantedTTL, ttl: reading.ttl });
  }

  /** A read that failed: that lease says why; the last good reading stands. */
  readFailed(id: string, failure: ReadFailure): void {
    const tracked = this.leases.get(id);
    if (!tracked) {
      this.leases.set(id, {
        view: {
          status: 'unread',
          id,
          firstSeenAt: failure.at,
          keepAlive: null,
          readFailure: failure,
        },
        history: new TtlHistory(),
        raftTerm: 0,
        keysChangedAt: 0,
        priorityUntil: 0,
        keysAskedAt: 0,
      });
    } else if (tracked.view.status === 'alive' || tracked.view.status === 'unread') {
      tracked.view = { ...tracked.view, readFailure: failure };
    } else return;
    this.changes++;
  }

  /** The lease is gone at `at`: expired or revoked, as the timing and the dashboard's revokes say. */
  gone(id: string, at: number): void {
    const tracked = this.leases.get(id);
    if (tracked?.view.status === 'unread') {
      // Never read, so never shown alive: there is nothing to say about it.
      this.leases.delete(id);
      this.deps.own.forget(id);
      this.changes++;
      return;
    }
    if (tracked?.view.status !== 'alive' || at < tracked.view.readAt) return;
    const view = tracked.view;
    const how = classifyGone(view, at, this.deps.own.isBeingRevoked(id));
    const common = {
      id,
      firstSeenAt: view.firstSeenAt,
      keepAlive: view.keepAlive,
      grantedTTL: view.grantedTTL,
      readAt: view.readAt,
      goneAt: at,
      deletedKeys: view.keys,
      deletedKeyCount: view.keys.length,
    };
    tracked.view =
      how.status === 'revoked'
        ? { ...common, status: 'revoked', revokedBy: how.revokedBy }
        : { ...common, status: 'expired' };
    this.changes++;
    tracked.history.push({ t: at, grantedTTL: view.grantedTTL, ttl: 0 });
    this.deps.departed(at, how.status === 'expired');
    this.deps.own.forget(id);
    this.deps.log(say.gone(tracked.view), at);
  }

  /**
   * What a round's LeaseLeases did not list: gone. Only leases read before the list was asked for
   * can be declared gone by it: a lease granted while the round ran is simply not in it yet.
   */
  unlisted(listed: Set<string>, listedAt: number): void {
    for (const [id, { view }] of this.leases) {
      if (listed.has(id)) continue;
      if (view.status === 'unread' || (view.status === 'alive' && view.readAt < listedAt))
        this.gone(id, listedAt);
    }
  }

  /** Changes an alive lease's key list; false when the lease is not tracked (or not alive). */
  editKeys(id: string, edit: (keys: string[]) => string[], at: number): boolean {
    const tracked = this.leases.get(id);
    if (tracked?.view.status !== 'alive') return false;
    const keys = edit(tracked.view.keys);
    tracked.view = { ...tracked.view, keys, keyCount: keys.length };
    tracked.keysChangedAt = at;
    this.prioritise(id, at + RECENT_EVENT_MS);
    this.changes++;
    return true;
  }

  /** Reads the lease every round until `until` (epoch ms). */
  prioritise(id: string, until: number): void {
    const tracked = this.leases.get(id);
    if (tracked && tracked.priorityUntil < until) tracked.priorityUntil = until;
  }

  /** A viewer is showing these leases: keep them fresh while it does. */
  viewed(ids: Iterable<string>, at: number): void {
    for (const id of ids) this.prioritise(id, at + ON_SCREEN_MS);
  }

  /** Forgets gone leases older than GONE_RETENTION_MS, and all but the newest MAX_GONE_LEASES. */
  prune(now: number): void {
    const gone: { id: string; goneAt: number }[] = [];
    for (const { view } of this.leases.values())
      if (view.status === 'expired' || view.status === 'revoked')
        gone.push({ id: view.id, goneAt: view.goneAt });
    gone.sort((a, b) => b.goneAt - a.goneAt);
    gone.forEach(({ id, goneAt }, i) => {
      if (i >= MAX_GONE_LEASES || now - goneAt > GONE_RETENTION_MS) {
        this.leases.delete(id);
        this.changes++;
      }
    });
  }

  private track(reading: LeaseReading, firstSeenAt: number): void {
    const history = new TtlHistory();
    history.push({ t: reading.readAt, grantedTTL: reading.grantedTTL, ttl: reading.ttl });
    this.leases.set(reading.id, {
      history,
      raftTerm: reading.raftTerm,
      keysChangedAt: 0,
      priorityUntil: 0,
      keysAskedAt: reading.readAt,
      view: {
        status: 'alive',
        id: reading.id,
        grantedTTL: reading.grantedTTL,
        ttl: reading.ttl,
        keys: reading.keys ?? [],
        keyCount: (reading.keys ?? []).length,
        keysHidden: reading.keysHidden,
        readAt: reading.readAt,
        firstSeenAt,
        keepAlive: null,
        readFailure: null,
      },
    });
    this.changes++;
    // Leases that were there before the dashboard started are not news; the dashboard's own grants
    // were logged when it made them.
    if (this.deps.own.takeGrant(reading.id) || !this.settled) return;
    this.deps.log(say.grantedElsewhere(reading));
  }

  /** A remaining TTL that went up: a renewal by someone else, or etcd refreshing it on a new leader. */
  private noteRise(tracked: Tracked, reading: LeaseReading): void {
    const previous = tracked.view;
    if (previous.status !== 'alive' || !ttlRose(previous, reading)) return;
    this.prioritise(previous.id, reading.readAt + RECENT_EVENT_MS);
    if (reading.raftTerm > tracked.raftTerm) {
      this.deps.log(say.refreshed(reading));
      return;
    }
    if (this.deps.own.renewedSince(previous.id, previous.readAt)) return;
    const was = Math.max(0, Math.floor(previous.ttl - (reading.readAt - previous.readAt) / 1000));
    this.deps.log(say.renewedElsewhere(reading, was));
  }
}
