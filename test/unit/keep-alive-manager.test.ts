import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventLog } from '@/lib/events/event-log';
import type { KeepAliveIntent } from '@/lib/keep-alive/intents';
import {
  KeepAliveManager,
  RETRY_MS,
  type LeaseReader,
  type Renewer,
} from '@/lib/keep-alive/keep-alive-manager';
import type { LeaseView, RevokedLease } from '@/lib/shared/contract';
import { DashboardError, asIs } from '@/lib/shared/errors';

// The keep-alive manager's schedule on fake timers, with its way to etcd replaced by a recorder:
// when renewals would be sent, what a caller sees of them, and when they stop. That etcd keeps a
// lease alive through them is the integration tests' (test/integration/keep-alive.test.ts).

const ID = '0000694d9a5b1c2d';

/** The renewer's etcd side: what was sent when, and what etcd answers (a granted TTL, or an error). */
function fakeEtcd() {
  const sent: { at: number; fresh: boolean }[] = [];
  const recorded: KeepAliveIntent[] = [];
  const forgotten: string[] = [];
  const state = {
    answer: (): number | Error => 9,
    intents: (): KeepAliveIntent[] | Error => [],
    streamClosed: false,
  };
  const renewer: Renewer = {
    renew: async (_id, options) => {
      sent.push({ at: Date.now(), fresh: options?.fresh ?? false });
      const answer = state.answer();
      if (answer instanceof Error) throw answer;
      return answer;
    },
    closeKeepAliveStream: () => {
      state.streamClosed = true;
    },
    recordKeepAlive: async (intent) => {
      recorded.push(intent);
    },
    forgetKeepAlive: async (id) => {
      forgotten.push(id);
    },
    keptAlive: async () => {
      const intents = state.intents();
      if (intents instanceof Error) throw intents;
      return intents;
    },
  };
  /** ms after the start at which renewals were sent */
  const times = () => sent.map((s) => s.at);
  return { renewer, sent, times, recorded, forgotten, state };
}

const seen = new Map<string, LeaseView>();
const sampler: LeaseReader = {
  lease: (id) => seen.get(id) ?? null,
  refresh: async (id) => seen.get(id) ?? null,
};

function manager() {
  const etcd = fakeEtcd();
  const events = new EventLog();
  const keepAlive = new KeepAliveManager(sampler, events, etcd.renewer);
  const logged = (kind: string) => events.since(0).filter((e) => e.kind === kind);
  return { etcd, events, keepAlive, logged };
}

const unavailable = () => new DashboardError('etcd_unavailable', asIs('etcd did not answer'));
const gone = () => new DashboardError('lease_not_found', asIs(`lease ${ID} not found`));

