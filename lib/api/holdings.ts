import 'server-only';
import { getMonitor } from '@/lib/server';
import { HOLDING_KINDS, holdingKind } from '@/lib/shared/holdings';
import type { HoldingKind, HoldingsResponse } from '@/lib/shared/contract-holdings';

// What the alive leases hold, counted by kind, and the key prefixes that hold the most leases:
// where an operator starts looking. Counted from the keys as last read (no etcd request), at most
// once every CACHE_MS however many viewers ask, and over each lease's first PREFIX_KEYS keys.

const CACHE_MS = 5000;
const TOP_PREFIXES = 10;
const PREFIX_KEYS = 20;

const cache = globalThis as typeof globalThis & {
  __leaseDashboardHoldings?: { at: number; answer: HoldingsResponse };
};

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

export async function holdingsView(now = Date.now()): Promise<HoldingsResponse> {
  const cached = cache.__leaseDashboardHoldings;
  if (cached && now - cached.at < CACHE_MS) return { ...cached.answer, now };
  const { sampler, contention } = getMonitor();
  await sampler.ready();
  const kinds = Object.fromEntries(HOLDING_KINDS.map((k) => [k, 0])) as Record<HoldingKind, number>;
  const byPrefix = new Map<string, number>();
  let leases = 0;
  for (const view of sampler.views()) {
    if (view.status !== 'alive') continue;
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
  cache.__leaseDashboardHoldings = { at: now, answer };
  return answer;
}
