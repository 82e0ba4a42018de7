import { describe, expect, it } from 'vitest';
import { EventLog } from '@/lib/events/event-log';

describe('EventLog', () => {
  it('numbers events in order and tells listeners at once', () => {
    const log = new EventLog();
    const heard: number[] = [];
    const stop = log.subscribe((e) => heard.push(e.seq));
    log.add({ kind: 'lease-granted', lease: 'a', text: 'one' });
    log.add({ kind: 'key-put', lease: 'a', key: '/k', text: 'two' });
    stop();
    log.add({ kind: 'lease-expired', lease: 'a', text: 'three' });
    expect(heard).toEqual([1, 2]);
    expect(log.since(1).map((e) => e.text)).toEqual(['two', 'three']);
    expect(log.lastSeq).toBe(3);
  });

  it('keeps only the newest events', () => {
    const log = new EventLog(3);
    for (let i = 1; i <= 10; i++) log.add({ kind: 'lease-renewed', lease: 'a', text: String(i) });
    expect(log.size).toBe(3);
    expect(log.since(0).map((e) => e.seq)).toEqual([8, 9, 10]);
  });

  it("filters one lease's events, keeping cluster-wide ones", () => {
    const log = new EventLog();
    log.add({ kind: 'lease-granted', lease: 'a', text: 'a' });
    log.add({ kind: 'lease-granted', lease: 'b', text: 'b' });
    log.add({ kind: 'leader-changed', lease: null, text: 'leader' });
    expect(log.forLease('a').map((e) => e.text)).toEqual(['a', 'leader']);
  });

  it('keeps going when a listener throws', () => {
    const log = new EventLog();
    const heard: string[] = [];
    log.subscribe(() => {
      throw new Error('broken listener');
    });
    log.subscribe((e) => heard.push(e.text));
    const quiet = console.error;
    console.error = () => undefined;
    try {
      log.add({ kind: 'lease-granted', lease: 'a', text: 'still heard' });
    } finally {
      console.error = quiet;
    }
    expect(heard).toEqual(['still heard']);
  });
});
