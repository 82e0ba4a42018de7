import { afterEach, describe, expect, it, vi } from 'vitest';
import { FindingsEngine, SLICE, type FindingSources } from '@/lib/findings/findings-engine';
import { MAX_FINDING_EXAMPLES } from '@/lib/shared/contract-findings';
import type { LeaseFacts } from '@/lib/findings/lease-rules';
import type { LeaseEvent } from '@/lib/shared/contract';
import { render } from '@/lib/shared/i18n';
import { english } from '@/lib/shared/english';
import { THRESHOLDS, T0, alive, facts } from './findings-fixtures';

// The engine over plain sources: its findings in order, examples capped and paged, judged at most
// once a second, `since` kept while a finding lasts, and read-only mode taking the actions away.

const HOUR = 3600_000;

function engine(
  leases: LeaseFacts[],
  extra: Partial<FindingSources> = {},
  th = THRESHOLDS,
  off = false,
) {
  const state = { leases, readOnly: false, events: [] as LeaseEvent[] };
  const sources: FindingSources = {
    leases: () => state.leases,
    lease: (id) => state.leases.find((l) => l.view.id === id)?.view ?? null,
    groups: () => [],
    events: () => state.events,
    keptAlive: () => false,
    readOnly: () => state.readOnly,
    ...extra,
  };
  return { state, engine: new FindingsEngine(sources, th, { growthWindowMs: 60_000, off }) };
}

const leaked = (n: number) => Array.from({ length: n }, () => facts(alive({ firstSeenAt: T0 })));

