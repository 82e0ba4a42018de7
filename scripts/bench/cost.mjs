// What watching and renewals cost and how soon they show: the watch's bytes per unrelated write
// (from etcd's own counter of bytes sent to clients), and how long another client's renewal takes
// to reach the API (a lease on screen) and the live events (a lease off screen).
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { log, mapLimit, percentile, sentBytes, sleep } from './util.mjs';

/** Where the unrelated writes go: outside the bench's prefix, so a scoped watch does not hear them. */
const UNRELATED = '/bench-unrelated/';

/**
 * `writes` puts of a `size`-byte value without a lease, as any other client of a shared etcd makes
 * them: the bytes etcd sends meanwhile, less what it sends when idle, per write. That is the watch's
 * share, plus each put's own small answer to this process.
 */
export async function measureWatch(endpoint, client, writes = 200, size = 2048) {
  const value = 'x'.repeat(size);
  const idleFrom = performance.now();
  const idleBytes = await sentBytes(endpoint);
  await sleep(3000);
  const idleRate =
    ((await sentBytes(endpoint)) - idleBytes) / ((performance.now() - idleFrom) / 1000);
  const from = performance.now();
  const before = await sentBytes(endpoint);
  await mapLimit(
    Array.from({ length: writes }, (_, i) => i),
    8,
    (i) => client.put(`${UNRELATED}${i}`).value(value).exec(),
  );
  await sleep(1000); // the watch delivers what it owes
  const seconds = (performance.now() - from) / 1000;
  const bytes = (await sentBytes(endpoint)) - before - idleRate * seconds;
  return { writes, valueBytes: size, bytesPerWrite: bytes / writes, ratio: bytes / writes / size };
}

/** Cleans up what measureWatch wrote (after the measurements: the deletes are watch events too). */
export async function forgetUnrelated(client) {
  await client.delete().prefix(UNRELATED).exec();
}

function etcdctl(endpoint, ...args) {
  return new Promise((resolve, reject) => {
    const child = spawn('etcdctl', [`--endpoints=${endpoint}`, ...args], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`etcdctl ${args.join(' ')}: exit ${code}`)),
    );
  });
}

const hexOf = (decimal) => BigInt(decimal).toString(16).padStart(16, '0');

/** Leases granted here for the renewal measurements (long, so only renewals move them). */
async function grantLong(client, n) {
  return mapLimit(Array.from({ length: n }), 10, async () =>
    hexOf((await client.leaseClient.leaseGrant({ TTL: 3600 })).ID),
  );
}

/**
 * A lease on screen (this process polls its detail, as the page does) renewed by etcdctl: the time
 * from etcdctl returning to the API showing the renewed TTL.
 */
export async function measureOnScreenRenewal(url, endpoint, client, samples = 8) {
  const ids = await grantLong(client, samples);
  const latencies = [];
  for (const id of ids) {
    const ttl = async () => (await (await fetch(`${url}/api/leases/${id}`)).json()).lease?.ttl;
    const deadline = performance.now() + 10_000;
    while ((await ttl()) === undefined && performance.now() < deadline) await sleep(100);
    // Three seconds down, so that the renewal is a visible rise.
    const start = performance.now();
    while (performance.now() - start < 3000) {
      await ttl();
      await sleep(100);
    }
    await etcdctl(endpoint, 'lease', 'keep-alive', '--once', id);
    const renewed = performance.now();
    while (performance.now() - renewed < 5000) {
      if ((await ttl()) >= 3599) {
        latencies.push(performance.now() - renewed);
        break;
      }
      await sleep(20);
    }
  }
  await revokeAll(client, ids);
  return {
    samples,
    seen: latencies.length,
    p50Ms: percentile(latencies, 50),
    maxMs: Math.max(...latencies),
  };
}

/**
 * Leases nobody looks at, renewed by etcdctl at spread moments: the time from etcdctl returning to
 * the renewal in the live events (the page's server-sent events, which mark nothing as viewed).
 */
export async function measureOffScreenRenewal(url, endpoint, client, samples = 10) {
  const ids = await grantLong(client, samples);
  const renewedAt = new Map();
  const seenAt = new Map();
  const abort = new AbortController();
  const stream = (async () => {
    const res = await fetch(`${url}/api/events`, { signal: abort.signal });
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body) {
      buffer += decoder.decode(chunk, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const data = buffer
          .slice(0, end)
          .split('\n')
          .find((l) => l.startsWith('data:'));
        buffer = buffer.slice(end + 2);
        if (!data) continue;
        const event = JSON.parse(data.slice(5));
        if (
          event.kind === 'lease-renewed' &&
          renewedAt.has(event.lease) &&
          !seenAt.has(event.lease)
        )
          seenAt.set(event.lease, performance.now());
      }
    }
  })().catch(() => undefined);
  // Read once by the dashboard first (a lease it has not read cannot be seen renewed).
  await sleep(3000);
  log(`renewing ${samples} leases off screen, then waiting up to 35 s for their events ...`);
  for (const id of ids) {
    await etcdctl(endpoint, 'lease', 'keep-alive', '--once', id);
    renewedAt.set(id, performance.now());
    await sleep(2500);
  }
  const deadline = performance.now() + 35_000;
  while (seenAt.size < ids.length && performance.now() < deadline) await sleep(200);
  abort.abort();
  await stream;
  await revokeAll(client, ids);
  const latencies = ids.flatMap((id) =>
    seenAt.has(id) ? [seenAt.get(id) - renewedAt.get(id)] : [],
  );
  return {
    samples,
    seen: latencies.length,
    p50Ms: percentile(latencies, 50),
    maxMs: latencies.length ? Math.max(...latencies) : null,
  };
}

async function revokeAll(client, ids) {
  await Promise.all(
    ids.map((id) =>
      client.leaseClient.leaseRevoke({ ID: BigInt(`0x${id}`).toString() }).catch(() => undefined),
    ),
  );
}
