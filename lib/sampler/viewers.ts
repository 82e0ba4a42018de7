import { MAX_PAGE_SIZE } from '@/lib/shared/lease-query';

// Which leases viewers have on screen and in focus, by client, bounded, because every mark costs
// etcd reads: unbounded, one client paging through every lease kept them all read each round.
// Each client keeps one page of marks, and totals bound all clients together. Pure.

/** A lease marked by a viewer is on screen (or in focus) for this long after the viewer asked. */
export const ON_SCREEN_MS = 3000;
/** One client's leases on screen: the largest page the list answers. */
export const SCREEN_PER_CLIENT = MAX_PAGE_SIZE;
/** One client's leases in focus: a detail panel and a presenter view, in a tab or two. */
export const FOCUS_PER_CLIENT = 4;
/** Distinct leases on screen, over every client. */
export const MAX_ON_SCREEN = 4 * MAX_PAGE_SIZE;
/** Distinct leases in focus, over every client. */
export const MAX_FOCUSED = 100;
/** Marks kept over every client (the same lease counted once per client): the memory bound. */
export const MAX_MARKS = 100 * MAX_PAGE_SIZE;

/** lease ID -> until when (epoch ms), oldest mark first */
type Marks = Map<string, number>;
type Client = { screen: Marks; focus: Marks; lastAt: number };

/** How many clients mark each lease, so that a lease marked by several counts once. */
class Tally {
  private readonly clients = new Map<string, number>();
  /** marks kept, a lease counted once per client that marks it */
  marks = 0;

  get size(): number {
    return this.clients.size;
  }

  ids(): IterableIterator<string> {
    return this.clients.keys();
  }

  /** Marks `id` for the client (`marks`) until `until`, within `cap` (its oldest mark goes). */
  mark(marks: Marks, id: string, until: number, cap: number): void {
    if (!marks.delete(id)) this.add(id);
    marks.set(id, until);
    if (marks.size <= cap) return;
    const oldest = marks.keys().next().value;
    if (oldest !== undefined) this.unmark(marks, oldest);
  }

  unmark(marks: Marks, id: string): void {
    if (!marks.delete(id)) return;
    this.marks--;
    const n = (this.clients.get(id) ?? 1) - 1;
    if (n > 0) this.clients.set(id, n);
    else this.clients.delete(id);
  }

  /** Forgets the client's marks that ran out by `now`. */
  expire(marks: Marks, now: number): void {
    for (const [id, until] of marks) if (until <= now) this.unmark(marks, id);
  }

  private add(id: string): void {
    this.marks++;
    this.clients.set(id, (this.clients.get(id) ?? 0) + 1);
  }
}

export class Viewers {
  /** by client key, the one heard from longest ago first */
  private readonly clients = new Map<string, Client>();
  private readonly screen = new Tally();
  private readonly focus = new Tally();

  /** `client` shows these leases (in focus too: a detail panel, the presenter view) from `at`. */
  mark(client: string, ids: readonly string[], at: number, inFocus = false): void {
    this.forgetIdle(at);
    const marks = this.clients.get(client) ?? { screen: new Map(), focus: new Map(), lastAt: at };
    this.clients.delete(client);
    this.clients.set(client, marks);
    marks.lastAt = Math.max(marks.lastAt, at);
    const until = at + ON_SCREEN_MS;
    for (const id of ids) this.screen.mark(marks.screen, id, until, SCREEN_PER_CLIENT);
    if (inFocus) for (const id of ids) this.focus.mark(marks.focus, id, until, FOCUS_PER_CLIENT);
    // A client that marks nothing keeps nothing (so a flood of empty pages holds no memory).
    if (marks.screen.size === 0 && marks.focus.size === 0) this.clients.delete(client);
    for (const [key, other] of this.clients) {
      if (other === marks || !this.overTotal()) break;
      this.drop(key, other);
    }
  }

  /** The leases on screen now, each once, whoever shows them. */
  onScreen(now: number): string[] {
    this.forgetIdle(now);
    for (const marks of this.clients.values()) this.screen.expire(marks.screen, now);
    return [...this.screen.ids()];
  }

  /** The leases in focus now, each once. */
  inFocus(now: number): string[] {
    this.forgetIdle(now);
    for (const marks of this.clients.values()) this.focus.expire(marks.focus, now);
    return [...this.focus.ids()];
  }

  /** How many clients have marks kept (the memory bound's test counts them). */
  get clientCount(): number {
    return this.clients.size;
  }

  private overTotal(): boolean {
    return (
      this.screen.size > MAX_ON_SCREEN ||
      this.focus.size > MAX_FOCUSED ||
      this.screen.marks + this.focus.marks > MAX_MARKS
    );
  }

  /** Clients not heard from for ON_SCREEN_MS have no mark left: forgotten whole. */
  private forgetIdle(now: number): void {
    for (const [key, marks] of this.clients) {
      if (marks.lastAt + ON_SCREEN_MS > now) break;
      this.drop(key, marks);
    }
  }

  private drop(key: string, marks: Client): void {
    for (const id of [...marks.screen.keys()]) this.screen.unmark(marks.screen, id);
    for (const id of [...marks.focus.keys()]) this.focus.unmark(marks.focus, id);
    this.clients.delete(key);
  }
}
