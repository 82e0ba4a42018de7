import { afterAll, describe, expect, it } from 'vitest';
import { renewLeaseAction } from '@/app/actions';
import { GET } from '@/app/api/events/route';
import { keysOf, ttlOf } from '@/lib/shared/lease-view';
import { getEventLog, getSampler } from '@/lib/server';
import type { LeaseEvent } from '@/lib/shared/contract';
import { etcdctl, grantWithEtcdctl, testPrefix, waitFor } from './helpers';

// The event log fed by the sampler's watch over every key, with etcd changed from outside by
// etcdctl. Each event names the lease, the key and why.

const prefix = testPrefix();
const made: string[] = [];

afterAll(async () => {
  getSampler().stop();
  await Promise.all(made.map((id) => etcdctl('lease', 'revoke', id).catch(() => undefined)));
  await etcdctl('del', '--prefix', prefix).catch(() => undefined);
});

const eventsFor = (id: string) =>
  getEventLog()
    .since(0)
    .filter((e) => e.lease === id);

const find = (id: string, kind: LeaseEvent['kind'], key?: string) =>
  eventsFor(id).find((e) => e.kind === kind && (key === undefined || e.key === key)) ?? null;

describe('events', () => {
  it('logs a key put with a lease and deleted when the lease expires, in that order', async () => {
    await getSampler().start();
    const id = await grantWithEtcdctl(2);
    made.push(id);
    const key = `${prefix}expiring`;
    await etcdctl('put', `--lease=${id}`, key, 'v');
    const put = await waitFor(() => find(id, 'key-put', key), 3000, 'the key-put event');
    expect(put.text).toBe(`Key ${key} put with lease ${id}`);

    const deleted = await waitFor(
      () => find(id, 'key-deleted', key),
      5000,
      'the key-deleted event',
    );
    expect(deleted.text).toBe(`Key ${key} deleted: lease ${id} expired`);
    expect(await etcdctl('get', key)).toBe('');
    const kinds = eventsFor(id).map((e) => e.kind);
    expect(kinds).toEqual(['lease-granted', 'key-put', 'lease-expired', 'key-deleted']);
    // The lease list shows the key as deleted with the lease.
    expect(getSampler().lease(id)).toMatchObject({ status: 'expired', deletedKeys: [key] });
  });

  it('tells a key deleted directly from one deleted by its lease', async () => {
    const id = await grantWithEtcdctl(60);
    made.push(id);
    const key = `${prefix}direct`;
    await etcdctl('put', `--lease=${id}`, key, 'v');
    await waitFor(() => keysOf(getSampler().lease(id)).includes(key), 3000, 'the key on the lease');
    await etcdctl('del', key);
    const deleted = await waitFor(() => find(id, 'key-deleted', key), 3000, 'the delete event');
    expect(deleted.text).toBe(`Key ${key} deleted directly (lease ${id} is still alive)`);
    expect(getSampler().lease(id)).toMatchObject({ status: 'alive', keys: [] });
  });

  it('logs a revoke by another client, and a renewal by it, as another client', async () => {
    const id = await grantWithEtcdctl(10);
    made.push(id);
    await waitFor(
      () => (ttlOf(getSampler().lease(id)) ?? 99) <= 7,
      6000,
      'the lease to count down',
    );
    const renewingAt = Date.now();
    await etcdctl('lease', 'keep-alive', '--once', id);
    const renewed = await waitFor(() => find(id, 'lease-renewed'), 3000, 'the renewal event');
    const after = new RegExp(
      `^Lease ${id} renewed by another client: remaining TTL \\d s -> (\\d+) s$`,
    ).exec(renewed.text);
    expect(after, renewed.text).not.toBeNull();
    // The reading that saw the renewal came some time after it, on a busy machine seconds after:
    // no less than a 10 s lease renewed then can have left, and never more than 10 s.
    const elapsed = Math.ceil((Date.now() - renewingAt) / 1000);
    expect(Number(after?.[1])).toBeLessThanOrEqual(10);
    expect(Number(after?.[1]), `${elapsed} s after the renewal was sent`).toBeGreaterThanOrEqual(
      10 - elapsed - 1,
    );
    await etcdctl('lease', 'revoke', id);
    const revoked = await waitFor(() => find(id, 'lease-revoked'), 3000, 'the revoke event');
    expect(revoked.text).toBe(`Lease ${id} revoked by another client`);
  });

  it("logs the dashboard's own renewal once, with the TTL before and after", async () => {
    const id = await grantWithEtcdctl(10);
    made.push(id);
    await waitFor(
      () => (ttlOf(getSampler().lease(id)) ?? 99) <= 7,
      6000,
      'the lease to count down',
    );
    const result = await renewLeaseAction({ leaseId: id });
    const renewedBy = Date.now();
    expect(result.ok).toBe(true);
    // Another client's renewal is noticed by a later reading seeing the TTL rise, so wait until the
    // sampler has read the lease after the renewal, then completed a whole round begun after that
    // reading: every reading that could take the renewal for another client's has then been made.
    // Nothing shows the lease, so that reading comes at its next renewal point (a third of its TTL).
    const sampler = getSampler();
    const readAfter = await waitFor(
      () => {
        const view = sampler.lease(id);
        return view?.status === 'alive' && view.readAt > renewedBy ? view.readAt : false;
      },
      6000,
      'a reading of the lease after the renewal',
    );
    await waitFor(
      () => sampler.lastSampledAt > readAfter,
      3000,
      'a round begun after that reading',
    );
    // Exactly one renewal, the dashboard's: none "by another client" (the same kind, other words).
    const renewals = eventsFor(id).filter((e) => e.kind === 'lease-renewed');
    expect(renewals.map((e) => e.text)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Lease ${id} renewed once from the dashboard: remaining TTL \\d s -> (9|10) s$`,
        ),
      ),
    ]);
  });
});

describe('the event stream (GET /api/events)', () => {
  it('sends the backlog then live events, and lets go when the browser leaves', async () => {
    const log = getEventLog();
    const listeners = log.listenerCount;
    const leaving = new AbortController();
    // Held until the end: Node's Request passes an abort on to its own signal only while the
    // Request lives (undici follows it through a WeakRef), and a collected one never would.
    const request = new Request('http://test/api/events', { signal: leaving.signal });
    const res = await GET(request);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('cache-control')).toContain('no-transform');
    expect(log.listenerCount).toBe(listeners + 1);

    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}`);
        text += decoder.decode(value);
      }
    };
    await readUntil('event: hello');
    const id = await grantWithEtcdctl(60);
    made.push(id);
    await readUntil(`Lease ${id} granted by another client`);
    expect(text).toMatch(new RegExp(`id: \\d+\\nevent: lease\\ndata: \\{[^\\n]*"lease":"${id}"`));

    leaving.abort();
    await waitFor(() => log.listenerCount === listeners, 2000, 'the stream to unsubscribe');
    expect(request.signal.aborted).toBe(true);
  });
});
