import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HeartbeatLoop, type BeatOutcome } from '@/lib/shared/heartbeat-loop';

describe("a phone's heartbeats", () => {
  let visible = true;
  let beats: number[] = [];
  /** what the next beats answer; an Error is thrown, as a request that failed */
  let answer: BeatOutcome | Error = 'done';
  const loop = () =>
    new HeartbeatLoop({
      everyMs: 3_000,
      beat: async () => {
        beats.push(Date.now());
        if (answer instanceof Error) throw answer;
        return answer;
      },
      visible: () => visible,
    });

  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
    visible = true;
    beats = [];
    answer = 'done';
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
    answer = 'stop';
    await vi.advanceTimersByTimeAsync(3_000);
    l.visibilityChanged();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(beats).toEqual([0, 3_000, 6_000]);
  });

  it('try a failed renewal again soon, less soon each time, up to TTL/3; then on schedule', async () => {
    answer = new Error('offline');
    const l = loop();
    l.start();
    await vi.advanceTimersByTimeAsync(9_500);
    // 1 s, 2 s, then TTL/3 at most.
    expect(beats).toEqual([0, 1_000, 3_000, 6_000, 9_000]);
    answer = 'done';
    await vi.advanceTimersByTimeAsync(6_000);
    expect(beats).toEqual([0, 1_000, 3_000, 6_000, 9_000, 12_000, 15_000]);
    l.stop();
  });

  it('try again soon after an answer that may pass (a busy etcd, a limit), as after a failed request', async () => {
    const l = loop();
    l.start();
    await vi.advanceTimersByTimeAsync(3_500);
    answer = 'retry';
    await vi.advanceTimersByTimeAsync(3_000);
    answer = 'done';
    await vi.advanceTimersByTimeAsync(4_000);
    expect(beats).toEqual([0, 3_000, 6_000, 7_000, 10_000]);
    l.stop();
  });
});
