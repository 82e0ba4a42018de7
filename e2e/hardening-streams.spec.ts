import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { expect, type APIRequestContext } from '@playwright/test';
import { test } from './fixtures';
import type { Etcd3 } from 'etcd3';
import { DashboardPage, etcdctl, putWithLease, remainingInEtcd } from './helpers';

// Clients that stop reading the live events, and a lease whose key names add up to 15 MB, against
// the production build and a real etcd. Before the fixes, 60 stalled clients and 15,000 events took
// the server from 154 MiB to over 2 GiB and made /api/health say 503 with etcd healthy; and such a
// lease made every round fail, so the page said etcd was not answering.
// (The kernel holds several MB for each stalled socket: a client must be owed more than that
// before the server's own buffers, and the fix, come into play.)

const STALLED = 60;
/** Events each stalled client is owed: far more than the kernel's socket buffers hold for it. */
const EVENTS = 40_000;
const NAME_BYTES = 1000;

/** Puts `keys` keys with `lease`, `times` times each, 100 to a transaction, as another client. */
async function putMany(etcd: Etcd3, lease: string, prefix: string, keys: number, times = 1) {
  const filler = 'n'.repeat(NAME_BYTES);
  const names = Array.from({ length: keys }, (_, n) => `${prefix}${n}-${filler}`);
  await putWithLease(etcd, lease, prefix, Array.from({ length: times }, () => names).flat());
}

/**
 * Revokes a lease with many keys and waits until the dashboard shows it revoked, so the next test
 * does not start while the server is still taking in thousands of deletes.
 */
async function revokeAndSettle(request: APIRequestContext, baseURL: string, id: string) {
  await etcdctl('lease', 'revoke', id);
  await expect
    .poll(
      async () => {
        const res = await request.get(`${baseURL}/api/leases/${id}`);
        return ((await res.json()) as { lease?: { status: string } }).lease?.status;
      },
      { timeout: 30_000 },
    )
    .toBe('revoked');
  await expect.poll(async () => (await request.get(`${baseURL}/api/health`)).status()).toBe(200);
}

/** The resident memory of the process listening on `port`, MiB (the dashboard's server). */
function serverRssMiB(port: number): number {
  const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  const pid = /pid=(\d+)/.exec(out)?.[1];
  if (!pid) throw new Error(`no process listens on port ${port}`);
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(rss) / 1024;
}

/**
 * An /api/events client that reads until its stream has started (the greeting), then never reads
 * again. `started` resolves then: events sent before a client is served would not be owed to it.
 */
function stalledClient(port: number): {
  socket: Socket;
  started: Promise<void>;
  closed: Promise<void>;
} {
  const socket = connect(port, '127.0.0.1');
  socket.write(
    `GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/event-stream\r\n\r\n`,
  );
  const started = new Promise<void>((resolve) => {
    let seen = '';
    const read = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      if (!seen.includes('event: hello')) return;
      socket.off('data', read);
      socket.pause();
      resolve();
    };
    socket.on('data', read);
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);
  return { socket, started, closed };
}

test('stalled event clients are dropped, memory stays bounded and health stays true', async ({
  request,
  baseURL,
  etcd,
  leases,
}) => {
  test.setTimeout(150_000);
  const port = Number(new URL(baseURL ?? '').port);
  const before = serverRssMiB(port);
  const clients = Array.from({ length: STALLED }, () => stalledClient(port));
  await Promise.all(clients.map((c) => c.started));

  // 40,000 events about 100 keys put over and over: every one is pushed to every client.
  const id = await leases.grant(600);
  let unhealthy = 0;
  for (let round = 0; round < EVENTS / 4000; round++) {
    await putMany(etcd, id, `/e2e-stall/${Date.now()}/`, 100, 40);
    if ((await request.get(`${baseURL}/api/health`)).status() !== 200) unhealthy++;
  }
  // Every put has reached the dashboard (through its watch, and so to every client) once the lease
  // shows all 1,000 keys: only then is each client owed everything.
  await expect
    .poll(
      async () => {
        const res = await request.get(`${baseURL}/api/leases?id=${id}`);
        return ((await res.json()) as { leases: { keyCount?: number }[] }).leases[0]?.keyCount;
      },
      { timeout: 30_000 },
    )
    .toBe((EVENTS / 4000) * 100);

  // Measured while the clients are still stalled: what they are owed is what would pile up.
  const growth = serverRssMiB(port) - before;
  expect(unhealthy, 'health checks that said 503 while etcd was fine').toBe(0);
  await expect.poll(async () => (await request.get(`${baseURL}/api/health`)).status()).toBe(200);

  // A stalled client cannot see its connection close (the close waits behind the unread data), so
  // each now reads again: a dropped stream ends after what was already sent; a kept one never does.
  clients.forEach((c) => c.socket.resume());
  const ended = await Promise.race([
    Promise.all(clients.map((c) => c.closed)).then(() => true),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), 30_000)),
  ]);
  clients.forEach((c) => c.socket.destroy());
  expect(ended, 'the server ended the stream of every stalled client').toBe(true);
  expect(growth, `the server grew by ${growth.toFixed(0)} MiB`).toBeLessThan(400);
});

test('a lease with 15 MB of key names leaves the dashboard healthy, and says why its keys are not shown', async ({
  page,
  request,
  baseURL,
  leases,
  etcd,
}) => {
  test.setTimeout(90_000);
  const big = await leases.grant(600);
  await putMany(etcd, big, `/e2e-big/${Date.now()}/`, 15_000);
  expect(await remainingInEtcd(big)).toBeGreaterThan(0);
  await expect.poll(async () => (await request.get(`${baseURL}/api/health`)).status()).toBe(200);
  const other = await leases.grant(60, { key: `/e2e-big/other-${Date.now()}` });

  await page.goto(`/?id=${big}`);
  const dashboard = new DashboardPage(page);
  // The watch saw every key put, so the row (one line in the console) shows the first and counts
  // the rest; a dashboard started after the keys were put cannot read them and says why instead
  // (test/integration).
  await expect(dashboard.row(big)).toContainText(
    /\+14,999 more|Keys not shown: this lease holds more key names than one etcd answer/,
    { timeout: 15_000 },
  );
  await page.goto(`/?id=${other}`);
  await expect(dashboard.row(other)).toContainText('/e2e-big/other-');
  await expect(page.getByText('Cannot reach etcd')).toHaveCount(0);
  await expect.poll(async () => (await request.get(`${baseURL}/api/health`)).status()).toBe(200);
  await revokeAndSettle(request, baseURL ?? '', big);
});
