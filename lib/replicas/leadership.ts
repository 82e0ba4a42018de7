import 'server-only';
import { campaign, observe, type Candidacy } from '@/lib/etcd/election';
import { setReplicaState, type ReplicaRole, type ReplicaState } from '@/lib/replicas/replica-state';

// Which of several dashboards on one cluster leads: an election in etcd, under the dashboard's own
// prefix, on a short session. The leader samples, watches and renews (its "duties"); every other
// replica proxies requests to it (proxy.ts). etcd is the only coordination.
//
// No two replicas renew at once. A leader acts only while its session surely holds in etcd (see
// Candidacy.heldUntil, less SAFETY_MS); once that runs out it steps down, before etcd can have
// expired the session and elected another. A replica cut off from etcd therefore stops its duties
// within SESSION_TTL_S of its last renewal that got through, and campaigns again when it can.

export const ELECTION = 'leader';
/** The session's TTL: a leader killed with SIGKILL is replaced within about this (etcd's minimum). */
export const SESSION_TTL_S = 2;
/** A leader stops acting this long before its session could have run out in etcd. */
const SAFETY_MS = 250;
/** How soon a failed campaign or observation is tried again. */
const RETRY_MS = 500;

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
  private stopObserving: (() => Promise<void>) | undefined;
  private fence: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly waiting = new Set<() => void>();

  constructor(
    readonly self: string,
    private readonly prefix: string,
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

  settled(ms: number, unlike?: string): Promise<void> {
    const done = () =>
      this.role === 'leader' ||
      (this.leader !== null && this.leader !== unlike && this.leader !== this.self);
    if (done()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (!done()) return;
        finish();
      };
      const timer = setTimeout(() => finish(), ms);
      const finish = () => {
        clearTimeout(timer);
        this.waiting.delete(check);
        resolve();
      };
      this.waiting.add(check);
    });
  }

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
    const candidacy = campaign(this.prefix, ELECTION, this.self, SESSION_TTL_S, {
      elected: () => {
        if (this.candidacy === candidacy) this.lead();
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

  private lost(why: string): void {
    clearTimeout(this.fence);
    const led = this.role === 'leader';
    const candidacy = this.candidacy;
    this.candidacy = undefined;
    void candidacy?.resign().catch(() => undefined);
    this.set('candidate', this.leader === this.self ? null : this.leader);
    if (led) {
      console.error(`lease dashboard: ${this.self} stopped leading: ${why}`);
      this.duties.stepDown(why);
    }
    setTimeout(() => this.campaign(), RETRY_MS).unref();
  }

  private async observe(): Promise<void> {
    if (this.closed) return;
    try {
      this.stopObserving = await observe(
        this.prefix,
        ELECTION,
        (leader) => this.heard(leader ?? null),
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

  private heard(leader: string | null): void {
    if (this.role === 'leader') {
      // Another replica's key leads: this one's session is gone from etcd.
      if (leader !== this.self) this.lost(`etcd names ${leader ?? 'no leader'} as the leader now`);
      return;
    }
    // Its own key first is not enough: it leads once its campaign says it is elected.
    this.set(leader !== null && leader !== this.self ? 'follower' : 'candidate', leader);
  }

  private set(role: ReplicaRole, leader: string | null): void {
    if (role === this.role && leader === this.leader) return;
    const following = role === 'follower' && this.role !== 'follower';
    this.role = role;
    this.leader = leader;
    this.since = Date.now();
    if (following) this.duties.follow();
    this.waiting.forEach((check) => check());
  }
}
