import { beforeEach, describe, expect, it } from 'vitest';
import type { LeaseReading } from '@/lib/etcd/leases';
import { LeaseStore } from '@/lib/sampler/lease-store';
import { OwnActions } from '@/lib/sampler/own-actions';
import { FOCUS_READ_MS } from '@/lib/sampler/quick-reads';
import { FIRST_ROUND_READS, ROUND_SHARE } from '@/lib/sampler/read-plan';
import { RECENT_EVENT_MS, ReadPlanner } from '@/lib/sampler/read-planner';
import { STALENESS_BOUND_S } from '@/lib/sampler/read-policy';

// The read planner as the sampler uses it: viewers' marks, events, the cap, the measured pace and
// the reads between rounds, combined over a real lease store. Each rule alone has its own tests
// (read-plan, quick-reads, viewers); these check that the planner puts them together.

const T0 = 1_700_000_000_000;
const SESSIONS = '/lease-dashboard/election/leader/';
const idOf = (i: number) => i.toString(16).padStart(16, '0');

const reading = (i: number, over: Partial<LeaseReading> = {}): LeaseReading => ({
  id: idOf(i),
  grantedTTL: 3600,
  ttl: 3600,
  keys: [`/k/${i}`],
  keysHidden: null,
  readAt: T0,
  raftTerm: 2,
  ...over,
});

let store: LeaseStore;
let planner: ReadPlanner;

/** A store and planner wired as the sampler wires them, with `options` for the planner. */
function build(options: ConstructorParameters<typeof ReadPlanner>[1] = {}) {
  store = new LeaseStore({
    log: () => undefined,
    own: new OwnActions(),
    departed: () => undefined,
    keysEdited: (id, at) => planner.eventAt(id, at),
  });
  planner = new ReadPlanner(store, options);
}

beforeEach(() => build());

describe('the read planner', () => {
  it('reads what viewers show and what had an event every round, before the others', async () => {
    for (let i = 0; i < 100; i++) store.read(reading(i));
    const now = T0 + 1000;
    // Read a second ago, hours left: only the background pace reads any of them, the first few.
    const quiet = await planner.round(now, 0);
    expect(quiet.ids.length).toBeLessThan(100 / STALENESS_BOUND_S + 1);
    expect(quiet.ids).not.toContain(idOf(97));

    planner.viewed('a', [idOf(99)], now);
    planner.eventAt(idOf(98), now);
    store.editKey(idOf(97), '/k/new', true, now);
    const plan = await planner.round(now, 0);
    expect(plan.ids.slice(0, 3).sort()).toEqual([idOf(97), idOf(98), idOf(99)]);
    expect(plan.urgent).toBe(3);

    // The events' priority runs out; the viewer's mark lasts while the viewer keeps asking.
    const later = now + RECENT_EVENT_MS;
    planner.viewed('a', [idOf(99)], later);
    const after = await planner.round(later, 0);
    expect(after.ids).toContain(idOf(99));
    expect(after.ids).not.toContain(idOf(98));
    expect(after.ids).not.toContain(idOf(97));
  });

  it("reads within the operator's cap, else within the pace it measured", async () => {
    const ids = Array.from({ length: 3000 }, (_, i) => idOf(i));
    store.listing(new Set(ids), ids, T0);
    // Before any round is measured: a first round's worth of the leases never read.
    expect((await planner.round(T0, 0)).ids).toHaveLength(FIRST_ROUND_READS);
    planner.measured(1000, 1000);
    expect(planner.readsPerSecond).toBe(1000);
    expect((await planner.round(T0, 0)).ids).toHaveLength(Math.floor(1000 * ROUND_SHARE));
    // The round's LeaseLeases took part of the second: fewer reads fit.
    expect((await planner.round(T0, 0.2)).ids).toHaveLength(Math.floor(1000 * (ROUND_SHARE - 0.2)));

    build({ maxReadsPerSecond: 20 });
    store.listing(new Set(ids), ids, T0);
    const capped = await planner.round(T0, 0);
    expect(capped.ids).toHaveLength(20);
    expect(capped.capped).toBe(true);
  });

  it('reads between rounds a lease in focus as its reading ages and one about to expire, never a session', async () => {
    build({ sessionKeyPrefix: SESSIONS });
    store.read(reading(1));
    store.read(reading(2, { grantedTTL: 10, ttl: 3 }));
    store.read(reading(3, { grantedTTL: 2, ttl: 2, keys: [`${SESSIONS}3`] }));
    planner.viewed('a', [idOf(1)], T0, true);
    const figures = await planner.roundEnded(T0);
    expect(figures).toMatchObject({ unread: 0, maxStalenessMs: 0, gone: [] });

    expect(planner.betweenRounds(T0 + FOCUS_READ_MS - 1)).toEqual([]);
    expect(planner.betweenRounds(T0 + FOCUS_READ_MS)).toEqual([idOf(1)]);
    // Under two seconds left: the lease about to expire too, but not the replica's session.
    expect(planner.betweenRounds(T0 + 1500).sort()).toEqual([idOf(1), idOf(2)]);
  });
});
