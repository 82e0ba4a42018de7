import 'server-only';
import { watchKeys, type KeyChange, type WatchHandle } from '@/lib/etcd/watch';
import type { EventLog } from '@/lib/events/event-log';
import { shorten } from '@/lib/shared/words';
import type { LeaseView, Message } from '@/lib/shared/contract';
import { message } from '@/lib/shared/i18n';

// The sampler's watch, so a lease's key list changes at once. A deleted key is logged with why
// (expiry, revoke, direct delete): etcd does not say, so one TimeToLive of its lease tells.

/** What the watch needs from the sampler. */
export interface LeaseBook {
  lease(id: string): LeaseView | null;
  refresh(id: string): Promise<LeaseView | null>;
  isBeingRevoked(id: string): boolean;
}

/** The store's keys: which lease a key is on (from readings and puts), and lease key lists. */
export interface KeyBook {
  leaseOfKey(key: string): string | undefined;
  keyDeleted(key: string): void;
  /** a key put with the lease (`put`) or taken off it; false when the lease is not tracked */
  editKey(id: string, key: string, put: boolean, at: number): boolean;
  gone(id: string, at: number): void;
}

/** What a deleted key's lease turned out to be: as the sampler knows it, or gone/unreadable. */
type LeaseAfterDelete = LeaseView | 'gone' | 'unreadable';

const RETRY_MS = 1000;
/** How much of a key's name an event carries. */
const EVENT_KEY_CHARS = 256;

export class KeyWatcher {
  private watch: WatchHandle | null = null;
  private running = false;
  private retry: NodeJS.Timeout | undefined;
  private reported: string | null = null;
  /** one TimeToLive per lease for a burst of deletes (a lease's keys go in one transaction) */
  private readonly goneChecks = new Map<string, Promise<LeaseAfterDelete>>();
  /**
   * one read per lease first heard of through its keys: a thousand keys put with a new lease in
   * one transaction made a thousand reads of it at once, megabytes each, and every read timed out
   */
  private readonly firstReads = new Map<string, Promise<unknown>>();

  /** per prefix, the revision of the last change heard, so a watch opened again resumes after it */
  private readonly revisions = new Map<string, bigint>();
  /** which opening of the watch is current; events from an older one are ignored */
  private generation = 0;

