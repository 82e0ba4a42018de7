import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { etcdctl } from './etcd-side';
import { snapshot, startEtcdctl, type RunningEtcdctl } from './helpers';
import { CHINESE, MEMBERS, endRoomAfterEach, openRoom, phone, remaining } from './rooms';

// A whole audience: thirty phones, each a browser context of its own, join one room. The big screen
// follows etcd; closed tabs expire while the rest live on; and the election and lock rounds hand
// over as clientv3's own recipes see it (`etcdctl elect -l` observing, `etcdctl lock` queuing).

endRoomAfterEach();

const TTL = 10;
const running: RunningEtcdctl[] = [];
test.afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
});

type Phone = Awaited<ReturnType<typeof phone>> & { name: string; open: boolean };

const tiles = (panel: Locator) => panel.getByRole('listitem', { name: /^M\d\d$/ });
const tile = (panel: Locator, name: string) => panel.getByRole('listitem', { name, exact: true });
const leaseHex = (clientv3Id: string) => clientv3Id.padStart(16, '0');

/** The line as etcd orders it (create revision): each place's lease, first the holder or leader. */
async function lineInEtcd(name: string): Promise<string[]> {
  const keys = await etcdctl('get', '--prefix', `${name}/`, '--keys-only', '--sort-by=CREATE');
  return keys
    .split('\n')
    .filter(Boolean)
    .map((k) => leaseHex(k.slice(k.lastIndexOf('/') + 1)));
}

/** What `etcdctl elect -l` printed last: the leader's proposal (its key, then its value). */
const observed = (observer: RunningEtcdctl) =>
  observer.output().trim().split('\n').filter(Boolean).at(-1) ?? '';

