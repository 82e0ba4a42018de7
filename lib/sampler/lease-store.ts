import type { LeaseReading } from '@/lib/etcd/leases';
import type { NewEvent } from '@/lib/events/event-log';
import type { ExpiredLease, LeaseView, ReadFailure, RevokedLease } from '@/lib/shared/contract';
import type { TtlPoint } from '@/lib/shared/contract-history';
import { KeyIndex, type KeyListener } from '@/lib/sampler/key-index';
import {
  firstAliveView,
  goneView,
  nextAliveView,
  record,
  unreadView,
  type Tracked,
} from '@/lib/sampler/lease-records';
import type { OwnActions } from '@/lib/sampler/own-actions';
import { classifyGone, riseEvent } from '@/lib/sampler/lease-state';
import * as say from '@/lib/sampler/narration';

// What the dashboard knows of every lease: readings and watch events in; views, histories and
// events out. Pure (every time is passed in), so it is tested without etcd. Gone leases are kept a
// while so people can see what happened; a failed read keeps the lease's last good reading.

export const GONE_RETENTION_MS = 5 * 60_000;
export const MAX_GONE_LEASES = 500;

/** What the store needs from around it. */
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
  /** the watch changed the lease's keys at `at`: news, which the read planner reads soon */
  keysEdited?: (id: string, at: number) => void;
};

export class LeaseStore {
  private readonly leases = new Map<string, Tracked>();
  private readonly index: KeyIndex;
  private changes = 0;
  /**
   * when the first round listed the leases: a lease first seen after that is news; one listed then
   * was simply there, however long its first reading takes to come
   */
  private settledAt: number | null = null;

  constructor(private readonly deps: StoreDeps) {
    this.index = new KeyIndex(deps.keys);
  }

  /** Changes whenever `views()` would answer differently (other than by the clock moving). */
  get version(): number {
    return this.changes;
  }

  /** The first round listed the leases at `listedAt`: leases first seen later are news. */
  settle(listedAt: number): void {
    this.settledAt ??= listedAt;
  }

  /** The lease `key` is on, as last read or put (the watch's deletes name only the key). */
  leaseOfKey(key: string): string | undefined {
    return this.index.lease(key);
  }

  /** etcd deleted `key` (the watch saw it). */
  keyDeleted(key: string): void {
    this.index.forget(key);
  }

  views(): LeaseView[] {
    return Array.from(this.leases.values(), (t) => t.view);
  }

  lease(id: string): LeaseView | null {
    return this.leases.get(id)?.view ?? null;
  }

  /** What the store keeps of one lease (for ./read-planner.ts, which decides what to read). */
  tracked(id: string): Readonly<Tracked> | undefined {
    return this.leases.get(id);
  }

  /** Everything the store keeps, one lease at a time. */
  all(): IterableIterator<Readonly<Tracked>> {
    return this.leases.values();
  }

  /** The lease's remaining TTL over time, up to `now` (./lease-model.ts). */
  history(id: string, now: number): TtlPoint[] {
    return this.leases.get(id)?.model.points(now) ?? [];
  }

  /**
   * The dashboard renewed the lease: sent at `sentAt`, etcd answered `ttl` at `answeredAt`. The
   * answer is taken as a reading sent at `sentAt`: etcd renewed the lease after that, so the
   * countdown it gives may end early by the answer's delay, never late.
   */
  renewed(id: string, sentAt: number, answeredAt: number, ttl: number): void {
    const tracked = this.leases.get(id);
    if (tracked?.view.status !== 'alive') return;
    tracked.model.renewed(sentAt, answeredAt, ttl);
    const { view } = tracked;
    if (ttl > 0 && sentAt >= view.readAt)
      tracked.view = { ...view, grantedTTL: ttl, ttl, readAt: sentAt, readFailure: null };
    this.changes++;
  }

