import 'server-only';
import { campaign, observe, removeEntry, type Candidacy, type Entry } from '@/lib/etcd/election';
import { shorten } from '@/lib/shared/words';
import type { ReplicaAuth } from '@/lib/replicas/replica-auth';
import { setReplicaState, type ReplicaRole, type ReplicaState } from '@/lib/replicas/replica-state';

// Which of several dashboards on one cluster leads, by an election in etcd; the others proxy to it
// (proxy.ts). Entries must carry the replicas' secret (./replica-auth.ts), so whoever can write to
// etcd cannot name a leader. A leader acts only while its session surely holds (Candidacy.heldUntil
// less SAFETY_MS), so no two replicas ever renew at once.

export const ELECTION = 'leader';
/** Where the replicas' entries live, under the dashboard's own prefix. */
export const electionDir = (ownPrefix: string) => `${ownPrefix}election/${ELECTION}/`;
/** The session's TTL: a leader killed with SIGKILL is replaced within about this (etcd's minimum). */
export const SESSION_TTL_S = 2;
/** A leader stops acting this long before its session could have run out in etcd. */
const SAFETY_MS = 250;
/** How soon a failed campaign or observation is tried again. */
const RETRY_MS = 500;
/** Entries refused are logged once each; past this many, the record of them starts again. */
const REFUSED_KEPT = 1000;

export type Duties = {
  /** Start sampling, watching and renewing (resume the keep-alive intents). */
  lead(): void;
  /** Stop all of it at once, keeping the intents in etcd for the next leader. */
  stepDown(why: string): void;
  /** Another replica leads: drop whatever this one served on its own while none was known. */
  follow(): void;
};

export class Leadership implements ReplicaState {
  role: ReplicaRole = 'candidate';
  leader: string | null = null;
  since = Date.now();
  private candidacy: Candidacy | undefined;
  /** The entry etcd last named as leading; undefined until the observation first answers. */
  private heardLeader: Entry | null | undefined;
  private stopObserving: (() => Promise<void>) | undefined;
  private fence: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly listeners = new Set<() => void>();
  private readonly refused = new Set<string>();

  constructor(
    readonly self: string,
    private readonly ownPrefix: string,
    readonly auth: ReplicaAuth,
    private readonly duties: Duties,
  ) {}

  start(): void {
    setReplicaState(this);
    this.campaign();
    void this.observe();
  }