  constructor(
    private readonly book: LeaseBook,
    private readonly keys: KeyBook,
    private readonly events: EventLog,
    private readonly prefixes: string[],
  ) {
    // After an outage (etcd frozen, or the network gone) a watch stream can stay silent long after
    // etcd answers again while its client backs off. When an endpoint answers again, the watch is
    // opened afresh from the last revision it saw: nothing is missed, nothing is heard twice.
    events.subscribe((event) => {
      if (event.kind === 'endpoint-up') this.reopen();
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.open();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.retry);
    void this.watch?.close().catch(() => undefined);
    this.watch = null;
  }

  private reopen(): void {
    if (!this.running) return;
    clearTimeout(this.retry);
    // Not awaited: cancelling a stream that died in the outage may never be answered. Whatever the
    // old watch still delivers is ignored (see `generation`).
    void this.watch?.close().catch(() => undefined);
    this.watch = null;
    this.open();
  }

  private open(): void {
    const from = new Map<string, string>();
    for (const [prefix, revision] of this.revisions) from.set(prefix, String(revision + 1n));
    const generation = ++this.generation;
    const onChange = (change: KeyChange) => {
      if (generation === this.generation) void this.changed(change);
    };
    watchKeys(this.prefixes, { onChange }, from)
      .then((watch) => {
        this.reported = null;
        if (this.running && generation === this.generation) this.watch = watch;
        else void watch.close().catch(() => undefined);
      })
      .catch((err: unknown) => {
        // The rounds report an unreachable etcd; this only needs saying if the watch alone fails
        // (a user without read access to every key, for one).
        const message = err instanceof Error ? err.message : String(err);
        if (message !== this.reported) console.error(`key watch: ${message}`);
        this.reported = message;
        // A reopen already replaced this opening: its retry would open a second watch beside the
        // working one, and close neither.
        if (!this.running || generation !== this.generation) return;
        this.retry = setTimeout(() => this.open(), RETRY_MS);
        this.retry.unref();
      });
  }

  private async changed(change: KeyChange): Promise<void> {
    const at = Date.now();
    const revision = BigInt(change.revision);
    if (revision > (this.revisions.get(change.prefix) ?? -1n))
      this.revisions.set(change.prefix, revision);
    // Events name the key shortened: long keys made the event log, and every new page, megabytes.
    const named = shorten(change.key, EVENT_KEY_CHARS);
    const before = this.keys.leaseOfKey(change.key) ?? null;
    if (change.type === 'put') {
      if (before && before !== change.lease) {
        this.keys.editKey(before, change.key, false, at);
        this.keys.keyDeleted(change.key);
        this.events.add({
          kind: 'key-put',
          lease: before,
          key: named,
          message: message('event.keyMoved', {
            key: named,
            from: before,
            hasLease: change.lease ? 'yes' : 'no',
            to: change.lease ?? '',
          }),
        });
      }
      if (change.lease) await this.putWith(change.lease, change.key, named, at);
      return;
    }
    if (!before) return;
    const lease = await this.leaseAfterDelete(before);
    // Off an alive lease's list; a gone lease keeps it among the keys etcd deleted with it.
    if (typeof lease === 'string' || lease.status === 'alive')
      this.keys.editKey(before, change.key, false, at);
    this.keys.keyDeleted(change.key);
    this.events.add({
      kind: 'key-deleted',
      lease: before,
      key: named,
      message: deletedBecause(named, before, lease),
    });
  }

  private async putWith(lease: string, key: string, named: string, at: number): Promise<void> {
    // A lease first heard of through its key is read first, so its grant is logged before the
    // put; the key joins it after the read, which may have been sent before the key was put.
    if (!this.keys.editKey(lease, key, true, at)) {
      await this.firstRead(lease);
      this.keys.editKey(lease, key, true, Date.now());
    }
    this.events.add({
      kind: 'key-put',
      lease,
      key: named,
      message: message('event.keyPut', { key: named, id: lease }),
    });
  }

  private firstRead(id: string): Promise<unknown> {
    let read = this.firstReads.get(id);
    if (!read) {
      read = this.book
        .refresh(id)
        .catch(() => undefined)
        .finally(() => this.firstReads.delete(id));
      this.firstReads.set(id, read);
    }
    return read;
  }

  /** Is the lease of a deleted key still alive? One TimeToLive answers for a burst of deletes. */
  private leaseAfterDelete(id: string): Promise<LeaseAfterDelete> {
    const known = this.book.lease(id);
    if (known && known.status !== 'alive') return Promise.resolve(known);
    if (known && this.book.isBeingRevoked(id)) {
      this.keys.gone(id, Date.now());
      return Promise.resolve(this.book.lease(id) ?? 'gone');
    }
    let check = this.goneChecks.get(id);
    if (!check) {
      check = this.book
        .refresh(id)
        .then((view): LeaseAfterDelete => view ?? 'gone')
        .catch((): LeaseAfterDelete => 'unreadable')
        .finally(() => this.goneChecks.delete(id));
      this.goneChecks.set(id, check);
    }
    return check;
  }
}

/** Why etcd deleted `key`, which was on lease `id`, given what became of the lease. */
function deletedBecause(key: string, id: string, lease: LeaseAfterDelete): Message {
  if (lease === 'gone') return message('event.keyDeletedLeaseGone', { key, id });
  if (lease === 'unreadable') return message('event.keyDeletedUnreadable', { key, id });
  if (lease.status === 'expired') return message('event.keyDeletedExpired', { key, id });
  if (lease.status === 'revoked')
    return message('event.keyDeletedRevoked', { key, id, by: lease.revokedBy });
  return message('event.keyDeletedDirectly', { key, id });
}
