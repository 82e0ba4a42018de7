import 'server-only';
import type { EventLog } from '@/lib/events/event-log';
import type { LeaseEvent } from '@/lib/shared/contract';

// The event log as a server-sent event stream for one browser. A client owed more than
// MAX_OWED_BYTES is dropped, so a stalled one costs bounded memory; a browser reconnects itself.

/** What one client may be owed before it is dropped. */
export const MAX_OWED_BYTES = 1024 * 1024;
const HEARTBEAT_MS = 15_000;

const encoder = new TextEncoder();
const HEARTBEAT = encoder.encode(': still here\n\n');
/** Each event is written once for every client: encoded once, shared, gone with the event. */
const encodings = new WeakMap<LeaseEvent, Uint8Array>();

function encoded(event: LeaseEvent): Uint8Array {
  let bytes = encodings.get(event);
  if (!bytes) {
    bytes = encoder.encode(`id: ${event.seq}\nevent: lease\ndata: ${JSON.stringify(event)}\n\n`);
    encodings.set(event, bytes);
  }
  return bytes;
}

/** What a page is sent of the past when it connects, at most (the newest events). */
const BACKLOG_BYTES = 256 * 1024;

/** The newest events whose encodings fit in `bytes`, oldest first. */
function backlogWithin(events: LeaseEvent[], bytes: number): LeaseEvent[] {
  let total = 0;
  let from = events.length;
  while (from > 0 && (total += encoded(events[from - 1] as LeaseEvent).length) <= bytes) from--;
  return events.slice(from);
}

export function eventStream(
  log: EventLog,
  options: { hello: object; after: number; backlog: number; signal: AbortSignal },
): ReadableStream<Uint8Array> {
  let stop = () => undefined as void;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const write = (bytes: Uint8Array) => {
          // desiredSize is what the queue may still take: below -MAX_OWED_BYTES the client owes
          // that much more than the stream buffers.
          if ((controller.desiredSize ?? 0) < -MAX_OWED_BYTES) {
            stop();
            controller.error(new Error('the client stopped reading its events'));
            return;
          }
          try {
            controller.enqueue(bytes);
          } catch {
            stop();
          }
        };
        const send = (event: LeaseEvent) => write(encoded(event));
        write(
          encoder.encode(`retry: 1000\nevent: hello\ndata: ${JSON.stringify(options.hello)}\n\n`),
        );
        backlogWithin(log.since(options.after, options.backlog), BACKLOG_BYTES).forEach(send);
        const unsubscribe = log.subscribe(send);
        const heartbeat = setInterval(() => write(HEARTBEAT), HEARTBEAT_MS);
        stop = () => {
          unsubscribe();
          clearInterval(heartbeat);
          stop = () => undefined;
        };
        options.signal.addEventListener('abort', () => {
          stop();
          try {
            controller.close();
          } catch {
            // already closed or errored
          }
        });
      },
      cancel() {
        stop();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }),
  );
}