  /** A successful TimeToLive. */
  read(reading: LeaseReading): void {
    const tracked = this.leases.get(reading.id);
    if (reading.ttl < 0) {
      this.expiredButListed(reading, tracked);
      return;
    }
    if (!tracked || tracked.view.status === 'unread') {
      this.track(reading, tracked);
      return;
    }
    const { view } = tracked;
    // A reading sent before one we already have (or before we saw the lease go) is stale.
    if (reading.readAt < view.readAt) return;
    // Around expiry etcd may answer TTL 0 before it revokes the lease: a lease seen gone comes
    // back only with time left (a lease a lagging member had not listed).
    if (view.status !== 'alive' && (reading.readAt <= view.goneAt || reading.ttl <= 0)) return;
    this.changes++;
    const verdict = tracked.model.read(
      reading.readAt,
      reading.grantedTTL,
      reading.ttl,
      reading.raftTerm,
      reading.answeredAt,
    );
    const renewedHere = this.deps.own.renewedSince(view.id, view.readAt);
    const rose = view.status === 'alive' && riseEvent(view, reading, verdict, renewedHere);
    if (rose) this.deps.log(rose);
    // A key the watch saw put or deleted after this reading was sent is newer than the reading, and
    // a reading that did not ask for the keys says nothing about them.
    const keysFromWatch =
      view.status === 'alive' && (reading.keys === null || reading.readAt < tracked.keysChangedAt);
    if (reading.keys !== null || reading.keysHidden) tracked.keysAskedAt = reading.readAt;
    const before = view.status === 'alive' ? view.keys : [];
    const keys = keysFromWatch ? before : (reading.keys ?? []);
    this.index.replace(view.id, before, keys);
    tracked.view = nextAliveView(view, reading, keys, this.deps.watched);
    tracked.raftTerm = reading.raftTerm;
  }

  /** A read that failed: that lease says why; the last good reading stands. */
  readFailed(id: string, failure: ReadFailure): void {
    const tracked = this.leases.get(id);
    if (!tracked) {
      this.leases.set(id, record(unreadView(id, failure.at, failure)));
    } else if (tracked.view.status === 'alive' || tracked.view.status === 'unread') {
      tracked.view = { ...tracked.view, readFailure: failure };
    } else return;
    this.changes++;
  }

  /**
   * The lease is gone at `at`: expired or revoked, as the timing and the dashboard's revokes say
   * (`expired` when etcd itself said so).
   */
  gone(id: string, at: number, expired = false): void {
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
    const how = expired
      ? ({ status: 'expired' } as const)
      : classifyGone(view, at, this.deps.own.isBeingRevoked(id));
    this.departed(tracked, goneView(view, at, how));
    tracked.model.gone(at, how.status);
  }

  /**
   * A round's LeaseLeases: `added` are listed for the first time and shown as unread until their
   * first reading; what `listed` leaves out is gone. Only leases read before the list was asked for
   * can be declared gone by it: a lease granted while the round ran is simply not in it yet.
   * `among`: check only these of the tracked leases (a slice: see ../sampler/listing.ts).
   */
  listing(
    listed: ReadonlySet<string>,
    added: readonly string[],
    listedAt: number,
    among?: string[],
  ) {
    for (const id of among ?? this.leases.keys()) {
      const view = this.leases.get(id)?.view;
      if (!view || listed.has(id)) continue;
      if (view.status === 'unread' || (view.status === 'alive' && view.readAt < listedAt))
        this.gone(id, listedAt);
    }
    for (const id of added) {
      if (this.leases.has(id)) continue;
      this.leases.set(id, record(unreadView(id, listedAt, null)));
      this.changes++;
    }
  }

