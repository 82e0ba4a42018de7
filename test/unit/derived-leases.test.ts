import { describe, expect, it } from 'vitest';
import { derivedLeases } from '@/lib/api/derived-leases';
import type { LeaseSampler } from '@/lib/sampler/lease-sampler';
import { DEFAULT_QUERY, firstLeases, summarize } from '@/lib/shared/lease-query';
import type { LeaseView } from '@/lib/shared/contract';

// The derivation every viewer shares: the same answer whether it is made at once or in the
// background in slices, and never made on the request path once it is slow.

const NOW = 1_000_000_000;
const GONE = { expired: 3, revoked: 1 };

function views(n: number, seed: number): LeaseView[] {
  let x = seed;
  const rand = () => (x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: n }, (_, i): LeaseView => {
    const id = (i + 1).toString(16).padStart(16, '0');
    const base = { id, grantedTTL: 600, readAt: NOW - 1000, firstSeenAt: NOW - i, keepAlive: null };
    const r = rand();
    if (r < 0.05) return { ...base, status: 'unread', readFailure: null };
    if (r < 0.1)
      return { ...base, status: 'expired', goneAt: NOW - i, deletedKeys: [], deletedKeyCount: 0 };
    return {
      ...base,
      status: 'alive',
      ttl: Math.floor(rand() * 600),
      keys: [],
      keyCount: 0,
      unwatchedKeyCount: 0,
      keysHidden: null,
      readFailure: null,
    };
  });
}

/** Just what the derivation asks of a sampler; `version` moves when the views change. */
function sampler(initial: LeaseView[]) {
  let current = initial;
  let version = 1;
  const s = {
    views: () => current,
    eachView: () => current.values(),
    get version() {
      return version;
    },
    goneLastMinute: () => GONE,
    change(next: LeaseView[]) {
      current = next;
      version++;
    },
  };
  return s as typeof s & LeaseSampler;
}

async function until<T>(check: () => T | undefined, ms = 2000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('the shared derivation of the lease list', () => {
  it('answers from the last derivation while the next is made in slices, then the same as at once', async () => {
    const before = views(23_456, 1);
    const s = sampler(before);
    const query = { ...DEFAULT_QUERY, limit: 100 };
    const first = derivedLeases(s, NOW, 0);
    expect(first.page(query).page).toEqual(firstLeases(before, 'expiry', 100));

    const after = views(23_456, 2);
    s.change(after);
    // Ten seconds later the derivation is due however long the last one took: it starts in the
    // background and this answer is the last one, at once.
    const later = NOW + 10_000;
    expect(derivedLeases(s, later, 0)).toBe(first);
    const next = await until(() => {
      const d = derivedLeases(s, later, 0);
      return d.version === s.version ? d : undefined;
    });
    expect(next.total).toBe(after.length);
    expect(next.summary).toEqual(summarize(after, next.at, GONE));
    expect(next.page(query).page).toEqual(firstLeases(after, 'expiry', 100));
    expect(next.page({ ...query, sort: 'newest', offset: 40, limit: 10 }).page).toEqual(
      firstLeases(after, 'newest', 50).slice(40),
    );
  });

  it('derives at once while that is cheap, so a change is in the very next answer', () => {
    const s = sampler(views(50, 3));
    const first = derivedLeases(s, NOW);
    s.change(views(60, 4));
    const next = derivedLeases(s, NOW + 1000);
    expect(next).not.toBe(first);
    expect(next.total).toBe(60);
  });

  it('has the page viewers open on ready, even when nobody asked for it lately', async () => {
    const s = sampler(views(12_000, 5));
    const first = derivedLeases(s, NOW, 0);
    s.change(views(12_000, 6));
    const later = NOW + 10_000;
    derivedLeases(s, later, 0);
    const next = await until(() => {
      const d = derivedLeases(s, later, 0);
      return d.version === s.version ? d : undefined;
    });
    expect(next).not.toBe(first);
    // Picked in the background: answering it costs the request nothing more.
    const cost = next.costMs;
    expect(next.page(DEFAULT_QUERY).page).toEqual(
      firstLeases(s.views(), DEFAULT_QUERY.sort, DEFAULT_QUERY.limit),
    );
    expect(next.costMs).toBe(cost);
  });
});
