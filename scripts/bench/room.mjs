// What an audience room costs etcd and the server: the presenter opens a room, ROOM_MEMBERS phones
// (this process) join it over the same server actions a phone's page calls, and each renews its
// lease every TTL/3, staggered, as the page does; against the same dashboard with no room. In both
// windows the big screen is open, polling /api/rooms once a second as the presenter's page does.
// The room is ended afterwards, which revokes every member's lease.
import { performance } from 'node:perf_hooks';
import { actionId, callAction, overFetch } from '../server-actions.mjs';
import { root } from '../setup.mjs';
import {
  cpuSeconds,
  heapMiB,
  leaseRpcs,
  log,
  mapLimit,
  percentile,
  rssMiB,
  sleep,
  waitFor,
} from './util.mjs';

/** the default bound on a room's members (DASHBOARD_ROOM_MAX_MEMBERS) */
export const ROOM_MEMBERS = 200;
/** Joins are made one at a time per room on the server; a few in flight keep it busy. */
const JOINING_AT_ONCE = 8;
/** where a room's members and its record are, under the dashboard's default prefix */
const ROOM_FOLDERS = ['/lease-dashboard/scenarios/room/', '/lease-dashboard/rooms/'];

function actions() {
  const ids = Object.fromEntries(
    ['roomAction', 'joinRoomAction', 'heartbeatAction'].map((n) => [n, actionId(n, root)]),
  );
  /** One server action; its data, or an error with the dashboard's answer. */
  return async (url, name, input) => {
    const answer = await callAction(overFetch, url, ids[name], [input]);
    const result = answer.result;
    if (!result?.ok)
      throw new Error(
        `${name}: HTTP ${answer.status}, ${result ? JSON.stringify(result) : answer.text.slice(0, 200)}`,
      );
    return result.data;
  };
}

/** The presenter's big screen: GET /api/rooms once a second until stopped. */
function bigScreen(url) {
  let stopped = false;
  const errors = [];
  const polling = (async () => {
    while (!stopped) {
      const t0 = performance.now();
      try {
        const res = await fetch(`${url}/api/rooms`);
        await res.arrayBuffer();
        if (!res.ok) errors.push(res.status);
      } catch (err) {
        errors.push(String(err));
      }
      await sleep(Math.max(0, 1000 - (performance.now() - t0)));
    }
  })();
  return {
    errors,
    stop: async () => {
      stopped = true;
      await polling;
    },
  };
}

/** etcd's lease requests and the server's CPU over a window; its memory at the end. */
async function measureWindow(url, etcdEndpoint, pid, windowS) {
  const before = await leaseRpcs(etcdEndpoint);
  const cpuBefore = cpuSeconds(pid);
  const started = performance.now();
  await sleep(windowS * 1000);
  const seconds = (performance.now() - started) / 1000;
  const after = await leaseRpcs(etcdEndpoint);
  return {
    renewalsPerS: (after.renewals - before.renewals) / seconds,
    timeToLivePerS: (after.timeToLive - before.timeToLive) / seconds,
    leaseRpcPerS: (after.all - before.all) / seconds,
    cpuPercent: ((cpuSeconds(pid) - cpuBefore) / seconds) * 100,
    rssMiB: rssMiB(pid),
    heapMiB: await heapMiB(url),
  };
}

/**
 * Each member's heartbeat every `periodMs`, member i at i/n of the period, from its join on.
 * Latencies and errors are kept only while `measuring` is set.
 */