  /**
   * The watch heard `key` put with lease `id` (`put`) or taken off it; false when the lease is not
   * tracked (or not alive). One key at a time, so a transaction's many puts are small steps, not a
   * pass over the lease's keys each.
   */
  editKey(id: string, key: string, put: boolean, at: number): boolean {
    const tracked = this.leases.get(id);
    if (tracked?.view.status !== 'alive') return false;
    const view = tracked.view;
    const had = this.index.lease(key) === id;
    if (put === had) return true;
    const keys = put ? [...view.keys, key] : view.keys.filter((k) => k !== key);
    if (put) this.index.set(key, id);
    else this.index.forget(key, id);
    const outside = this.deps.watched && !this.deps.watched(key) ? 1 : 0;
    tracked.view = {
      ...view,
      keys,
      keyCount: keys.length,
      unwatchedKeyCount: view.unwatchedKeyCount + (put ? outside : -outside),
    };
    tracked.keysChangedAt = at;
    this.deps.keysEdited?.(id, at);
    this.changes++;
    return true;
  }

  /**
   * The read planner wants the lease read every round until `until` (epoch ms). Kept with the lease,
   * so it goes when the lease is forgotten; a lease not tracked yet is not marked.
   */
  prioritise(id: string, until: number): void {
    const tracked = this.leases.get(id);
    if (tracked && tracked.priorityUntil < until) tracked.priorityUntil = until;
  }

  /**
   * Forgets gone leases older than GONE_RETENTION_MS, and all but the newest MAX_GONE_LEASES.
   * `gone`: the gone leases, if the caller knows them (saves a pass over every lease).
   */
  prune(now: number, gone?: readonly string[]): void {
    const among = gone ? gone.flatMap((id) => this.leases.get(id) ?? []) : this.leases.values();
    for (const view of toForget(among, now, GONE_RETENTION_MS, MAX_GONE_LEASES)) {
      for (const key of view.deletedKeys) this.index.forget(key, view.id);
      this.leases.delete(view.id);
      this.changes++;
    }
  }

  /** The first reading of a lease (listed as unread until now, or heard of through a key). */
  private track(reading: LeaseReading, unread: Tracked | undefined): void {
    const firstSeenAt = unread?.view.firstSeenAt ?? reading.readAt;
    const tracked = record(
      firstAliveView(reading, firstSeenAt, this.deps.watched),
      unread?.priorityUntil,
    );
    tracked.raftTerm = reading.raftTerm;
    tracked.keysAskedAt = reading.readAt;
    const { readAt, grantedTTL, ttl, raftTerm, answeredAt } = reading;
    tracked.model.read(readAt, grantedTTL, ttl, raftTerm, answeredAt);
    this.leases.set(reading.id, tracked);
    this.index.replace(reading.id, [], reading.keys ?? []);
    this.changes++;
    // Leases that were there before the dashboard started are not news; the dashboard's own grants
    // were logged when it made them.
    if (this.deps.own.takeGrant(reading.id)) return;
    if (this.settledAt === null || firstSeenAt <= this.settledAt) return;
    this.deps.log(say.grantedElsewhere(reading));
  }

  /**
   * etcd still lists the lease, but its time ran out more than a second ago: expired, and etcd has
   * yet to revoke it (its revokes are rate-limited, and its keys go then).
   */
  private expiredButListed(reading: LeaseReading, tracked: Tracked | undefined): void {
    if (tracked?.view.status === 'alive') {
      this.gone(reading.id, Math.max(reading.readAt, tracked.view.readAt), true);
      return;
    }
    if (tracked && tracked.view.status !== 'unread') return;
    const keys = reading.keys ?? [];
    const fresh = record(unreadView(reading.id, tracked?.view.firstSeenAt ?? reading.readAt, null));
    this.leases.set(reading.id, fresh);
    this.index.replace(reading.id, [], keys);
    const view = { ...reading, firstSeenAt: fresh.view.firstSeenAt, keepAlive: null, keys };
    this.departed(fresh, goneView(view, reading.readAt, { status: 'expired' }));
  }

  private departed(tracked: Tracked, view: ReturnType<typeof goneView>): void {
    tracked.view = view;
    this.changes++;
    this.deps.departed(view.goneAt, view.status === 'expired');
    this.deps.own.forget(view.id);
    this.deps.log(say.gone(view), view.goneAt);
  }
}

/** The gone leases to forget: older than `retentionMs`, or beyond the newest `max`. */
function toForget(
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
