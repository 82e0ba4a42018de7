import type { Watcher } from 'etcd3';
import { resumeWatcherAt } from '@/lib/etcd/etcd3-internals';

/**
 * Where a watcher resumes when etcd3 reconnects it, and which events it has heard already.
 *
 * etcd3 resumes from the last answer's header revision + 1. An answer that catches up on a burst
 * has the store's current revision in its header, and comes in fragments: a stream broken after
 * the first fragment resumed past the events still to come in the others, and they were never
 * heard. This resumes at the revision of the last event heard instead, and drops the events of that
 * revision heard already (one revision's events, a transaction's, can span fragments).
 */
export class WatchResume {
  private revision: bigint | null;
  /** the keys heard at `revision` */
  private keys = new Set<string>();

  /** `from`: the revision the watch starts at, if it is given one. */
  constructor(from?: string) {
    this.revision = from ? BigInt(from) : null;
  }

  /** An event arrived: false if it was heard already (a replay after resuming). */
  heard(key: string, revision: string): boolean {
    const at = BigInt(revision);
    if (this.revision !== null && at < this.revision) return false;
    if (this.revision === at) {
      if (this.keys.has(key)) return false;
    } else {
      this.revision = at;
      this.keys = new Set();
    }
    this.keys.add(key);
    return true;
  }

  /** The stream broke: have etcd3 reconnect the watcher from where this says. */
  resumeAt(watcher: Watcher): void {
    if (this.revision === null) return; // nothing heard of a watch from "now": etcd3's own is right
    resumeWatcherAt(watcher, String(this.revision));
  }
}
