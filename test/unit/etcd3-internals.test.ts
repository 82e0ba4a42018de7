import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ConstantBackoff, handleAll, noop, retry } from 'cockatiel';
import { Etcd3, type IOptions } from 'etcd3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  connectionPool,
  requestFragments,
  resumeWatcherAt,
  signInWithToken,
} from '@/lib/etcd/etcd3-internals';

// Canaries for what the dashboard uses of etcd3's insides (lib/etcd/etcd3-internals.ts): each
// builds etcd3's own objects, with no etcd (nothing listens on port 1), and fails if an etcd3
// upgrade moved or changed what the dashboard reaches for.

const NOWHERE = 'http://127.0.0.1:1';
const clients: Etcd3[] = [];
const client = (options: IOptions = { hosts: NOWHERE }) => {
  const made = new Etcd3(options);
  clients.push(made);
  return made;
};
afterEach(() => clients.splice(0).forEach((c) => c.close()));

describe("etcd3's connection pool, on which the reader calls LeaseLeases as bytes", () => {
  it('hands a call the gRPC client of one endpoint, with its metadata, under the retry policy', async () => {
    const global = retry(handleAll, { maxAttempts: 2 });
    const pool = connectionPool(client({ hosts: NOWHERE, faultHandling: { global } }));
    expect(pool).toBeDefined();
    // The retries are the ones the client was given (lib/etcd/client-options.ts's), not etcd3's.
    expect(pool.globalPolicy).toBe(global);
    const hosts = pool.shuffledHosts();
    expect(hosts.next().done).toBe(false);
    const handed = await pool.globalPolicy.execute(() =>
      pool.withConnection('Lease', async (connection) => connection, hosts),
    );
    expect(typeof handed.client.makeUnaryRequest).toBe('function');
    expect(handed.metadata).toBeDefined();
  });
});

describe("etcd3's authenticator, which a signed-in user's client replaces to send etcd's token", () => {
  type Metadata = { get(key: string): unknown[] };
  const authenticatorOf = (made: Etcd3) =>
    (
      made as unknown as {
        pool: { authenticator: { getMetadata(): Promise<Metadata>; invalidateMetadata(): void } };
      }
    ).pool.authenticator;

  it('hands every call the token, and once etcd refuses it, the error instead of a retry', async () => {
    const made = client();
    signInWithToken(made, 'a-token.7', () => new Error('sign in again'));
    const authenticator = authenticatorOf(made);
    expect((await authenticator.getMetadata()).get('token')).toEqual(['a-token.7']);
    // What etcd3 does when etcd answers "invalid auth token", before it calls again.
    authenticator.invalidateMetadata();
    await expect(authenticator.getMetadata()).rejects.toThrow('sign in again');
  });
});

/** A watch stream as gRPC gives it to etcd3, keeping what etcd3 writes on it. */
class FakeStream extends EventEmitter {
  readonly writes: { create_request?: Record<string, unknown> }[] = [];
  writable = true;
  write(message: { create_request?: Record<string, unknown> }) {
    this.writes.push(message);
  }
  cancel() {
    this.writable = false;
  }
}

/** A client whose watch streams are FakeStreams (etcd3's public mock), reconnecting at once. */
function watchingClient(): { etcd: Etcd3; streams: FakeStream[] } {
  const streams: FakeStream[] = [];
  const etcd = client({
    hosts: NOWHERE,
    faultHandling: { watchBackoff: new ConstantBackoff(10).next() },
  });
  const mock = {
    withConnection: (_service: unknown, call: (connection: object) => unknown) =>
      Promise.resolve(
        call({
          // The endpoint etcd3 charges a stream's failure to.
          resource: { faultHandling: noop, resetAllServices: () => undefined },
          metadata: {},
          client: {
            watch: () => {
              const stream = new FakeStream();
              streams.push(stream);
              return stream;
            },
          },
        }),
      ),
  };
  // Only the watch stream is stood in for: etcd3's typing wants a whole gRPC client.
  etcd.mock(mock as unknown as Parameters<Etcd3['mock']>[0]);
  return { etcd, streams };
}

const sent = async (streams: FakeStream[], index: number) =>
  vi.waitFor(() => {
    const request = streams[index]?.writes[0]?.create_request;
    if (!request) throw new Error(`no create request on stream ${index} yet`);
    return request;
  });

describe("etcd3's watch request, which the dashboard amends", () => {
  it('sends `fragment` as the builder was given it', async () => {
    const { etcd, streams } = watchingClient();
    void requestFragments(etcd.watch().prefix('canary/')).create();
    const request = await sent(streams, 0);
    expect(request.fragment).toBe(true);
    expect(Buffer.from(request.key as Buffer).toString()).toBe('canary/');
  });

  it("etcd3's rpc.proto still carries `fragment`, so it reaches etcd", () => {
    const index = createRequire(import.meta.url).resolve('etcd3');
    const proto = readFileSync(path.join(path.dirname(index), '../proto/rpc.proto'), 'utf8');
    const create = /message WatchCreateRequest \{([\s\S]*?)\n\}/.exec(proto)?.[1] ?? '';
    expect(create).toMatch(/\bbool fragment = 8;/);
  });

  it('resumes a broken watch from the revision the dashboard set, not past it', async () => {
    const { etcd, streams } = watchingClient();
    const creating = requestFragments(etcd.watch().prefix('canary/')).create();
    await sent(streams, 0);
    streams[0]?.emit('data', { created: true, watch_id: '1', header: { revision: '10' } });
    const watcher = await creating;
    // etcd3 would resume at the header's revision + 1; the dashboard resumes at 7.
    expect(String(watcher.request.start_revision)).toBe('11');
    watcher.on('disconnected', () => resumeWatcherAt(watcher, '7'));
    streams[0]?.emit('error', new Error('the stream broke'));
    const resent = await sent(streams, 1);
    expect(String(resent.start_revision)).toBe('7');
    expect(resent.fragment).toBe(true);
  });
});
