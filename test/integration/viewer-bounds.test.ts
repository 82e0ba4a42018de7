import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Etcd3 } from 'etcd3';
import { EventLog } from '@/lib/events/event-log';
import { LeaseSampler } from '@/lib/sampler/lease-sampler';
import { ON_SCREEN_MS } from '@/lib/sampler/viewers';
import { MAX_PAGE_SIZE } from '@/lib/shared/lease-query';
import { leaseRpcs } from '../../scripts/bench/util.mjs';
import { independentClient, testPrefix, waitFor } from './helpers';

// One client paging through every lease four times a second, or asking for every lease's detail,
// costs etcd what one ordinary viewer costs: one of the largest pages on screen and its detail
// panel. Marked as the route handlers mark them (lib/api/responses.ts), by one client: without a
// trusted proxy every viewer is that one. etcd's own count of TimeToLive answers is compared,
// phase against phase, as ratios.

const LEASES = 2 * MAX_PAGE_SIZE;
/** how long each phase is measured, after its first marks have been read */
const WINDOW_MS = 3000;
/**
 * Each phase is measured this many times, the phases taking turns, and its windows added up: etcd's
 * pace moves with whatever else the machine runs, and turns share that between the phases instead
 * of giving it all to whichever ran in a busy moment.
 */
const TURNS = 2;
const WARM_UP_MS = 1500;
/**
 * The test's tolerance: it catches a client that is not bounded (paging cost several times a
 * viewer's before the bound), on two cores shared with the other suites, where etcd's pace and
 * the reads between rounds move with the load. The target itself (at most 1.2x) is the
 * benchmark's, on a quiet machine (npm run bench, docs/bench.md).
 */
const SLACK = 1.5;
const CLIENT = 'every client';
const hex = (id: string) => BigInt(id).toString(16).padStart(16, '0');
const dec = (id: string) => BigInt(`0x${id}`).toString();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let etcd: Etcd3;
const sampler = new LeaseSampler(new EventLog());
const prefix = testPrefix();
const ids: string[] = [];

/** etcd's TimeToLive answers a second while `view` runs every `everyMs` (as a client would ask). */
async function costWhile(view: (tick: number) => void, everyMs: number): Promise<number> {
  await sleep(ON_SCREEN_MS + 500); // what the phase before marked has run out
  let tick = 0;
  view(tick++);
  const timer = setInterval(() => view(tick++), everyMs);
  try {
    await sleep(WARM_UP_MS);
    const before = (await leaseRpcs(inject('etcdEndpoint'))).timeToLive;
    const from = performance.now();
    await sleep(WINDOW_MS);
    const after = (await leaseRpcs(inject('etcdEndpoint'))).timeToLive;
    return (after - before) / ((performance.now() - from) / 1000);
  } finally {
    clearInterval(timer);
  }
}

beforeAll(async () => {
  etcd = independentClient();
  for (let i = 0; i < LEASES; i += 100)
    ids.push(
      ...(await Promise.all(
        Array.from({ length: 100 }, async (_, j) => {
          const lease = await etcd.leaseClient.leaseGrant({ TTL: 600 });
          await etcd
            .put(`${prefix}${i + j}`)
            .value('v')
            .lease(lease.ID)
            .exec();
          return hex(lease.ID);
        }),
      )),
    );
  ids.sort();
  await sampler.start();
  await waitFor(
    () => ids.every((id) => sampler.lease(id)?.status === 'alive'),
    20_000,
    'every lease to be read once',
  );
}, 60_000);

afterAll(async () => {
  sampler.stop();
  for (let i = 0; i < ids.length; i += 100)
    await Promise.all(
      ids
        .slice(i, i + 100)
        .map((id) => etcd.leaseClient.leaseRevoke({ ID: dec(id) }).catch(() => undefined)),
    );
  etcd.close();
}, 60_000);

describe('what one client marks as on screen is bounded', () => {
  it('paging through every lease, or asking for every detail, costs what one viewer does', async () => {
    const firstPage = ids.slice(0, MAX_PAGE_SIZE);
    const pages = [firstPage, ids.slice(MAX_PAGE_SIZE, 2 * MAX_PAGE_SIZE)];
    const nobody = await costWhile(() => undefined, 1000);
    const phases = {
      // An ordinary viewer: the largest page, polled once a second, and its detail panel.
      viewer: [
        () => {
          sampler.viewed(CLIENT, firstPage);
          sampler.viewed(CLIENT, [firstPage[0] ?? ''], Date.now(), true);
        },
        1000,
      ],
      // The attack: every page of the list, four times a second.
      paging: [(tick: number) => sampler.viewed(CLIENT, pages[tick % pages.length] ?? []), 250],
      // Every lease's detail, a quarter of them every quarter second.
      details: [
        (tick: number) => {
          const quarter = ids.length / 4;
          const from = (tick % 4) * quarter;
          for (const id of ids.slice(from, from + quarter))
            sampler.viewed(CLIENT, [id], Date.now(), true);
        },
        250,
      ],
    } satisfies Record<string, [(tick: number) => void, number]>;
    const cost = { viewer: 0, paging: 0, details: 0 };
    for (let turn = 0; turn < TURNS; turn++)
      for (const [name, [view, everyMs]] of Object.entries(phases))
        cost[name as keyof typeof cost] += (await costWhile(view, everyMs)) / TURNS;
    const { viewer, paging, details } = cost;
    const figures = { nobody, viewer, paging, details };
    // The viewer's page is read every round: well above the background's share.
    expect(viewer / nobody, JSON.stringify(figures)).toBeGreaterThan(3);
    expect(paging / viewer, JSON.stringify(figures)).toBeLessThanOrEqual(SLACK);
    expect(details / viewer, JSON.stringify(figures)).toBeLessThanOrEqual(SLACK);
  }, 180_000);
});