  /** Whether this replica may change etcd now: it leads, and its session surely holds. */
  mayAct(): boolean {
    return this.role === 'leader' && this.heldFor() > 0;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  settled(ms: number, unlike?: string): Promise<void> {
    const done = () =>
      this.role === 'leader' ||
      (this.leader !== null && this.leader !== unlike && this.leader !== this.self);
    if (done()) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(), ms);
      const stop = this.onChange(() => {
        if (done()) finish();
      });
      const finish = () => {
        clearTimeout(timer);
        stop();
        resolve();
      };
    });
  }

  /**
   * Whether an entry in the election is a replica's: a key held by the session lease its name
   * says, signed with the replicas' secret for that key. Anything else is logged once per change
   * and passed over.
   */
  readonly accept = (entry: Entry): boolean => {
    if (entry.session !== null && this.auth.urlOf(entry.key, entry.value) !== null) return true;
    const key = shorten(JSON.stringify(entry.key), 200);
    const seen = `${key}@${entry.modRevision}`;
    if (!this.refused.has(seen)) {
      if (this.refused.size >= REFUSED_KEPT) this.refused.clear();
      this.refused.add(seen);
      console.error(
        entry.session === null
          ? `lease dashboard: ignored ${key} in the replicas' election: it is not held by the session lease its name says, so no replica put it there`
          : `lease dashboard: ignored ${key} in the replicas' election: it is on a live session but not signed with this replica's DASHBOARD_REPLICA_SECRET (a replica with another secret, or from before replicas signed their entries: every replica needs the same secret)`,
      );
    }
    return false;
  };

  /** SIGTERM: hand over at once (the session is revoked, so the next candidate leads now). */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.fence);
    if (this.role === 'leader') {
      console.log(`lease dashboard: ${this.self} is shutting down and hands the leadership over`);
      this.duties.stepDown('this dashboard is shutting down');
    }
    this.set('candidate', null);
    const candidacy = this.candidacy;
    this.candidacy = undefined;
    await Promise.all([
      candidacy?.resign().catch(() => undefined),
      this.stopObserving?.().catch(() => undefined),
    ]);
  }

  private heldFor(): number {
    return (this.candidacy?.heldUntil() ?? 0) - SAFETY_MS - Date.now();
  }

  private campaign(): void {
    if (this.closed) return;
    const dir = electionDir(this.ownPrefix);
    const candidacy = campaign(dir, (key) => this.auth.entry(key, this.self), SESSION_TTL_S, {
      ready: () => {
        if (this.candidacy === candidacy) this.consider();
      },
      failed: (err) => {
        if (this.candidacy === candidacy) this.lost(`its session in etcd ended (${err.message})`);
      },
    });
    this.candidacy = candidacy;
  }

  private lead(): void {
    if (this.heldFor() <= 0) {
      this.lost('it was elected after its session could have run out');
      return;
    }
    this.set('leader', this.self);
    console.log(`lease dashboard: ${this.self} leads the dashboards on this cluster`);
    this.duties.lead();
    this.guard();
  }

  /** Steps down the moment the session may have run out, unless a renewal got through first. */
  private guard(): void {
    clearTimeout(this.fence);
    if (this.role !== 'leader') return;
    const left = this.heldFor();
    if (left <= 0) {
      this.lost(`no renewal of its session got through for ${SESSION_TTL_S} s`);
      return;
    }
    this.fence = setTimeout(() => this.guard(), left);
  }

  /** Its session is gone or may be: step down, follow whoever etcd names, campaign again. */
  private lost(why: string): void {
    clearTimeout(this.fence);
    const led = this.role === 'leader';
    const candidacy = this.candidacy;
    this.candidacy = undefined;
    void candidacy?.resign().catch(() => undefined);
    if (led) {
      console.error(`lease dashboard: ${this.self} stopped leading: ${why}`);
      this.duties.stepDown(why);
    }
    this.followHeard();
    setTimeout(() => this.campaign(), RETRY_MS).unref();
  }

  private async observe(): Promise<void> {
    if (this.closed) return;
    try {
      this.stopObserving = await observe(
        electionDir(this.ownPrefix),
        this.accept,
        (leader) => this.heard(leader),
        () => this.observeAgain(),
      );
    } catch {
      this.observeAgain();
    }
  }

  private observeAgain(): void {
    const stop = this.stopObserving;
    this.stopObserving = undefined;
    void stop?.().catch(() => undefined);
    if (!this.closed) setTimeout(() => void this.observe(), RETRY_MS).unref();
  }

  private heard(leader: Entry | null): void {
    this.heardLeader = leader;
    this.consider();
  }

  /** Leads, steps down or follows, by the entry etcd last named and this replica's own key. */
  private consider(): void {
    const leader = this.heardLeader;
    if (leader === undefined) return;
    const mine = leader !== null && leader.key === this.candidacy?.key();
    if (this.role === 'leader') {
      // Another replica's key leads: this one's session is gone from etcd.
      if (!mine) this.lost(`etcd names ${this.heardUrl() ?? 'no leader'} as the leader now`);
      return;
    }
    if (mine) this.lead();
    else this.followHeard();
    // An entry that names this replica but is not its session's key: its previous process left
    // it, or it was copied onto a lease of that ID. Followed, it would stall every request.
    if (leader && !mine && this.candidacy?.key() && this.heardUrl() === this.self) {
      console.error(
        `lease dashboard: ${this.self} removes ${leader.key} from the replicas' election: it names this replica, which campaigns under another key`,
      );
      void removeEntry(leader).catch(() => undefined);
    }
  }

  /** The leader's URL, by the entry etcd last named (accepted, so signed). */
  private heardUrl(): string | null {
    const leader = this.heardLeader;
    return leader ? this.auth.urlOf(leader.key, leader.value) : null;
  }

  /**
   * Follows the replica etcd names. Its own URL first is not enough (a key this replica's previous
   * process left): it leads once its own key does.
   */
  private followHeard(): void {
    const url = this.heardUrl();
    this.set(url !== null && url !== this.self ? 'follower' : 'candidate', url);
  }

  private set(role: ReplicaRole, leader: string | null): void {
    if (role === this.role && leader === this.leader) return;
    const following = role === 'follower' && this.role !== 'follower';
    this.role = role;
    this.leader = leader;
    this.since = Date.now();
    if (following) this.duties.follow();
    this.listeners.forEach((listener) => listener());
  }
}
