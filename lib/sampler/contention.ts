import 'server-only';
import { readContenders } from '@/lib/etcd/contenders';
import { contenderLayout, holdingOf, keysHold, type GroupReading } from '@/lib/shared/holdings';
import type { Holding } from '@/lib/shared/contract-holdings';
import type { LeaseView } from '@/lib/shared/contract';
import type { KeyListener } from '@/lib/sampler/key-index';

// The locks and elections the leases take part in (lib/shared/holdings.ts recognises them): each
// group (`<name>/`) is read in create-revision order, which says who holds and who waits. Reads
// come when a group changes, bounded by READS_PER_TICK, MAX_GROUPS and STALE_MS.

export const TICK_MS = 250;
export const STALE_MS = 30_000;
export const READS_PER_TICK = 8;
export const MAX_GROUPS = 1000;
export const MAX_CONTENDERS = 100;
const RETRY_MS = 1000;

type Group = {
  /** the keys the dashboard knows in it (from readings and the watch) */
  members: Set<string>;
  reading: GroupReading | undefined;
  dirty: boolean;
  /** epoch ms of the last failed read: retried a second later, not every tick */
  failedAt: number;
};

export class Contention implements KeyListener {
  private readonly groups = new Map<string, Group>();
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private readonly byKeys = new WeakMap<readonly string[], ReturnType<typeof keysHold>>();

  /** `lease` tells whether a lease is still alive, as the sampler last saw it. */
  constructor(private readonly lease: (id: string) => LeaseView | null) {}

  added(key: string, lease: string): void {
    const layout = contenderLayout(key, lease);
    if (!layout) return;
    let group = this.groups.get(layout.group);
    if (!group) {
      if (this.groups.size >= MAX_GROUPS) return;
      group = { members: new Set(), reading: undefined, dirty: true, failedAt: 0 };
      this.groups.set(layout.group, group);
    }
    group.members.add(key);
    group.dirty = true;
  }

  removed(key: string, lease: string): void {
    const layout = contenderLayout(key, lease);
    const group = layout && this.groups.get(layout.group);
    if (!group) return;
    group.members.delete(key);
    group.dirty = true;
  }

  /** What a lease holds, from its keys and the groups' last readings. */
  holding(view: LeaseView): Holding | null {
    if (view.status !== 'alive') return null;
    // The keys are looked at once per key list: a Kubernetes events lease holds many.
    let held = this.byKeys.get(view.keys);
    if (held === undefined) {
      held = keysHold(view.id, view.keys);
      this.byKeys.set(view.keys, held);
    }
    return holdingOf(view.id, held, (group) => this.groups.get(group)?.reading);
  }

  /**
   * Reads the group `<name>/` again within a tick. For a caller whose change the watch may not
   * show: a reset that revokes leases already gone deletes no key, and readings from before it
   * are not to be shown.
   */
  readSoon(group: string): void {
    const known = this.groups.get(group);
    if (known) known.dirty = true;
  }

  /** The last reading of the group `<name>/`, if it has been read. */
  reading(group: string): GroupReading | undefined {
    return this.groups.get(group)?.reading;
  }

  /** Every group read so far, by its name (`<name>/`), with its last reading. */
  *readings(): Generator<[string, GroupReading]> {
    for (const [name, group] of this.groups) if (group.reading) yield [name, group.reading];
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Reads the groups that changed, lost a lease, or were read too long ago. */
  async tick(now = Date.now()): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      // The longest unread first, so groups that keep changing cannot starve the others.
      const due = [...this.groups]
        .filter(([, g]) => this.isDue(g, now))
        .sort(([, a], [, b]) => (a.reading?.readAt ?? 0) - (b.reading?.readAt ?? 0))
        .slice(0, READS_PER_TICK);
      await Promise.all(due.map(([name, group]) => this.read(name, group)));
    } finally {
      this.busy = false;
    }
  }

  private isDue(group: Group, now: number): boolean {
    if (now - group.failedAt < RETRY_MS) return false;
    if (group.dirty || !group.reading) return true;
    if (now - group.reading.readAt >= STALE_MS) return true;
    // A contender whose lease is gone: etcd deletes (or has deleted) its key; the watch may not
    // cover it (DASHBOARD_WATCH_PREFIXES), so the group is read again.
    return group.reading.contenders.some((c) => {
      const status = this.lease(c.lease)?.status;
      return status === 'expired' || status === 'revoked';
    });
  }

  private async read(name: string, group: Group): Promise<void> {
    group.dirty = false;
    const readAt = Date.now();
    try {
      const { contenders } = await readContenders(name, MAX_CONTENDERS);
      group.reading = { contenders, readAt };
      if (contenders.length === 0 && group.members.size === 0) this.groups.delete(name);
    } catch {
      // etcd did not answer: the last reading stands, and the next tick tries again.
      group.dirty = true;
      group.failedAt = Date.now();
    }
  }
}