function heartbeats(url, act, n, periodMs) {
  const t0 = performance.now();
  const state = { measuring: false, latencies: [], errors: [], beats: 0 };
  let stopped = false;
  const loops = [];
  const start = (credential, i) => {
    loops.push(
      (async () => {
        const offset = (i / n) * periodMs;
        for (;;) {
          const sinceStart = performance.now() - t0 - offset;
          const next = t0 + offset + Math.ceil(Math.max(0, sinceStart) / periodMs) * periodMs;
          await sleep(Math.max(0, next - performance.now()));
          if (stopped) return;
          const sent = performance.now();
          const measuring = state.measuring;
          try {
            await act(url, 'heartbeatAction', credential);
            if (measuring) state.latencies.push(performance.now() - sent);
          } catch (err) {
            if (measuring) state.errors.push(err.message);
          }
          if (measuring) state.beats++;
          // The next slot strictly after this one, even if this heartbeat took longer than a period.
          await sleep(Math.max(1, next + periodMs / 2 - performance.now()));
        }
      })(),
    );
  };
  return {
    state,
    start,
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

async function membersOnScreen(url, code) {
  const body = await (await fetch(`${url}/api/rooms`)).json();
  return body.rooms?.find((r) => r.code === code)?.members.length ?? 0;
}

/**
 * No room, then a room of ROOM_MEMBERS renewing, on the running dashboard (`pid` its process);
 * `client`, the benchmark's own etcd3 client, checks that nothing of the room is left.
 */
export async function measureRoom(url, etcdEndpoint, pid, client, windowS) {
  const act = actions();
  const screen = bigScreen(url);
  try {
    await sleep(2000); // the big screen's first polls
    log('audience room: none open ...');
    const noRoom = await measureWindow(url, etcdEndpoint, pid, windowS);

    const { code } = await act(url, 'roomAction', { op: 'start' });
    let beats = null;
    let revoked = null;
    let ttl = null;
    let joinS;
    let withRoom;
    try {
      log(`audience room ${code}: ${ROOM_MEMBERS} phones joining ...`);
      const joinStarted = performance.now();
      await mapLimit(
        Array.from({ length: ROOM_MEMBERS }, (_, i) => i),
        JOINING_AT_ONCE,
        async (i) => {
          const joined = await act(url, 'joinRoomAction', { code, name: `Phone ${i + 1}` });
          // The phone's page renews every TTL/3 of the TTL its lease was granted.
          ttl ??= joined.grantedTTL;
          beats ??= heartbeats(url, act, ROOM_MEMBERS, (ttl * 1000) / 3);
          beats.start(joined.credential, i);
        },
      );
      joinS = (performance.now() - joinStarted) / 1000;
      await waitFor(
        `the big screen to show ${ROOM_MEMBERS} members`,
        async () => (await membersOnScreen(url, code)) === ROOM_MEMBERS,
        60_000,
        500,
      );
      await sleep(4000); // past the joins' burst, as the other phases
      log(`audience room ${code}: ${ROOM_MEMBERS} members renewing ...`);
      beats.state.measuring = true;
      withRoom = await measureWindow(url, etcdEndpoint, pid, windowS);
      beats.state.measuring = false;
      if ((await membersOnScreen(url, code)) !== ROOM_MEMBERS)
        throw new Error(`a member of room ${code} was lost while it renewed`);
    } finally {
      await beats?.stop();
      revoked = (await act(url, 'roomAction', { op: 'end', code })).revoked;
    }
    const left = (
      await Promise.all(ROOM_FOLDERS.map((folder) => client.getAll().prefix(folder).keys()))
    ).flat();
    if (revoked !== ROOM_MEMBERS || left.length > 0)
      throw new Error(
        `ending room ${code} revoked ${revoked} leases of ${ROOM_MEMBERS}, and left ${left.length} keys`,
      );
    const { latencies, errors, beats: sent } = beats.state;
    if (errors.length > 0 || screen.errors.length > 0)
      throw new Error(
        `heartbeats or the big screen failed: ${[...errors, ...screen.errors].slice(0, 3).join('; ')}`,
      );
    return {
      members: ROOM_MEMBERS,
      ttl,
      joinS,
      heartbeatsPerS: sent / windowS,
      heartbeatP50Ms: percentile(latencies, 50),
      heartbeatP95Ms: percentile(latencies, 95),
      noRoom,
      withRoom,
      extraRenewalsPerS: withRoom.renewalsPerS - noRoom.renewalsPerS,
      extraLeaseRpcPerS: withRoom.leaseRpcPerS - noRoom.leaseRpcPerS,
      extraCpuPercent: withRoom.cpuPercent - noRoom.cpuPercent,
      extraRssMiB: withRoom.rssMiB - noRoom.rssMiB,
      extraHeapMiB: withRoom.heapMiB - noRoom.heapMiB,
    };
  } finally {
    await screen.stop();
  }
}
