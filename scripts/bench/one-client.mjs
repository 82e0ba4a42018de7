// What one client can make etcd do, against the bound on what it marks as on screen
// (lib/sampler/viewers.ts): etcd's TimeToLive answers a second while one client pages through every
// lease four times a second, or asks for 100 leases' details every 2 s, against those while one
// ordinary viewer shows the largest page and its detail panel. Every request leaves this process
// without X-Forwarded-For, so the dashboard sees one client throughout.
import { performance } from 'node:perf_hooks';
import { leaseRpcs, mapLimit, sleep } from './util.mjs';

/** the largest page /api/leases answers (MAX_PAGE_SIZE in lib/shared/lease-query.ts) */
const PAGE = 500;
/** how long a mark lasts (ON_SCREEN_MS in lib/sampler/viewers.ts): each phase starts after it */
const ON_SCREEN_MS = 3000;
const WARM_UP_MS = 1500;
const DETAILS = 100;

async function get(url, errors) {
  try {
    const res = await fetch(url);
    const body = await res.json();
    if (!res.ok) errors.push(res.status);
    return body;
  } catch (err) {
    errors.push(String(err));
    return null;
  }
}

/** The IDs of the first `n` leases by ID (the bench's leases, as the list pages them). */
async function leaseIds(url, n) {
  const ids = [];
  for (let offset = 0; ids.length < n; offset += PAGE) {
    const body = await get(`${url}/api/leases?sort=id&limit=${PAGE}&offset=${offset}`, []);
    const page = body?.leases?.map((l) => l.id) ?? [];
    if (page.length === 0) break;
    ids.push(...page);
  }
  return ids.slice(0, n);
}

/**
 * etcd's TimeToLive answers a second over `windowS`, while `step(tick)` runs every `everyMs`
 * (from WARM_UP_MS before the window, so its first marks are read before the count starts).
 */
async function costWhile(url, etcdEndpoint, windowS, everyMs, step) {
  await sleep(ON_SCREEN_MS + 500);
  const end = performance.now() + WARM_UP_MS + windowS * 1000;
  const polling = (async () => {
    for (let tick = 0; performance.now() < end; tick++) {
      const t0 = performance.now();
      await step(tick);
      await sleep(Math.max(0, everyMs - (performance.now() - t0)));
    }
  })();
  await sleep(WARM_UP_MS);
  const roundsFrom = Date.now();
  const before = await leaseRpcs(etcdEndpoint);
  const from = performance.now();
  await sleep(windowS * 1000);
  const after = await leaseRpcs(etcdEndpoint);
  const seconds = (performance.now() - from) / 1000;
  await polling;
  const rounds = (await get(`${url}/api/health`, []))?.rounds ?? [];
  return {
    timeToLivePerS: (after.timeToLive - before.timeToLive) / seconds,
    /** whether a round read fewer than the policy wanted: then etcd's pace sets the cost */
    capped: rounds.some((r) => r.at >= roundsFrom && r.capped),
  };
}

/** The three phases at `n` leases (more than one page of them, or paging shows nothing new). */
export async function measureOneClient(url, etcdEndpoint, n, windowS) {
  const errors = [];
  const ids = await leaseIds(url, Math.min(n, 10 * DETAILS));
  const pages = Math.ceil(n / PAGE);
  const viewer = await costWhile(url, etcdEndpoint, windowS, 1000, () =>
    Promise.all([
      get(`${url}/api/leases?sort=id&limit=${PAGE}`, errors),
      get(`${url}/api/leases/${ids[0]}`, errors),
    ]),
  );
  const paging = await costWhile(url, etcdEndpoint, windowS, 250, (tick) =>
    get(`${url}/api/leases?sort=id&limit=${PAGE}&offset=${(tick % pages) * PAGE}`, errors),
  );
  const details = await costWhile(url, etcdEndpoint, windowS, 2000, (tick) => {
    const from = (tick * DETAILS) % ids.length;
    const batch = ids.slice(from, from + DETAILS);
    return mapLimit(batch, 10, (id) => get(`${url}/api/leases/${id}`, errors));
  });
  const ratio = (phase) =>
    viewer.timeToLivePerS ? phase.timeToLivePerS / viewer.timeToLivePerS : null;
  return {
    viewer,
    paging,
    details,
    pagingRatio: ratio(paging),
    detailsRatio: ratio(details),
    errors: errors.length,
  };
}
