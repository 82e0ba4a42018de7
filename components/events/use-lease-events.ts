'use client';

import { useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import type { LeaseEvent } from '@/lib/shared/contract';
import { helloSchema, leaseEventSchema } from '@/lib/shared/contract-events';
import { useClusterPath } from '@/components/cluster/cluster-base';

// The page's end of /api/events: the server pushes every lease and key event as it sees it. The
// browser's EventSource reconnects by itself and resumes from the last event it got.

/** How many events the page keeps (newest); the server keeps more. */
export const MAX_EVENTS = 500;

/** One pushed message, checked against the contract; a message that does not match is dropped. */
function parse<T>(schema: z.ZodType<T>, message: Event): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse((message as MessageEvent<string>).data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function useLeaseEvents(onEvent?: (event: LeaseEvent) => void): {
  events: LeaseEvent[];
  connected: boolean;
} {
  const [events, setEvents] = useState<LeaseEvent[]>([]);
  const [connected, setConnected] = useState(false);
  const onEventRef = useRef(onEvent);
  useEffect(() => {
    onEventRef.current = onEvent;
  }, [onEvent]);

  const path = useClusterPath();

  const eventsUrl = path('/api/events');
  useEffect(() => {
    let source: EventSource | null = null;
    let run: string | null = null;

    const open = () => {
      source?.close();
      source = new EventSource(eventsUrl);
      source.addEventListener('hello', (message) => {
        const hello = parse(helloSchema, message);
        if (!hello) return;
        setConnected(true);
        if (run !== null && hello.run !== run) {
          // The server restarted: its event numbers started again. Start afresh from its backlog.
          run = hello.run;
          setEvents([]);
          if (hello.resumed) open();
          return;
        }
        run = hello.run;
      });
      source.addEventListener('lease', (message) => {
        const event = parse(leaseEventSchema, message);
        if (!event) return;
        setEvents((previous) => {
          if (previous.some((e) => e.seq === event.seq)) return previous;
          const next = [event, ...previous];
          return next.length > MAX_EVENTS ? next.slice(0, MAX_EVENTS) : next;
        });
        onEventRef.current?.(event);
      });
      source.addEventListener('error', () => setConnected(false));
    };

    open();
    return () => source?.close();
  }, [eventsUrl]);

  return { events, connected };
}
