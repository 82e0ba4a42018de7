import 'server-only';
import { getMonitor } from '@/lib/server';
import { SLICE, breather } from '@/lib/sampler/map-limit';
import { HOLDING_KINDS, holdingKind } from '@/lib/shared/holdings';
import type { HoldingKind, HoldingsResponse } from '@/lib/shared/contract-holdings';
import { currentDashboard, slot } from '@/lib/dashboard/registry';

// What the alive leases hold, counted by kind, and the key prefixes that hold the most leases:
// where an operator starts looking. Counted from the keys as last read (no etcd request), at most
// once every CACHE_MS however many viewers ask, in slices of SLICE leases with requests answered
// in between, and over each lease's first PREFIX_KEYS keys.

const CACHE_MS = 5000;
const TOP_PREFIXES = 10;
const PREFIX_KEYS = 20;

type State = { at: number; answer?: HoldingsResponse; counting?: Promise<HoldingsResponse> };
const HOLDINGS = slot<State>('api.holdings', () => ({ at: 0 }));

/** `/registry/events/default/x` -> `/registry/`, `/registry/events/`: one and two segments deep. */
export function prefixesOf(key: string): string[] {
  const out: string[] = [];
  let from = key.startsWith('/') ? 1 : 0;
  for (let depth = 0; depth < 2; depth++) {
    const slash = key.indexOf('/', from);
    if (slash < 0) break;
    out.push(key.slice(0, slash + 1));
    from = slash + 1;
  }
  return out;
}

/**
 * The counts: as last counted while that is under CACHE_MS old; else counted again in the
 * background (in slices, requests answered in between) while the last count answers.
 */
export async function holdingsView(now = Date.now()): Promise<HoldingsResponse> {
  const state = currentDashboard().get(HOLDINGS);
  if (state.answer && now - state.at < CACHE_MS) return { ...state.answer, now };
  if (!state.counting) {
    state.counting = count(now).finally(() => {
      state.counting = undefined;
    });
  }
  if (state.answer) return { ...state.answer, now };
  return state.counting;
}

async function count(now: number): Promise<HoldingsResponse> {
  const { sampler, contention } = getMonitor();
  await sampler.ready();
  const kinds = Object.fromEntries(HOLDING_KINDS.map((k) => [k, 0])) as Record<HoldingKind, number>;
  const byPrefix = new Map<string, number>();
  let leases = 0;
  const views = sampler.views();
  for (let i = 0; i < views.length; i++) {
    if (i > 0 && i % SLICE === 0) await breather();
    const view = views[i];
    if (view?.status !== 'alive') continue;
    leases++;
    kinds[holdingKind(contention.holding(view))]++;
    const mine = new Set(view.keys.slice(0, PREFIX_KEYS).flatMap(prefixesOf));
    for (const p of mine) byPrefix.set(p, (byPrefix.get(p) ?? 0) + 1);
  }
  const prefixes = [...byPrefix]
    .map(([prefix, n]) => ({ prefix, leases: n }))
    .sort((a, b) => b.leases - a.leases || a.prefix.localeCompare(b.prefix))
    .slice(0, TOP_PREFIXES);
  const answer = { now, kinds, prefixes, leases };
  const state = currentDashboard().get(HOLDINGS);
  Object.assign(state, { at: now, answer });
  return answer;
}
