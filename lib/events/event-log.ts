import type { LeaseEvent, LeaseEventKind, Message } from '@/lib/shared/contract';
import { english } from '@/lib/shared/english';
import { render } from '@/lib/shared/i18n';

// The dashboard's record of what happened, newest last. Bounded, so a dashboard left running for
// days holds the same number of events as one started a minute ago. Listeners hear each event as it
// is added; that is how events are pushed to browsers.

export const EVENT_LOG_CAPACITY = 2000;

/**
 * An event to log: its sentence as a catalog message (each viewer reads it in their own language,
 * and its English `text` is made from the English catalog), or as English text alone.
 */
export type NewEvent = {
  kind: LeaseEventKind;
  lease: string | null;
  key?: string | null;
} & ({ message: Message; text?: string } | { text: string; message?: undefined });
export type EventListener = (event: LeaseEvent) => void;

export class EventLog {
  private events: LeaseEvent[] = [];
  private nextSeq = 1;
  private readonly listeners = new Set<EventListener>();

  constructor(private readonly capacity = EVENT_LOG_CAPACITY) {
    if (capacity < 1) throw new Error('event log capacity must be at least 1');
  }

  add(event: NewEvent, at = Date.now()): LeaseEvent {
    const added: LeaseEvent = {
      seq: this.nextSeq++,
      at,
      kind: event.kind,
      lease: event.lease,
      key: event.key ?? null,
      text: event.text ?? render(english, event.message),
      ...(event.message ? { message: event.message } : {}),
    };
    this.events.push(added);
    if (this.events.length > this.capacity)
      this.events.splice(0, this.events.length - this.capacity);
    for (const listener of this.listeners) {
      try {
        listener(added);
      } catch (err) {
        console.error('event listener failed:', err);
      }
    }
    return added;
  }

  /** Events after `seq` (all kept events for 0), oldest first, at most `limit` of the newest. */
  since(seq = 0, limit = this.capacity): LeaseEvent[] {
    const after = this.events.filter((e) => e.seq > seq);
    return after.slice(Math.max(0, after.length - limit));
  }

  /** One lease's events, plus the cluster-wide ones that explain its chart (leader changes). */
  forLease(id: string, limit = 200): LeaseEvent[] {
    const mine = this.events.filter((e) => e.lease === id || e.lease === null);
    return mine.slice(Math.max(0, mine.length - limit));
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How many listeners (open event streams, keep-alive managers) are subscribed. */
  get listenerCount(): number {
    return this.listeners.size;
  }

  get size(): number {
    return this.events.length;
  }

  get lastSeq(): number {
    return this.nextSeq - 1;
  }
}