const revokedElsewhere = (): RevokedLease => ({
  status: 'revoked',
  revokedBy: 'other-client',
  id: ID,
  firstSeenAt: 0,
  keepAlive: null,
  grantedTTL: 9,
  readAt: 0,
  goneAt: Date.now(),
  deletedKeys: [],
  deletedKeyCount: 0,
});

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
  seen.clear();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('KeepAliveManager', () => {
  it('renews at once, then at the chosen share of the granted TTL after each renewal', async () => {
    const { etcd, keepAlive } = manager();
    const view = await keepAlive.start(ID, 'third');
    expect(view).toMatchObject({ on: true, renewals: 1, nextRenewalAt: 3000 });
    await vi.advanceTimersByTimeAsync(2999);
    expect(etcd.times()).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(etcd.times()).toEqual([0, 3000]);
    await vi.advanceTimersByTimeAsync(6000);
    expect(etcd.times()).toEqual([0, 3000, 6000, 9000]);
    expect(keepAlive.view(ID)).toMatchObject({ renewals: 4, lastRenewalAt: 9000 });

    // etcd answers with the TTL the lease was granted: the next gap follows it.
    etcd.state.answer = () => 30;
    await vi.advanceTimersByTimeAsync(3000);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(etcd.times()).toEqual([0, 3000, 6000, 9000, 12_000, 22_000]);
  });

  it('renews at 3/4 of the TTL on that schedule', async () => {
    const { etcd, keepAlive } = manager();
    await keepAlive.start(ID, 'three-quarters');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(etcd.times()).toEqual([0, 6750, 13_500]);
  });

  it('a changed schedule counts from the last renewal, and is noted in etcd', async () => {
    const { etcd, keepAlive } = manager();
    etcd.state.answer = () => 12;
    await keepAlive.start(ID, 'third');
    expect(etcd.recorded).toEqual([{ id: ID, schedule: 'third', since: 0 }]);
    await vi.advanceTimersByTimeAsync(1000);
    const view = await keepAlive.start(ID, 'half');
    expect(view).toMatchObject({ schedule: 'half', nextRenewalAt: 6000 });
    expect(etcd.recorded.at(-1)).toEqual({ id: ID, schedule: 'half', since: 0 });
    await vi.advanceTimersByTimeAsync(11_000);
    expect(etcd.times()).toEqual([0, 6000, 12_000]);
  });

  it('two switch-ons at once send one first renewal and run one schedule', async () => {
    const { etcd, keepAlive } = manager();
    await Promise.all([keepAlive.start(ID, 'third'), keepAlive.start(ID, 'third')]);
    await vi.advanceTimersByTimeAsync(3000);
    expect(etcd.times()).toEqual([0, 3000]);
  });

  it('switched off, it sends nothing more and removes its note from etcd', async () => {
    const { etcd, keepAlive, logged } = manager();
    await keepAlive.start(ID, 'third');
    await vi.advanceTimersByTimeAsync(3500);
    const off = keepAlive.stop(ID);
    expect(off).toMatchObject({
      on: false,
      renewals: 2,
      stoppedAt: 3500,
      stopReason: {
        text: 'switched off from the dashboard',
        message: { key: 'keepAlive.reasons.switchedOff' },
      },
    });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(etcd.times()).toEqual([0, 3000]);
    expect(etcd.forgotten).toEqual([ID]);
    expect(logged('keep-alive-stopped')).toHaveLength(1);
  });

  it('when etcd says the lease is gone, it stops and says the lease was lost', async () => {
    const { etcd, keepAlive, logged } = manager();
    await keepAlive.start(ID, 'third');
    etcd.state.answer = gone;
    await vi.advanceTimersByTimeAsync(3000);
    expect(keepAlive.view(ID)).toMatchObject({
      on: false,
      stoppedAt: 3000,
      stopReason: {
        text: 'the lease was lost: etcd no longer has it (it expired or was revoked elsewhere)',
        message: { key: 'keepAlive.reasons.lost' },
      },
    });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(etcd.times()).toEqual([0, 3000]);
    expect(logged('keep-alive-stopped')).toHaveLength(1);
  });

  it('retries a failed renewal every RETRY_MS, says why meanwhile, and goes back to its schedule', async () => {
    const { etcd, keepAlive } = manager();
    await keepAlive.start(ID, 'third');
    etcd.state.answer = unavailable;
    await vi.advanceTimersByTimeAsync(3000 + 2 * RETRY_MS);
    expect(etcd.times()).toEqual([0, 3000, 3000 + RETRY_MS, 3000 + 2 * RETRY_MS]);
    expect(keepAlive.view(ID)).toMatchObject({
      on: true,
      renewals: 1,
      lastError: { code: 'etcd_unavailable', text: 'etcd did not answer' },
      nextRenewalAt: 3000 + 3 * RETRY_MS,
    });

    etcd.state.answer = () => 9;
    await vi.advanceTimersByTimeAsync(RETRY_MS);
    const back = 3000 + 3 * RETRY_MS;
    expect(keepAlive.view(ID)).toMatchObject({ renewals: 2, lastError: null, lastRenewalAt: back });
    await vi.advanceTimersByTimeAsync(3000);
    expect(etcd.times().slice(-2)).toEqual([back, back + 3000]);
  });

  it('a lease heard expiring while no renewal got through is lost "for N s", with the last error', async () => {
    const { etcd, events, keepAlive } = manager();
    await keepAlive.start(ID, 'third');
    etcd.state.answer = unavailable;
    await vi.advanceTimersByTimeAsync(10_000);
    events.add({ kind: 'lease-expired', lease: ID, text: `lease ${ID} expired` });
    expect(keepAlive.view(ID)).toMatchObject({
      on: false,
      stopReason: {
        text: 'the lease was lost: no renewal got through for 10 s, longer than its 9 s TTL (etcd did not answer)',
        message: { key: 'keepAlive.reasons.lostSilent' },
      },
    });
    const sent = etcd.times().length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(etcd.times()).toHaveLength(sent);
  });

  it('a lease another client revoked stops at once with that reason', async () => {
    const { etcd, events, keepAlive } = manager();
    await keepAlive.start(ID, 'third');
    await vi.advanceTimersByTimeAsync(1000);
    seen.set(ID, revokedElsewhere());
    events.add({ kind: 'lease-revoked', lease: ID, text: `lease ${ID} revoked` });
    expect(keepAlive.view(ID)).toMatchObject({
      on: false,
      stopReason: { text: 'the lease was revoked by another client' },
    });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(etcd.times()).toEqual([0]);
  });

  it('closed, it sends nothing more, closes the stream and keeps the notes for whoever resumes', async () => {
    const { etcd, keepAlive } = manager();
    await keepAlive.start(ID, 'third');
    keepAlive.close();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(etcd.times()).toEqual([0]);
    expect(etcd.state.streamClosed).toBe(true);
    expect(etcd.forgotten).toEqual([]);
  });

  it('resumes noted keep-alives with a fresh reading, and tries again shortly those etcd did not answer for', async () => {
    const { etcd, keepAlive } = manager();
    etcd.state.intents = unavailable;
    await keepAlive.resume();
    expect(etcd.sent).toEqual([]);

    const since = -60_000;
    etcd.state.intents = () => [{ id: ID, schedule: 'half', since }];
    etcd.state.answer = unavailable;
    await vi.advanceTimersByTimeAsync(2000);
    expect(etcd.sent).toEqual([{ at: 2000, fresh: true }]);

    etcd.state.answer = () => 9;
    await vi.advanceTimersByTimeAsync(2000);
    expect(etcd.sent.at(-1)).toEqual({ at: 4000, fresh: true });
    expect(keepAlive.view(ID)).toMatchObject({ on: true, schedule: 'half', startedAt: since });
    // Resumed, it is not noted again, and runs on its schedule.
    expect(etcd.recorded).toEqual([]);
    await vi.advanceTimersByTimeAsync(4500);
    expect(etcd.times()).toEqual([2000, 4000, 8500]);
  });

  it('drops a noted keep-alive whose lease is gone instead of retrying it', async () => {
    const { etcd, keepAlive, logged } = manager();
    etcd.state.intents = () => [{ id: ID, schedule: 'third', since: 0 }];
    etcd.state.answer = gone;
    await keepAlive.resume();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(etcd.times()).toEqual([0]);
    expect(etcd.forgotten).toEqual([ID]);
    expect(keepAlive.view(ID)).toBeNull();
    expect(logged('keep-alive-stopped')).toHaveLength(1);
  });
});