test('thirty phones join; closed tabs expire; the election and the lock hand over as etcdctl sees', async ({
  page,
  browser,
  baseURL,
  leases,
}) => {
  test.setTimeout(300_000);
  const { panel, code } = await openRoom(page);
  const phones: Phone[] = [];
  const names = Array.from({ length: 30 }, (_, i) => `M${String(i + 1).padStart(2, '0')}`);
  for (let i = 0; i < names.length; i += 6) {
    const batch = await Promise.all(
      names.slice(i, i + 6).map(async (name) => ({
        ...(await phone(browser, baseURL, code, name)),
        name,
        open: true,
      })),
    );
    for (const p of batch) phones.push({ ...p, lease: leases.track(p.lease) });
  }
  const byLease = (lease: string) => phones.find((p) => p.lease === lease);
  const close = async (p: Phone) => {
    p.open = false;
    await p.context.close();
  };

  // Every phone still holds its lease (a phone that lost it says why), and thirty tiles count down,
  // each within a second of what etcd says is left.
  const lost = await Promise.all(
    phones.map(async (p) =>
      (await p.page.getByText(/^Your lease is gone/).allTextContents()).map(
        (t) => `${p.name}: ${t}`,
      ),
    ),
  );
  expect(lost.flat(), 'phones that lost their lease, and why').toEqual([]);
  await expect(tiles(panel)).toHaveCount(30);
  for (const p of phones)
    await expect
      .poll(
        async () => {
          const inEtcd = await remaining(p.lease);
          const ttl = tile(panel, p.name).locator('.room-ttl');
          const shown = Number(/^(\d+) s$/.exec((await ttl.textContent()) ?? '')?.[1]);
          return Math.abs(shown - inEtcd);
        },
        { message: `${p.name}'s tile against etcdctl`, timeout: 5_000 },
      )
      .toBeLessThanOrEqual(1);
  await snapshot(panel, 'room-30');

  // Ten tabs close: their leases expire within TTL + 2 s, and only their tiles go.
  const leaving = phones.slice(20);
  await Promise.all(leaving.map(close));
  const closedAt = Date.now();
  for (const p of leaving)
    await expect
      .poll(() => remaining(p.lease), {
        message: `${p.name}'s lease expired`,
        timeout: Math.max(1, closedAt + (TTL + 2) * 1000 - Date.now()),
      })
      .toBe(-1);
  await expect(tiles(panel)).toHaveCount(20, {
    timeout: Math.max(1, closedAt + (TTL + 2) * 1000 - Date.now()),
  });
  for (const p of phones.slice(0, 20)) expect(await remaining(p.lease)).toBeGreaterThan(0);
  // The latest departures are named (the rest are in the event log), each as an expiry.
  const left = panel.getByRole('list', { name: 'Who left' }).getByRole('listitem');
  await expect(left).toHaveCount(8);
  for (const text of await left.allTextContents())
    expect(text).toMatch(/^M(2[1-9]|30)'s lease expired: the key \S+ was deleted$/);

  // The election: etcdctl observes the leader the big screen names; the leader's tab closes.
  await panel.getByRole('button', { name: 'Election', exact: true }).click();
  const election = `${MEMBERS}${code}/election`;
  const observer = startEtcdctl('elect', '-l', election);
  running.push(observer);
  const leader = panel.getByTestId('round-first');
  await expect.poll(() => observed(observer), { timeout: 5_000 }).toMatch(/^M\d\d$/);
  const first = observed(observer);
  await expect(leader).toHaveText(first);
  const [firstLease, nextLease] = await lineInEtcd(election);
  const firstPhone = byLease(firstLease ?? '');
  expect(firstPhone?.name).toBe(first);
  await expect(firstPhone?.page.getByTestId('member-role') as Locator).toHaveText(
    'You are the leader',
  );
  const next = byLease(nextLease ?? '');
  if (!firstPhone || !next) throw new Error('the line is not the phones');
  await close(firstPhone);
  await expect.poll(() => observed(observer), { timeout: (TTL + 2) * 1000 }).toBe(next.name);
  await expect(leader).toHaveText(next.name);
  await expect(next.page.getByTestId('member-role')).toHaveText('You are the leader');
  const handover = panel.getByText(new RegExp(`^${next.name} took over from ${first}`));
  await expect(handover).toBeVisible();
  const leaderless = Number(/for ([\d.]+) s/.exec((await handover.textContent()) ?? '')?.[1]);
  // etcd kept the closed tab leading for its TTL after its last renewal.
  expect(leaderless).toBeGreaterThanOrEqual(TTL - 1);
  expect(leaderless).toBeLessThanOrEqual(TTL + 4);
  await snapshot(panel, 'room-election');

  // The lock: the first in etcd's queue holds it; a shell's `etcdctl lock` queues behind everyone.
  await panel.getByRole('button', { name: 'Lock', exact: true }).click();
  const lock = `${MEMBERS}${code}/lock`;
  await expect.poll(async () => (await lineInEtcd(lock)).length).toBe(19);
  const shell = startEtcdctl('lock', lock);
  running.push(shell);
  await expect(panel.getByText(/^another client \(lease [0-9a-f]{16}\)$/)).toBeVisible();
  const queue = await lineInEtcd(lock);
  const [holder, second, third] = queue.map((l) => byLease(l));
  if (!holder || !second || !third) throw new Error('the queue is not the phones');
  // Phones near the front ask their role between heartbeats; those far back wait for heartbeats.
  const asked = new Map<Phone, number>();
  // The third stays near the front for a TTL and more below (the second soon leaves): long enough
  // to have asked, whenever its heartbeat told it its place.
  for (const p of [third, ...queue.slice(6).map((l) => byLease(l))])
    if (p) {
      asked.set(p, 0);
      p.page.on('request', (r) => {
        if (r.url().endsWith(`/api/rooms/${code}/role`)) asked.set(p, (asked.get(p) ?? 0) + 1);
      });
    }
  await expect(leader).toHaveText(holder.name);
  await expect(holder.page.getByTestId('member-role')).toHaveText('You hold the lock');
  await snapshot(holder.page.locator('main'), 'room-phone');

  // The holder releases: the next holds, on the big screen and on its phone.
  await holder.page.getByRole('button', { name: 'Release the lock' }).click();
  await expect(holder.page.getByTestId('member-role')).toHaveText('You are not in the queue');
  await expect(leader).toHaveText(second.name);
  await expect(second.page.getByTestId('member-role')).toHaveText('You hold the lock');
  expect((await lineInEtcd(lock))[0]).toBe(second.lease);
  // The new holder's tab closes: once etcd expires its lease, the third holds.
  await close(second);
  await expect(leader).toHaveText(third.name, { timeout: (TTL + 2) * 1000 });
  await expect(third.page.getByTestId('member-role')).toHaveText('You hold the lock');
  expect(shell.output()).toBe('');
  // The first queues again, behind the shell.
  await holder.page.getByRole('button', { name: 'Queue again' }).click();
  await expect.poll(async () => (await lineInEtcd(lock)).at(-1)).toBe(holder.lease);
  const [, ...farBack] = [...asked.keys()];
  expect(asked.get(third)).toBeGreaterThan(0);
  expect(farBack.map((p) => asked.get(p))).toEqual(farBack.map(() => 0));

  // Back to everyone holding a lease: the members leave the queue, and the shell's etcdctl holds.
  await panel.getByRole('button', { name: 'Everyone holds a lease', exact: true }).click();
  await expect.poll(() => shell.output(), { timeout: 5_000 }).toMatch(new RegExp(`^${lock}/`));
  expect((await lineInEtcd(lock)).length).toBe(1);
  await Promise.all(phones.filter((p) => p.open).map(close));
});

test('the renewal schedule: a phone told to miss one heartbeat misses one, and survives it at TTL/3', async ({
  page,
  browser,
  baseURL,
  leases,
}) => {
  const { panel, code } = await openRoom(page);
  const mei = await phone(browser, baseURL, code, 'Mei');
  leases.track(mei.lease);
  await panel.getByRole('button', { name: 'Renewal schedule', exact: true }).click();
  const meiTile = tile(panel, 'Mei');
  await expect(meiTile).toContainText(/Every TTL\/3: longest silence [\d.]+ s, [\d.]+ s to spare/);
  await expect(mei.page.getByTestId('member-role')).toHaveText(
    'This page renews every 3 s (TTL/3).',
  );
  await panel.getByRole('button', { name: 'Miss one heartbeat', exact: true }).click();
  await expect(mei.page.getByTestId('member-role')).toHaveText(/^Miss one heartbeat/);
  // One beat missed: two periods without a renewal, still well inside the TTL.
  const missed = meiTile.getByText(/^Miss one heartbeat: longest silence/);
  const silence = async () =>
    Number(/silence ([\d.]+) s/.exec((await missed.textContent()) ?? '')?.[1] ?? 0);
  await expect.poll(silence, { timeout: 15_000 }).toBeGreaterThanOrEqual(5);
  expect(await silence()).toBeLessThan(TTL);
  // The same one miss at TTL/2 is a whole TTL of silence.
  await expect(meiTile).toContainText(/missing 1 beat: 10\.0 s silent, expires/);
  expect(await remaining(mei.lease)).toBeGreaterThan(0);
  await mei.context.close();
});

test('the room in Chinese: the presenter and a phone at 390 px, in the election round', async ({
  browser,
  baseURL,
  leases,
}) => {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN' });
  const page: Page = await context.newPage();
  await page.goto('/scenarios');
  const panel = page.getByRole('region', { name: '全场参与' });
  await panel.getByRole('button', { name: '开放房间' }).click();
  const code = (await panel.locator('.room-code').textContent()) ?? '';
  const mei = await phone(browser, baseURL, code, '梅', { locale: 'zh-CN', words: CHINESE });
  leases.track(mei.lease);
  await panel.getByRole('button', { name: '选举', exact: true }).click();
  await expect(panel.getByTestId('round-first')).toHaveText('梅');
  await expect(mei.page.getByTestId('member-role')).toHaveText('你是领导者');
  const overflow = await mei.page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await panel.getByRole('button', { name: '结束房间' }).click();
  await expect.poll(() => remaining(mei.lease)).toBe(-1);
  await mei.context.close();
  await context.close();
});
