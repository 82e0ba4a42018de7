import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Contender } from '@/lib/shared/contract-holdings';
import type { LeaseView } from '@/lib/shared/contract';

// When the lock and election reader reads a group again, on fake timers, with the range read
// replaced by a recorder: which groups would be read from etcd at which tick. The bookkeeping of
// groups is ./contention.test.ts's; what etcd answers, the holdings integration tests'.

type Read = { group: string; at: number; answer(contenders: Contender[]): void; fail(): void };

const etcd = vi.hoisted(() => ({ reads: [] as Read[], autoAnswer: true }));

vi.mock('@/lib/etcd/contenders', () => ({
  readContenders: (group: string) =>
    new Promise<{ contenders: Contender[]; more: boolean }>((resolve, reject) => {
      const read: Read = {
        group,
        at: Date.now(),
        answer: (contenders) => resolve({ contenders, more: false }),
        fail: () => reject(new Error('etcd did not answer')),
      };
      etcd.reads.push(read);
      if (etcd.autoAnswer) read.answer([]);
    }),
}));

const { Contention, TICK_MS, STALE_MS, READS_PER_TICK } = await import('@/lib/sampler/contention');

const A = '0000694d9a5b1c2d';
const B = '00000000000007d1';
/** A clientv3 lock key `<name>/<lease in unpadded hex>`, on its own lease. */
const lockKey = (name: string, lease: string) => `${name}/${lease.replace(/^0+/, '')}`;
const contender = (name: string, lease: string): Contender => ({
  lease,
  key: lockKey(name, lease),
  createRevision: '7',
  value: '',
});

const leases = new Map<string, LeaseView>();
const readsOf = (group: string) => etcd.reads.filter((r) => r.group === group).length;

function started() {
  const contention = new Contention((id) => leases.get(id) ?? null);
  contention.start();
  return contention;
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
  etcd.reads.length = 0;
  etcd.autoAnswer = true;
  leases.clear();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('Contention reads', () => {
  it('reads a new group at the next tick, then not again until its reading is STALE_MS old', async () => {
    const contention = started();
    contention.added(lockKey('/jobs/x', A), A);
    await vi.advanceTimersByTimeAsync(TICK_MS);
    expect(readsOf('/jobs/x/')).toBe(1);
    expect(contention.reading('/jobs/x/')).toEqual({ contenders: [], readAt: 1_000_000 + TICK_MS });
    await vi.advanceTimersByTimeAsync(STALE_MS - TICK_MS);
    expect(readsOf('/jobs/x/')).toBe(1);
    await vi.advanceTimersByTimeAsync(TICK_MS);
    expect(readsOf('/jobs/x/')).toBe(2);
    contention.stop();
  });

  it('readSoon reads a known group again within a tick, and reads no unknown group', async () => {
    const contention = started();
    contention.added(lockKey('/jobs/x', A), A);
    await vi.advanceTimersByTimeAsync(TICK_MS);
    contention.readSoon('/jobs/x/');
    contention.readSoon('/jobs/y/');
    await vi.advanceTimersByTimeAsync(TICK_MS);
    expect(readsOf('/jobs/x/')).toBe(2);
    expect(readsOf('/jobs/y/')).toBe(0);
    await vi.advanceTimersByTimeAsync(10 * TICK_MS);
    expect(readsOf('/jobs/x/')).toBe(2);
    contention.stop();
  });

  it('a key joining or leaving a group has it read at the next tick', async () => {
    const contention = started();
    contention.added(lockKey('/jobs/x', A), A);
    await vi.advanceTimersByTimeAsync(TICK_MS);
    contention.added(lockKey('/jobs/x', B), B);
    await vi.advanceTimersByTimeAsync(TICK_MS);
    contention.removed(lockKey('/jobs/x', A), A);
    await vi.advanceTimersByTimeAsync(TICK_MS);
    expect(etcd.reads.map((r) => r.at - 1_000_000)).toEqual([TICK_MS, 2 * TICK_MS, 3 * TICK_MS]);
    contention.stop();
  });

  it('reads again a group whose contender lost its lease, until etcd no longer lists it', async () => {
    const contention = started();
    etcd.autoAnswer = false;
    contention.added(lockKey('/jobs/x', A), A);
    await vi.advanceTimersByTimeAsync(TICK_MS);
    etcd.reads[0]?.answer([contender('/jobs/x', A)]);
    await vi.advanceTimersByTimeAsync(TICK_MS);
    expect(readsOf('/jobs/x/')).toBe(1);

    leases.set(A, {
      status: 'expired',
      id: A,
      firstSeenAt: 0,
      keepAlive: null,
      grantedTTL: 5,
      readAt: 0,
      goneAt: Date.now(),
      deletedKeys: [],
      deletedKeyCount: 0,
    });
    await vi.advanceTimersByTimeAsync(TICK_MS);
    expect(readsOf('/jobs/x/')).toBe(2);
    etcd.reads[1]?.answer([]);
    await vi.advanceTimersByTimeAsync(10 * TICK_MS);
    expect(readsOf('/jobs/x/')).toBe(2);
    contention.stop();
  });

  it('a failed read keeps the last reading and is tried again a second later, not every tick', async () => {
    const contention = started();
    etcd.autoAnswer = false;
    contention.added(lockKey('/jobs/x', A), A);
    await vi.advanceTimersByTimeAsync(TICK_MS);
    etcd.reads[0]?.answer([contender('/jobs/x', A)]);
    contention.readSoon('/jobs/x/');
    await vi.advanceTimersByTimeAsync(TICK_MS);
    etcd.reads[1]?.fail();
    await vi.advanceTimersByTimeAsync(1000 - TICK_MS);
    expect(readsOf('/jobs/x/')).toBe(2);
    expect(contention.reading('/jobs/x/')?.contenders).toEqual([contender('/jobs/x', A)]);
    await vi.advanceTimersByTimeAsync(TICK_MS);
    expect(readsOf('/jobs/x/')).toBe(3);
    contention.stop();
  });

  it('reads at most READS_PER_TICK groups a tick, and never starts a tick while one is reading', async () => {
    const contention = started();
    etcd.autoAnswer = false;
    const names = Array.from({ length: READS_PER_TICK + 2 }, (_, i) => `/jobs/g${i}`);
    for (const name of names) contention.added(lockKey(name, A), A);
    await vi.advanceTimersByTimeAsync(TICK_MS);
    expect(etcd.reads).toHaveLength(READS_PER_TICK);
    // etcd is slow: the ticks meanwhile read nothing more.
    await vi.advanceTimersByTimeAsync(4 * TICK_MS);
    expect(etcd.reads).toHaveLength(READS_PER_TICK);
    for (const read of etcd.reads) read.answer([]);
    await vi.advanceTimersByTimeAsync(TICK_MS);
    expect(etcd.reads.map((r) => r.group).sort()).toEqual(names.map((n) => `${n}/`).sort());
    contention.stop();
  });

  it('stopped, it reads nothing', async () => {
    const contention = started();
    contention.stop();
    contention.added(lockKey('/jobs/x', A), A);
    await vi.advanceTimersByTimeAsync(STALE_MS);
    expect(etcd.reads).toHaveLength(0);
  });
});
