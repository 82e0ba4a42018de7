import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventLog } from '@/lib/events/event-log';
import type { KeyChange, WatchHandle } from '@/lib/etcd/watch';
import type { KeyBook, LeaseBook } from '@/lib/sampler/key-watcher';

// The key watch's reopening on fake timers, with the etcd watch replaced by a hand-driven one:
// when a watch is asked of etcd, from which revision, and which opening's events count. What etcd
// streams is the integration tests' (test/integration/watch-catch-up.test.ts).

type Opening = {
  from: Map<string, string>;
  onChange: (change: KeyChange) => void;
  closed: boolean;
  open(): void;
  refuse(message: string): void;
};

const etcd = vi.hoisted(() => ({ openings: [] as Opening[] }));

vi.mock('@/lib/etcd/watch', () => ({
  watchKeys: (
    _prefixes: string[],
    handlers: { onChange: (change: KeyChange) => void },
    from: ReadonlyMap<string, string>,
  ): Promise<WatchHandle> =>
    new Promise((resolve, reject) => {
      const opening: Opening = {
        from: new Map(from),
        onChange: handlers.onChange,
        closed: false,
        open: () =>
          resolve({
            close: async () => {
              opening.closed = true;
            },
          }),
        refuse: (message) => reject(new Error(message)),
      };
      etcd.openings.push(opening);
    }),
}));

const { KeyWatcher } = await import('@/lib/sampler/key-watcher');

const LEASE = '0000694d9a5b1c2d';

function watcher() {
  const events = new EventLog();
  const book: LeaseBook = {
    lease: () => null,
    refresh: async () => null,
    isBeingRevoked: () => false,
  };
  const keys: KeyBook = {
    leaseOfKey: () => undefined,
    keyDeleted: () => undefined,
    editKey: () => true,
    gone: () => undefined,
  };
  const watch = new KeyWatcher(book, keys, events, ['/app/']);
  const puts = () => events.since(0).filter((e) => e.kind === 'key-put');
  return { watch, events, puts };
}

const put = (key: string, revision: number): KeyChange => ({
  type: 'put',
  key,
  lease: LEASE,
  revision: String(revision),
  prefix: '/app/',
});

/** The nth watch asked of etcd. */
function opening(n: number): Opening {
  const found = etcd.openings[n];
  if (!found) throw new Error(`no opening ${n}: ${etcd.openings.length} so far`);
  return found;
}

const endpointUp = (events: EventLog) =>
  events.add({ kind: 'endpoint-up', lease: null, text: 'endpoint answers again' });

beforeEach(() => {
  vi.useFakeTimers();
  etcd.openings.length = 0;
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('KeyWatcher', () => {
  it('asks again a second after etcd refuses the watch, and says the same failure once', async () => {
    const { watch } = watcher();
    watch.start();
    opening(0).refuse('permission denied');
    await vi.advanceTimersByTimeAsync(999);
    expect(etcd.openings).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(etcd.openings).toHaveLength(2);
    opening(1).refuse('permission denied');
    await vi.advanceTimersByTimeAsync(1000);
    opening(2).open();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(etcd.openings).toHaveLength(3);
    expect(console.error).toHaveBeenCalledTimes(1);
  });

  it('stopped, it asks no more, and closes a watch etcd opens after the stop', async () => {
    const { watch } = watcher();
    watch.start();
    opening(0).refuse('etcd did not answer');
    await vi.advanceTimersByTimeAsync(500);
    watch.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(etcd.openings).toHaveLength(1);

    // Stopped before etcd's refusal arrives: no retry either.
    watch.start();
    watch.stop();
    opening(1).refuse('etcd did not answer');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(etcd.openings).toHaveLength(2);

    watch.start();
    watch.stop();
    opening(2).open();
    await vi.advanceTimersByTimeAsync(0);
    expect(opening(2).closed).toBe(true);
  });

  it('reopens at once when an endpoint answers again, after the last revision heard, and ignores the old watch', async () => {
    const { watch, events, puts } = watcher();
    watch.start();
    opening(0).open();
    await vi.advanceTimersByTimeAsync(0);
    opening(0).onChange(put('/app/a', 41));
    await vi.advanceTimersByTimeAsync(0);
    expect(puts()).toHaveLength(1);

    endpointUp(events);
    expect(etcd.openings).toHaveLength(2);
    expect(opening(1).from).toEqual(new Map([['/app/', '42']]));
    expect(opening(0).closed).toBe(true);
    opening(0).onChange(put('/app/late', 43));
    await vi.advanceTimersByTimeAsync(0);
    expect(puts()).toHaveLength(1);
  });

  it('reopening while a retry waits asks once, not again when the retry was due', async () => {
    const { watch, events } = watcher();
    watch.start();
    opening(0).refuse('etcd did not answer');
    await vi.advanceTimersByTimeAsync(500);
    endpointUp(events);
    expect(etcd.openings).toHaveLength(2);
    opening(1).open();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(etcd.openings).toHaveLength(2);
  });

  it('an opening already replaced by a reopen that fails later schedules no retry: the working watch stays', async () => {
    const { watch, events } = watcher();
    watch.start();
    endpointUp(events);
    expect(etcd.openings).toHaveLength(2);
    opening(1).open();
    await vi.advanceTimersByTimeAsync(0);
    opening(0).refuse('the old stream died');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(etcd.openings).toHaveLength(2);
    expect(opening(1).closed).toBe(false);
  });
});
