import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HeartbeatLoop } from '@/lib/shared/heartbeat-loop';

describe("a phone's heartbeats", () => {
  let visible = true;
  let beats: number[] = [];
  let answer = true;
  const loop = () =>
    new HeartbeatLoop({
      everyMs: 3_000,
      beat: async () => {
        beats.push(Date.now());
        return answer;
      },
      visible: () => visible,
    });

  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
    visible = true;
    beats = [];
    answer = true;
  });
  afterEach(() => vi.useRealTimers());

  it('renew at once, then every TTL/3 while the page is visible', async () => {
    loop().start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(beats).toEqual([0, 3_000, 6_000, 9_000]);
  });

  it('stop while the page is hidden, and renew at once when it shows again', async () => {
    const l = loop();
    l.start();
    await vi.advanceTimersByTimeAsync(4_000);
    visible = false;
    l.visibilityChanged();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(beats).toEqual([0, 3_000]);
    visible = true;
    l.visibilityChanged();
    await vi.advanceTimersByTimeAsync(3_500);
    expect(beats).toEqual([0, 3_000, 24_000, 27_000]);
  });

  it('stop for good once a renewal says there is nothing to renew', async () => {
    const l = loop();
    l.start();
    await vi.advanceTimersByTimeAsync(3_500);
    answer = false;
    await vi.advanceTimersByTimeAsync(3_000);
    l.visibilityChanged();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(beats).toEqual([0, 3_000, 6_000]);
  });

  it('keep going after a failed request', async () => {
    let fail = true;
    const l = new HeartbeatLoop({
      everyMs: 3_000,
      beat: async () => {
        beats.push(Date.now());
        if (fail) throw new Error('offline');
        return true;
      },
      visible: () => true,
    });
    l.start();
    await vi.advanceTimersByTimeAsync(100);
    fail = false;
    await vi.advanceTimersByTimeAsync(6_000);
    expect(beats).toEqual([0, 3_000, 6_000]);
    l.stop();
  });
});
