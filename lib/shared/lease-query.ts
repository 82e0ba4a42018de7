// What a viewer asks of the lease list (filter, sort, page) and the summary over every lease: plain
// functions over the sampler's views, shared by the route handler, the page and their tests. The
// same query string works in the browser's address bar and against /api/leases.
import { z } from 'zod';
import {
  LEASE_SORTS,
  type LeaseQuery,
  type LeaseSort,
  type LeaseSummary,
  type LeaseView,
} from '@/lib/shared/contract';
import { deletedKeysOf, keysOf } from '@/lib/shared/lease-view';
import { HOLDING_KINDS } from '@/lib/shared/holdings';
import { english } from '@/lib/shared/english';
import type { HoldingKind } from '@/lib/shared/contract-holdings';

export { LEASE_SORTS };

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;
/** "Expiring soon" in the summary: this many seconds left or fewer. */
export const EXPIRING_SOON_S = 10;

export const DEFAULT_QUERY: LeaseQuery = {
  sort: 'expiry',
  id: '',
  key: '',
  kind: '',
  offset: 0,
  limit: DEFAULT_PAGE_SIZE,
};

const count = (field: string, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${field} must be a whole number`)
    .transform(Number)
    .refine((n) => n <= max, `${field} can be at most ${max.toLocaleString('en-US')}`);

const querySchema = z.object({
  sort: z.enum(LEASE_SORTS, { error: `sort must be one of ${LEASE_SORTS.join(', ')}` }).optional(),
  id: z
    .string()
    .trim()
    .regex(/^(0x)?[0-9a-fA-F]{0,16}$/, english('filters.errors.id'))
    .transform((s) => s.replace(/^0x/, '').toLowerCase())
    .optional(),
  key: z.string().max(4096, english('filters.errors.key')).optional(),
  kind: z
    .enum(HOLDING_KINDS, { error: `kind must be one of ${HOLDING_KINDS.join(', ')}` })
    .optional(),
  offset: count('offset', 10_000_000).optional(),
  limit: count('limit', MAX_PAGE_SIZE)
    .refine((n) => n >= 1, 'limit must be at least 1')
    .optional(),
});

export type QueryResult =
  { ok: true; query: LeaseQuery } | { ok: false; field: string; error: string };

/** Reads a query from URL parameters; a bad one names its field. */
export function parseLeaseQuery(params: URLSearchParams): QueryResult {
  const raw: Record<string, string> = {};
  for (const field of Object.keys(querySchema.shape)) {
    const value = params.get(field);
    if (value !== null && value !== '') raw[field] = value;
  }
  const parsed = querySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      field: String(issue?.path[0] ?? 'query'),
      error: issue?.message ?? 'bad query',
    };
  }
  return { ok: true, query: { ...DEFAULT_QUERY, ...parsed.data } };
}

/** The query as URL parameters, leaving out what is the default. */
export function leaseQueryParams(query: Partial<LeaseQuery>): string {
  const params = new URLSearchParams();
  for (const field of ['sort', 'id', 'key', 'kind', 'offset', 'limit'] as const) {
    const value = query[field];
    if (value !== undefined && value !== DEFAULT_QUERY[field]) params.set(field, String(value));
  }
  return params.toString();
}

/** When a lease expires by its last reading (epoch ms); gone and unread leases never. */
export function expiresAt(lease: LeaseView): number {
  return lease.status === 'alive' ? lease.readAt + lease.ttl * 1000 : Infinity;
}

const goneAtOf = (l: LeaseView) =>
  l.status === 'expired' || l.status === 'revoked' ? l.goneAt : 0;

/**
 * Leases in the order asked for. Leases etcd still has (alive, and listed but not read yet) always
 * come before gone ones (the most recently gone first), so an operator's first page is what is
 * still running.
 */
export function sortLeases(leases: LeaseView[], sort: LeaseSort): LeaseView[] {
  const { alive, gone, aliveKey, goneKey, ids } = split(leases, sort);
  return [...sortedBy(alive, aliveKey, ids), ...sortedBy(gone, goneKey)];
}

/**
 * The first `n` of sortLeases(leases, sort), without sorting them all: the first page is what
 * nearly every viewer asks for, and sorting every lease for it was slow at scale.
 */
export function firstLeases(leases: LeaseView[], sort: LeaseSort, n: number): LeaseView[] {
  const { alive, gone, aliveKey, goneKey, ids } = split(leases, sort);
  const first = smallest(alive, aliveKey, n, ids);
  return first.length >= n ? first : [...first, ...smallest(gone, goneKey, n - first.length)];
}

/** Up to this many leases are picked by keeping the best so far; more, by sorting the keys. */
const PICK_MAX = 100;

/**
 * How leases with the same key are ordered: by ID, ascending (1) or descending (-1). etcd gives each
 * new lease a higher ID, so "newest first" puts the higher ID first when two were first seen at once.
 */
type IdOrder = 1 | -1;

/** Whether ID `a` comes before `b` in that order. */
const idBefore = (a: string, b: string, ids: IdOrder) => (ids === 1 ? a < b : a > b);

/** The `n` leases with the smallest keys (then IDs), in order. */
function smallest(
  leases: LeaseView[],
  key: (l: LeaseView) => number,
  n: number,
  ids: IdOrder = 1,
): LeaseView[] {
  if (n <= 0) return [];
  if (leases.length <= n) return sortedBy(leases, key, ids);
  return n <= PICK_MAX ? picked(leases, key, n, ids) : cutAt(leases, key, n, ids);
}

/**
 * The first page, kept in order in one pass: most leases are refused by one comparison with the
 * last kept, and the cost does not grow when many leases share a key (all those not yet read do).
 */
function picked(
  leases: LeaseView[],
  key: (l: LeaseView) => number,
  n: number,
  ids: IdOrder,
): LeaseView[] {
  const keys: number[] = [];
  const kept: LeaseView[] = [];
  const before = (k: number, id: string, i: number) =>
    k < (keys[i] ?? 0) || (k === keys[i] && idBefore(id, kept[i]?.id ?? '', ids));
  for (const lease of leases) {
    const k = key(lease);
    if (kept.length === n && !before(k, lease.id, n - 1)) continue;
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(k, lease.id, mid)) hi = mid;
      else lo = mid + 1;
    }
    keys.splice(lo, 0, k);
    kept.splice(lo, 0, lease);
    if (kept.length > n) {
      keys.pop();
      kept.pop();
    }
  }
  return kept;
}

/** The first `n` for a long page: a native sort of the keys finds the cut. */
function cutAt(
  leases: LeaseView[],
  key: (l: LeaseView) => number,
  n: number,
  ids: IdOrder,
): LeaseView[] {
  const keys = Float64Array.from(leases, key).sort();
  const cut = keys[n - 1] ?? Infinity;
  return sortedBy(
    leases.filter((l) => key(l) <= cut),
    key,
    ids,
  ).slice(0, n);
}

/** Leases etcd still has, and gone ones, each with the number they are ordered by. */
function split(leases: LeaseView[], sort: LeaseSort) {
  const alive: LeaseView[] = [];
  const gone: LeaseView[] = [];
  for (const l of leases) (l.status === 'alive' || l.status === 'unread' ? alive : gone).push(l);
  const aliveKeys: Record<LeaseSort, (l: LeaseView) => number> = {
    expiry: (l) => (l.status === 'alive' ? expiresAt(l) : Number.MAX_VALUE),
    newest: (l) => -l.firstSeenAt,
    id: () => 0,
  };
  const goneKey = sort === 'id' ? () => 0 : (l: LeaseView) => -goneAtOf(l);
  const ids: IdOrder = sort === 'newest' ? -1 : 1;
  return { alive, gone, aliveKey: aliveKeys[sort], goneKey, ids };
}

/**
 * By a number, then by ID. The keys are worked out once per lease, not once per comparison, and
 * IDs (all 16 hex digits) compare as plain strings: localeCompare made big sorts slow.
 */
function sortedBy(
  leases: LeaseView[],
  key: (l: LeaseView) => number,
  ids: IdOrder = 1,
): LeaseView[] {
  const keyed = leases.map((lease) => ({ lease, key: key(lease) }));
  keyed.sort(
    (a, b) =>
      a.key - b.key ||
      (a.lease.id === b.lease.id ? 0 : idBefore(a.lease.id, b.lease.id, ids) ? -1 : 1),
  );
  return keyed.map((k) => k.lease);
}

/** Whether a lease matches the query; `kindOf` says what it holds (needed for `kind` only). */
export function matchesQuery(
  lease: LeaseView,
  query: Pick<LeaseQuery, 'id' | 'key'> & Partial<Pick<LeaseQuery, 'kind'>>,
  kindOf: (lease: LeaseView) => HoldingKind = () => 'plain',
): boolean {
  if (query.id && !lease.id.includes(query.id)) return false;
  if (query.kind && kindOf(lease) !== query.kind) return false;
  if (query.key) {
    const starts = (k: string) => k.startsWith(query.key);
    if (!keysOf(lease).some(starts) && !deletedKeysOf(lease).some(starts)) return false;
  }
  return true;
}

/** Remaining-TTL buckets, roughly logarithmic: operators care most about the first ones. */
const BUCKETS: [string, number, number][] = [
  ['< 10s', 0, 10],
  ['10-30s', 10, 30],
  ['30s-1m', 30, 60],
  ['1-5m', 60, 300],
  ['5-15m', 300, 900],
  ['15m-1h', 900, 3600],
  ['1-6h', 3600, 21_600],
  ['> 6h', 21_600, Infinity],
];

/** Counts over every lease, at `now`. Gone counts come from the sampler, which keeps them all. */
export function summarize(
  leases: LeaseView[],
  now: number,
  goneLastMinute: { expired: number; revoked: number },
): LeaseSummary {
  const histogram = BUCKETS.map(([label, from, to]) => ({
    label,
    from,
    to: Number.isFinite(to) ? to : null,
    count: 0,
  }));
  let alive = 0;
  let expiringSoon = 0;
  for (const lease of leases) {
    if (lease.status !== 'alive') continue;
    alive++;
    const left = Math.max(0, (expiresAt(lease) - now) / 1000);
    if (left <= EXPIRING_SOON_S) expiringSoon++;
    const bucket = histogram.find((b) => b.to === null || left < b.to);
    if (bucket) bucket.count++;
  }
  return {
    alive,
    expiringSoon,
    expiredLastMinute: goneLastMinute.expired,
    revokedLastMinute: goneLastMinute.revoked,
    histogram,
  };
}

/** Two summaries of disjoint sets of leases at the same moment, added up (the gone counts are `a`'s). */
export function addSummaries(a: LeaseSummary, b: LeaseSummary): LeaseSummary {
  return {
    ...a,
    alive: a.alive + b.alive,
    expiringSoon: a.expiringSoon + b.expiringSoon,
    histogram: a.histogram.map((bucket, i) => ({
      ...bucket,
      count: bucket.count + (b.histogram[i]?.count ?? 0),
    })),
  };
}
