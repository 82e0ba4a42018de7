import 'server-only';
import type { LeaseSampler } from '@/lib/sampler/lease-sampler';
import { SLICE, breather } from '@/lib/sampler/map-limit';
import {
  DEFAULT_QUERY,
  addSummaries,
  firstLeases,
  matchesQuery,
  sortLeases,
  summarize,
} from '@/lib/shared/lease-query';
import type { LeaseQuery, LeaseSort, LeaseSummary, LeaseView } from '@/lib/shared/contract';
import type { HoldingKind } from '@/lib/shared/contract-holdings';
import { currentDashboard, slot } from '@/lib/dashboard/registry';

// The summary and order of every lease, derived once per change and shared by every viewer, since
// sorting for each viewer would cost more than sampling. While cheap (SYNC_DERIVE_MS) a request
// derives it at once; above that, in background slices, so requests never wait behind it.

export type Derived = {
  sampler: LeaseSampler;
  version: number;
  at: number;
  /** CPU time the derivation took, ms (sorting on demand adds to it) */
  costMs: number;
  total: number;
  summary: LeaseSummary;
  /** the page the query asks for, and how many leases match it */
  page(
    query: LeaseQuery,
    kindOf?: (lease: LeaseView) => HoldingKind,
  ): { page: LeaseView[]; matched: number };
};

/** Derive again after this even when nothing changed: the clock moves the summary's counts. */
const DERIVED_MAX_AGE_MS = 1000;
/**
 * Derive again only once this many times the last derivation's cost has passed, so deriving takes a
 * small share of a core; the counts and order then age with the lease count.
 */
const DERIVE_COST_FACTOR = 20;
/** A derivation that cost more than this (ms) runs in the background next time. */
export const SYNC_DERIVE_MS = 10;
const MAX_CACHED_QUERIES = 64;
/** Pages ending within this many leases are picked from the unsorted leases (see firstLeases). */
const FIRST_PAGES = 1000;
/** A background derivation also picks the first pages viewers asked for in this long. */
const ASKED_WITHIN_MS = 5000;

type FirstPage = { sort: LeaseSort; end: number; at: number };
type State = { current?: Derived; running?: Promise<void>; asked: Map<string, FirstPage> };

const DERIVED = slot<State>('api.derived-leases', () => ({ asked: new Map() }));

/** The current derivation for this sampler: derived now, or the last one while the next is made. */
export function derivedLeases(
  sampler: LeaseSampler,
  now: number,
  syncBelowMs = SYNC_DERIVE_MS,
): Derived {
  const state = currentDashboard().get(DERIVED);
  const last = state.current?.sampler === sampler ? state.current : undefined;
  if (last && !due(last, now)) return last;
  if (!last || last.costMs < syncBelowMs) {
    const started = performance.now();
    const next = derived(state, sampler, sampler.views(), now, new Map());
    next.costMs = performance.now() - started;
    return (state.current = next);
  }
  state.running ??= inSlices(state, sampler)
    .catch((e: unknown) => console.error('lease-dashboard: deriving the lease list failed', e))
    .finally(() => {
      state.running = undefined;
    });
  return last;
}

function due(last: Derived, now: number): boolean {
  const age = now - last.at;
  if (age < last.costMs * DERIVE_COST_FACTOR) return false;
  return age >= DERIVED_MAX_AGE_MS || last.version !== last.sampler.version;
}