describe('the findings engine', () => {
  it('finds nothing when all is well', () => {
    const { engine: e } = engine([facts(alive({ keys: ['/a'] }))]);
    expect(e.response(T0 + 2 * HOUR)).toMatchObject({ findings: [], leases: 1 });
  });

  it('caps the examples at 20 and pages through the rest', () => {
    const { engine: e } = engine(leaked(45));
    const now = T0 + 2 * HOUR;
    const [finding] = e.response(now).findings;
    expect(finding).toMatchObject({
      kind: 'leaked',
      severity: 'warning',
      count: 45,
      actionable: true,
      since: now,
      source: { url: 'https://github.com/etcd-io/etcd/issues/14019' },
    });
    expect(finding?.examples).toHaveLength(MAX_FINDING_EXAMPLES);
    expect(finding?.confirm).toBe(`etcdctl lease timetolive --keys ${finding?.examples[0]?.lease}`);
    expect(render(english, finding?.summary)).toBe(
      '45 leases have no keys and have been seen for longer than 1h, not kept alive by this dashboard: probably leaked by a client that never revoked them',
    );
    const page3 = e.page('leaked', 3, now);
    expect(page3).toMatchObject({ kind: 'leaked', page: 3, pageSize: 20, total: 45 });
    expect(page3.examples).toHaveLength(5);
    expect(e.page('heavy', 1, now)).toMatchObject({ total: 0, examples: [] });
  });

  it('judges at most once a second, keeps `since` while the finding lasts, and clears it', () => {
    const { engine: e, state } = engine(leaked(2));
    const first = T0 + 2 * HOUR;
    expect(e.response(first).findings[0]?.count).toBe(2);
    state.leases = leaked(3);
    expect(e.response(first + 999).findings[0]?.count).toBe(2);
    expect(e.response(first + 1000).findings[0]).toMatchObject({ count: 3, since: first });
    state.leases = [];
    expect(e.response(first + 2000).findings).toEqual([]);
    state.leases = leaked(1);
    expect(e.response(first + 3000).findings[0]?.since).toBe(first + 3000);
  });

  it('puts the most severe first, and takes the actions away in read-only mode', () => {
    const heavy = facts(alive({ keys: ['/k'], keyCount: 5000 }));
    const refreshed = facts(alive({ keys: ['/r'] }), {
      lastRefresh: { at: T0 + 2 * HOUR, how: 'refreshed', before: 1, after: 60 },
    });
    const { engine: e, state } = engine([refreshed, heavy, ...leaked(2)]);
    const now = T0 + 2 * HOUR;
    expect(e.response(now).findings.map((f) => [f.kind, f.severity, f.count])).toEqual([
      ['leaked', 'warning', 2],
      ['heavy', 'warning', 1],
      ['refreshed-by-leader-change', 'info', 1],
    ]);
    state.readOnly = true;
    expect(e.response(now + 1000).findings.every((f) => !f.actionable)).toBe(true);
    expect(e.actionable('leaked')).toBe(false);
  });

  it('says whether a leader change found checkpointing on', () => {
    const refreshed = (how: 'refreshed' | 'restored') =>
      facts(alive(), { lastRefresh: { at: T0, how, before: 20, after: 60 } });
    const { engine: e, state } = engine([refreshed('refreshed'), refreshed('refreshed')]);
    let at = T0;
    const said = () => render(english, e.response((at += 1000)).findings[0]?.summary);
    expect(said()).toContain('before it they had 40 s left in all, at most 20 s');
    expect(said()).toContain('lease checkpointing looks off');
    state.leases.push(refreshed('restored'));
    expect(said()).toContain('checkpointing is on for long leases');
  });

  it('finds growth over its window, with the rate', () => {
    const { engine: e, state } = engine([]);
    for (let s = 0; s <= 60; s++) {
      state.leases = Array.from({ length: 10 + 2 * s }, (_, i) =>
        facts(alive({ keys: [`/jobs/${i}`], firstSeenAt: T0 + i * 500 })),
      );
      e.judge(T0 + s * 1000);
    }
    const growth = e.response(T0 + 61_000).findings.find((f) => f.kind === 'growth');
    expect(growth?.count).toBeGreaterThanOrEqual(100);
    expect(render(english, growth?.summary)).toMatch(
      /rose by about 120 a minute .*most under \/jobs\//,
    );
  });

  it('sees no growth in the first reads after a start, only after every lease was read once', () => {
    const { engine: e, state } = engine([]);
    const all = Array.from({ length: 300 }, (_, i) => alive({ keys: [`/jobs/${i}`] }));
    // Listed at once, read a few a second: the alive count climbs while nothing is granted.
    for (let s = 0; s <= 60; s++) {
      state.leases = all.map((view, i) =>
        facts(
          i < s * 5
            ? view
            : {
                status: 'unread',
                id: view.id,
                firstSeenAt: T0,
                keepAlive: null,
                readFailure: null,
              },
        ),
      );
      e.judge(T0 + s * 1000);
    }
    expect(e.response(T0 + 61_000).findings.map((f) => f.kind)).not.toContain('growth');
  });

  it('counts its judgements and the time they took, once per judgement', () => {
    const { engine: e } = engine(leaked(3));
    expect(e.totals()).toEqual({ judgements: 0, seconds: 0 });
    e.response(T0);
    e.response(T0 + 500);
    e.response(T0 + 1000);
    expect(e.totals().judgements).toBe(2);
    expect(e.totals().seconds).toBeGreaterThan(0);
  });

  it('judges nothing when switched off, and says so', () => {
    const { engine: e } = engine(leaked(3), {}, THRESHOLDS, true);
    expect(e.response(T0 + 2 * HOUR)).toMatchObject({ findings: [], leases: 0, off: true });
    expect(e.leasesOf('leaked', T0 + 2 * HOUR)).toEqual([]);
    expect(e.totals().judgements).toBe(0);
  });

  describe('started', () => {
    const FAKED: NonNullable<Parameters<typeof vi.useFakeTimers>[0]>['toFake'] = [
      'setTimeout',
      'clearTimeout',
      'setImmediate',
      'Date',
      'performance',
    ];
    afterEach(() => vi.useRealTimers());

    it('judges in the background, in slices, and answers from the last judgement meanwhile', async () => {
      vi.useFakeTimers({ now: T0 + 2 * HOUR, toFake: FAKED });
      const many = 2 * SLICE + 1;
      const { engine: e, state } = engine(leaked(many));
      e.start();
      expect(e.totals().judgements).toBe(1);
      expect(e.response().findings[0]?.count).toBe(many);
      state.leases = leaked(many + 5);
      expect(e.response().findings[0]?.count).toBe(many);
      // The next judgement starts a second later and stops after each slice for the event loop.
      vi.advanceTimersByTime(1000);
      expect(e.totals().judgements).toBe(1);
      expect(e.response().findings[0]?.count).toBe(many);
      for (let slice = 0; slice < 3; slice++) await vi.advanceTimersByTimeAsync(1);
      expect(e.totals().judgements).toBe(2);
      expect(e.response().findings[0]?.count).toBe(many + 5);
      e.stop();
      await vi.advanceTimersByTimeAsync(5000);
      expect(e.totals().judgements).toBe(2);
    });

    it('judges less often when a judgement costs more than a twentieth of a second', async () => {
      vi.useFakeTimers({ now: T0 + 2 * HOUR, toFake: FAKED });
      const { engine: e } = engine(leaked(3), {
        // Each judgement's pass takes 100 ms of the main thread.
        keptAlive: () => {
          vi.advanceTimersByTime(100 / 3);
          return false;
        },
      });
      e.start();
      await vi.advanceTimersByTimeAsync(1000);
      expect(e.totals().judgements).toBe(2);
      // That one took 100 ms: the next waits 2 s from its end.
      await vi.advanceTimersByTimeAsync(1900);
      expect(e.totals().judgements).toBe(2);
      await vi.advanceTimersByTimeAsync(200);
      expect(e.totals().judgements).toBe(3);
      e.stop();
    });
  });
});
