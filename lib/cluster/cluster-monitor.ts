import 'server-only';
import { endpoints } from '@/lib/etcd/client';
import { endpointStatus, listMembers } from '@/lib/etcd/cluster';
import type { EventLog } from '@/lib/events/event-log';
import { message } from '@/lib/shared/i18n';
import type { ClusterMember, ClusterResponse, EndpointStatus } from '@/lib/shared/contract-cluster';
import type { EtcdStatus } from '@/lib/shared/contract';

// Asks every endpoint for its status often, with a short deadline, so a silent member shows within
// the page's promise (a status request costs etcd next to nothing); lists the members less often.
// Logs endpoints going down or back, and leader elections: a new leader resets every lease's TTL.

export const STATUS_INTERVAL_MS = 250;
export const MEMBERS_INTERVAL_MS = 5000;

export class ClusterMonitor {
  private statuses: EndpointStatus[] = [];
  private members: ClusterMember[] = [];
  private membersAt: number | null = null;
  private listingMembers = false;
  private leader: { id: string; term: number } | null = null;
  private running = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly events: EventLog) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.loop();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
  }

  view(): ClusterResponse {
    const leaderId = this.leader?.id ?? null;
    return {
      now: Date.now(),
      membersAt: this.membersAt,
      members: this.members,
      endpoints: this.statuses,
      leaderId,
      leaderName: this.nameOf(leaderId),
      raftTerm: this.leader?.term ?? null,
    };
  }

  /** Endpoints whose last status request failed, with why. */
  failing(): EtcdStatus['failing'] {
    return this.statuses.flatMap((s) => (s.ok ? [] : [{ endpoint: s.endpoint, error: s.error }]));
  }

  /** One round: every endpoint's status, and the member list when it is due or out of date. */
  async round(): Promise<void> {
    let configured: string[];
    try {
      configured = endpoints();
    } catch {
      return; // a configuration error is the sampler's to report
    }
    const statuses = await Promise.all(configured.map((e) => endpointStatus(e)));
    this.noteHealth(statuses);
    this.statuses = statuses;
    const known = new Set(this.members.map((m) => m.id));
    const unknownMember = statuses.some((s) => s.ok && !known.has(s.memberId));
    if (
      statuses.some((s) => s.ok) &&
      (unknownMember ||
        this.membersAt === null ||
        Date.now() - this.membersAt > MEMBERS_INTERVAL_MS)
    ) {
      // Not awaited: a member list that hangs (etcd frozen mid-request) must not hold back the
      // next status checks, which are how a stopped etcd shows within about a second.
      void this.refreshMembers();
    }
    this.noteLeader(statuses);
  }

  private async refreshMembers(): Promise<void> {
    if (this.listingMembers) return;
    this.listingMembers = true;
    try {
      this.members = await listMembers();
      this.membersAt = Date.now();
    } catch {
      // the statuses say what is wrong
    } finally {
      this.listingMembers = false;
    }
  }

  private async loop(): Promise<void> {
    if (!this.running) return;
    const started = Date.now();
    await this.round();
    if (!this.running) return;
    this.timer = setTimeout(
      () => void this.loop(),
      Math.max(0, STATUS_INTERVAL_MS - (Date.now() - started)),
    );
    this.timer.unref();
  }

  private noteHealth(statuses: EndpointStatus[]): void {
    const before = new Map(this.statuses.map((s) => [s.endpoint, s.ok]));
    for (const s of statuses) {
      const was = before.get(s.endpoint);
      if (was === undefined || was === s.ok) continue;
      this.events.add(
        s.ok
          ? {
              kind: 'endpoint-up',
              lease: null,
              message: message('event.endpointUp', { endpoint: s.endpoint }),
            }
          : {
              kind: 'endpoint-down',
              lease: null,
              message: message('event.endpointDown', {
                endpoint: s.endpoint,
                error: s.error.message,
              }),
            },
      );
    }
  }

  /** The leader most answering endpoints follow, in the highest term any of them reports. */
  private noteLeader(statuses: EndpointStatus[]): void {
    const votes = new Map<string, number>();
    let term = 0;
    for (const s of statuses) {
      if (!s.ok || !s.leaderId) continue;
      votes.set(s.leaderId, (votes.get(s.leaderId) ?? 0) + 1);
      term = Math.max(term, s.raftTerm);
    }
    const id = [...votes].sort((a, b) => b[1] - a[1])[0]?.[0];
    if (!id) return;
    const previous = this.leader;
    this.leader = { id, term };
    if (!previous || (previous.id === id && previous.term >= term)) return;
    this.events.add({
      kind: 'leader-changed',
      lease: null,
      message: message('event.leaderChanged', {
        name: this.nameOf(id) ?? message('event.member'),
        id,
        again: previous.id === id ? 'yes' : 'no',
        was: this.nameOf(previous.id) ?? previous.id,
        term,
      }),
    });
  }

  private nameOf(id: string | null): string | null {
    return this.members.find((m) => m.id === id)?.name ?? null;
  }
}
