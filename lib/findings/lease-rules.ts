import type { LeaseView } from '@/lib/shared/contract';
import type { FindingKind, FindingThresholds } from '@/lib/shared/contract-findings';
import type { LeaseJumps } from '@/lib/sampler/lease-model';
import { durationMessage, ttlMessage } from '@/lib/shared/countdown';
import { message } from '@/lib/shared/i18n';
import type { Message } from '@/lib/shared/contract-events';
import { groupPrefix } from '@/lib/findings/growth';
import type { RenewRuns } from '@/lib/findings/renew-runs';

// The rules that look at one lease at a time, in one pass over every lease the sampler holds: no
// etcd request, no sort, a few comparisons and at most a map entry per lease. Leaked, forever
// renewed, heavy, renew storms, refreshed at a leader change, and what the expiry-storm and growth
// rules need (leases by deadline second, new leases, leases by key prefix).

export type LeaseFacts = { view: LeaseView; jumps: Readonly<LeaseJumps> };

/** A lease a finding names; its words are made only for the examples shown (a page of them). */
export type Hit = { lease: string; detail: () => Message };

export type PassContext = {
  now: number;
  thresholds: FindingThresholds;
  /** whether this dashboard keeps the lease alive now */
  keptAlive: (id: string) => boolean;
  runs: RenewRuns;
  /** how far back a leader change's refresh counts */
  refreshWindowMs: number;
  /** how far back a lease counts as new, for growth */
  growthWindowMs: number;
};

export type LeasePass = {
  alive: number;
  /** listed, not read yet (right after start, every lease) */
  unread: number;
  hits: Record<
    'leaked' | 'forever-renewed' | 'heavy' | 'renew-storm' | 'refreshed-by-leader-change',
    Hit[]
  >;
  /** refreshed leases' remaining TTL just before the refresh: their sum and largest, s */
  refreshedBefore: { sum: number; max: number };
  /** a lease's remaining TTL restored from a checkpoint at a leader change, in the window */
  restoredSeen: boolean;
  /** alive leases by the second their deadline falls in (epoch s), from now on */
  byDeadline: Map<number, string[]>;
  /** leases first seen within the growth window, with the prefix of their first key */
  fresh: { lease: string; at: number; prefix: string | null }[];
  /** alive leases by the prefix of their first key */
  prefixes: Map<string, number>;
};

/** New leases kept for growth's examples: enough to page through, bounded at startup's flood. */
export const MAX_FRESH = 10_000;

const example = (kind: FindingKind, values: Record<string, Message | string | number>): Message =>
  message(`findings.example.${kind}`, values);

/** One pass over the leases, all at once. */
export function passOverLeases(leases: Iterable<LeaseFacts>, ctx: PassContext): LeasePass {
  const pass = startPass(ctx);
  for (const facts of leases) pass.add(facts);
  return pass.finish();
}

/**
 * A pass fed one lease at a time, so that a caller can feed it in slices and let the event loop
 * answer requests between them. One pass at a time: the renew runs bracket it.
 */
export function startPass(ctx: PassContext): { add(facts: LeaseFacts): void; finish(): LeasePass } {
  const { now, thresholds: th } = ctx;
  const out: LeasePass = {
    alive: 0,
    unread: 0,
    hits: {
      leaked: [],
      'forever-renewed': [],
      heavy: [],
      'renew-storm': [],
      'refreshed-by-leader-change': [],
    },
    refreshedBefore: { sum: 0, max: 0 },
    restoredSeen: false,
    byDeadline: new Map(),
    fresh: [],
    prefixes: new Map(),
  };
  ctx.runs.begin();
  const add = ({ view, jumps }: LeaseFacts): void => {
    if (view.status === 'unread') out.unread++;
    if (view.status !== 'alive') return;
    out.alive++;
    const { id, keyCount, grantedTTL } = view;
    const ageS = (now - view.firstSeenAt) / 1000;
    const ours = ctx.keptAlive(id);
    const keyless = keyCount === 0 && view.keysHidden === null;
    if (keyless && !ours && ageS > th.leakAgeSeconds)
      out.hits.leaked.push({
        lease: id,
        detail: () =>
          example('leaked', { age: durationMessage(ageS), ttl: ttlMessage(grantedTTL) }),
      });
    if (keyless && !ours && jumps.renewedElsewhere > 0 && ageS > th.foreverRenewedTtls * grantedTTL)
      out.hits['forever-renewed'].push({
        lease: id,
        detail: () =>
          example('forever-renewed', {
            age: durationMessage(ageS),
            ttl: ttlMessage(grantedTTL),
            times: Math.floor(ageS / Math.max(1, grantedTTL)),
            renewals: jumps.renewedElsewhere,
          }),
      });
    if (keyCount > th.heavyKeys)
      out.hits.heavy.push({ lease: id, detail: () => example('heavy', { keys: keyCount }) });
    const storm = ctx.runs.note(view, now);
    if (storm && !ours)
      out.hits['renew-storm'].push({
        lease: id,
        detail: () =>
          example('renew-storm', {
            readings: storm.readings,
            span: durationMessage(storm.spanMs / 1000),
            ttl: ttlMessage(grantedTTL),
          }),
      });
    const refresh = jumps.lastRefresh;
    if (refresh && now - refresh.at <= ctx.refreshWindowMs) {
      if (refresh.how === 'restored') out.restoredSeen = true;
      else {
        out.refreshedBefore.sum += refresh.before;
        out.refreshedBefore.max = Math.max(out.refreshedBefore.max, refresh.before);
        out.hits['refreshed-by-leader-change'].push({
          lease: id,
          detail: () =>
            example('refreshed-by-leader-change', {
              before: durationMessage(refresh.before),
              after: durationMessage(refresh.after),
            }),
        });
      }
    }
    const due = view.readAt + view.ttl * 1000;
    if (due >= now) {
      const second = Math.floor(due / 1000);
      const same = out.byDeadline.get(second);
      if (same) same.push(id);
      else out.byDeadline.set(second, [id]);
    }
    const firstKey = view.keys[0];
    const prefix = firstKey === undefined ? null : groupPrefix(firstKey);
    if (prefix !== null) out.prefixes.set(prefix, (out.prefixes.get(prefix) ?? 0) + 1);
    if (now - view.firstSeenAt <= ctx.growthWindowMs && out.fresh.length < MAX_FRESH)
      out.fresh.push({ lease: id, at: view.firstSeenAt, prefix });
  };
  return {
    add,
    finish: () => {
      ctx.runs.end();
      return out;
    },
  };
}

/** The leases due in the same second as more than `threshold` others, and those seconds. */
export function expiryStorm(
  byDeadline: Map<number, string[]>,
  threshold: number,
  now: number,
): { hits: Hit[]; seconds: number; max: number } {
  const hits: Hit[] = [];
  let seconds = 0;
  let max = 0;
  for (const [second, ids] of byDeadline) {
    if (ids.length <= threshold) continue;
    seconds++;
    max = Math.max(max, ids.length);
    const detail = () =>
      example('expiry-storm', {
        in: durationMessage(Math.max(0, second - now / 1000)),
        others: ids.length - 1,
      });
    for (const lease of ids) hits.push({ lease, detail });
  }
  return { hits, seconds, max };
}