async function inSlices(state: State, sampler: LeaseSampler): Promise<void> {
  let cost = 0;
  const add = (ms: number) => (cost += ms);
  await breather();
  const now = Date.now();
  const wanted = [...state.asked.values()].filter((a) => now - a.at < ASKED_WITHIN_MS);
  // The page every viewer opens on is picked every time, asked lately or not: the first viewer to
  // come back would otherwise pick it from every lease on the request path.
  const opening = { sort: DEFAULT_QUERY.sort, end: DEFAULT_QUERY.limit, at: now };
  if (!wanted.some((w) => pageKey(w.sort, w.end) === pageKey(opening.sort, opening.end)))
    wanted.push(opening);
  const picked = wanted.map(() => [] as LeaseView[]);
  const goneLastMinute = sampler.goneLastMinute(now);
  let summary: LeaseSummary | undefined;
  // Even the list of every lease is gathered a slice at a time: at once, it held the event loop.
  // Leases added or gone meanwhile are counted or not, as a derivation a moment later would.
  const views: LeaseView[] = [];
  let slice: LeaseView[] = [];
  const count = () => {
    const counted = summarize(slice, now, goneLastMinute);
    summary = summary ? addSummaries(summary, counted) : counted;
    // The first n of every slice hold the first n of all of them.
    wanted.forEach((w, i) => picked[i]?.push(...firstLeases(slice, w.sort, w.end)));
    for (const view of slice) views.push(view);
    slice = [];
  };
  let from = performance.now();
  for (const view of sampler.eachView()) {
    slice.push(view);
    if (slice.length < SLICE) continue;
    count();
    add(performance.now() - from);
    await breather();
    from = performance.now();
  }
  count();
  add(performance.now() - from);
  await breather();
  const firstPages = new Map<string, LeaseView[]>();
  timed(
    () =>
      wanted.forEach((w, i) =>
        firstPages.set(pageKey(w.sort, w.end), firstLeases(picked[i] ?? [], w.sort, w.end)),
      ),
    add,
  );
  const next = derived(state, sampler, views, now, firstPages, summary);
  next.costMs = cost;
  state.current = next;
}

const pageKey = (sort: LeaseSort, end: number) => `${sort}\n${end}`;

/** Runs `work` and tells `add` how many milliseconds it took. */
function timed<T>(work: () => T, add: (ms: number) => void): T {
  const from = performance.now();
  try {
    return work();
  } finally {
    add(performance.now() - from);
  }
}

function derived(
  state: State,
  sampler: LeaseSampler,
  views: LeaseView[],
  now: number,
  firstPages: Map<string, LeaseView[]>,
  summary?: LeaseSummary,
): Derived {
  const sorted = new Map<LeaseSort, LeaseView[]>();
  const filtered = new Map<string, LeaseView[]>();
  const result: Derived = {
    sampler,
    version: sampler.version,
    at: now,
    total: views.length,
    /** set by the caller, who knows what the derivation took */
    costMs: 0,
    summary: summary ?? summarize(views, now, sampler.goneLastMinute(now)),
    page(query, kindOf) {
      const end = query.offset + query.limit;
      const cost = <T>(work: () => T): T => timed(work, (ms) => (result.costMs += ms));
      // The first pages of every lease: picked, not sorted.
      if (!query.id && !query.key && !query.kind && end <= FIRST_PAGES) {
        const key = pageKey(query.sort, end);
        if (state.asked.size >= MAX_CACHED_QUERIES && !state.asked.has(key)) state.asked.clear();
        state.asked.set(key, { sort: query.sort, end, at: Date.now() });
        let first = firstPages.get(key);
        if (!first) firstPages.set(key, (first = cost(() => firstLeases(views, query.sort, end))));
        return { page: first.slice(query.offset, end), matched: views.length };
      }
      const all = sorted.get(query.sort) ?? cost(() => sortLeases(views, query.sort));
      sorted.set(query.sort, all);
      let hits = all;
      if (query.id || query.key || query.kind) {
        const key = `${query.sort}\n${query.id}\n${query.key}\n${query.kind}`;
        hits = filtered.get(key) ?? cost(() => all.filter((l) => matchesQuery(l, query, kindOf)));
        if (filtered.size >= MAX_CACHED_QUERIES) filtered.clear();
        filtered.set(key, hits);
      }
      return { page: hits.slice(query.offset, end), matched: hits.length };
    },
  };
  return result;
}
