import { randomUUID } from 'node:crypto';
import { readRefusal } from '@/lib/access/guard';
import { getEventLog } from '@/lib/server';
import { eventStream } from '@/lib/events/event-stream';
import { perDashboard } from '@/lib/dashboard/request';

// Lease and key events pushed as server-sent events rather than polled: an event reaches every page
// at once, and an idle page costs one connection, not a stream of requests. A reconnecting browser
// gets what it missed; one that stops reading is dropped (lib/events/event-stream.ts).
export const dynamic = 'force-dynamic';

/** How many past events a newly opened page receives. */
const BACKLOG = 300;
/** Identifies this server process: event numbers restart when it does, and the page must know. */
const SERVER_RUN = randomUUID();

async function handleGet(request: Request): Promise<Response> {
  const refused = await readRefusal();
  if (refused) return refused;
  const log = getEventLog();
  const lastSeen = Number(request.headers.get('last-event-id') ?? 0);
  // A reconnecting page says what it saw last. The page checks `run`: numbers from an earlier run of
  // the server mean nothing here, and it then reconnects afresh for the whole backlog.
  const after =
    Number.isInteger(lastSeen) && lastSeen > 0 && lastSeen <= log.lastSeq ? lastSeen : 0;
  const body = eventStream(log, {
    hello: { run: SERVER_RUN, resumed: after > 0 },
    after,
    backlog: BACKLOG,
    signal: request.signal,
  });

  return new Response(body, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      // no-transform keeps Next's gzip from holding events back in its buffer.
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    },
  });
}

export const GET = perDashboard(handleGet);
