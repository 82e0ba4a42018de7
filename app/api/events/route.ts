import { randomUUID } from 'node:crypto';
import { readRefusal } from '@/lib/access/guard';
import { getEventLog } from '@/lib/server';
import { eventStream } from '@/lib/events/event-stream';
import { perDashboard } from '@/lib/dashboard/request';

// Lease and key events pushed to the browser as server-sent events, the moment the server sees
// them. A browser that reconnects sends the last event ID it saw and gets what it missed. Pushed
// rather than polled: a watch event reaches every open page within milliseconds, and an idle page
// costs one open connection instead of a request every few hundred milliseconds. A client that
// stops reading is dropped once it is owed 1 MiB (lib/events/event-stream.ts).
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
