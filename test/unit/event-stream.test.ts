import { describe, expect, it } from 'vitest';
import { EventLog } from '@/lib/events/event-log';
import { MAX_OWED_BYTES, eventStream } from '@/lib/events/event-stream';

// The live event stream for one client, without a server: what a page is sent when it connects,
// and what happens to a client that stops reading.

const event = (n: number) => ({
  kind: 'key-put' as const,
  lease: '694d9a1b2c3d4e5f',
  key: `/k/${n}`,
  text: `Key /k/${n} put with lease 694d9a1b2c3d4e5f ${'x'.repeat(1000)}`,
});

const open = (log: EventLog) =>
  eventStream(log, {
    hello: { run: 'r', resumed: false },
    after: 0,
    backlog: 300,
    signal: new AbortController().signal,
  });

describe('the event stream', () => {
  it('sends a new page at most 256 KB of the past, the newest events', async () => {
    const log = new EventLog();
    for (let n = 0; n < 2000; n++) log.add(event(n));
    const reader = open(log).getReader();
    let bytes = 0;
    let text = '';
    for (;;) {
      const { value } = await Promise.race([
        reader.read(),
        new Promise<{ value: undefined }>((r) => setTimeout(() => r({ value: undefined }), 50)),
      ]);
      if (!value) break;
      bytes += value.length;
      text += new TextDecoder().decode(value);
    }
    expect(bytes).toBeLessThanOrEqual(256 * 1024 + 200);
    expect(text).toContain('id: 2000\n');
    expect(text).not.toContain('id: 1700\n');
    await reader.cancel();
  });

  it('drops a client that stops reading once it is owed 1 MiB, and lets go of the log', async () => {
    const log = new EventLog();
    const stream = open(log);
    const reader = stream.getReader();
    await reader.read(); // the greeting: the client read that much, then stalled
    let sent = 0;
    while (sent < 2 * MAX_OWED_BYTES) {
      log.add(event(sent));
      sent += 1100;
    }
    await expect(reader.read()).rejects.toThrow('the client stopped reading its events');
    expect(log.listenerCount).toBe(0);
  });
});
