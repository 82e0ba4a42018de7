import type { Watcher } from 'etcd3';
import { resumeWatcherAt } from '@/lib/etcd/etcd3-internals';

/**
 * Where a watcher resumes when etcd3 reconnects it: at the last event heard, not etcd3's header
 * revision + 1, which skipped the rest of a fragmented answer; replayed events are dropped.
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
