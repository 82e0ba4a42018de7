import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etcdctl, grantWithEtcdctl, waitFor } from './helpers';
import { tcpProxy } from './tcp-proxy';
import { samplerWithKeepAlive } from './parts';

// The dashboard loses its network to etcd while etcd runs on: a kept-alive lease cannot be renewed,
// expires on etcd, and once the network is back the keep-alive switches itself off and says why.
// The dashboard's modules reach etcd only through a proxy this file cuts.

let proxy: Awaited<ReturnType<typeof tcpProxy>>;
let lib: {
  sampler: import('@/lib/sampler/lease-sampler').LeaseSampler;
  keepAlive: import('@/lib/keep-alive/keep-alive-manager').KeepAliveManager;
};

beforeAll(async () => {
  const etcd = new URL(process.env.ETCD_ENDPOINTS ?? '');
  proxy = await tcpProxy({ host: etcd.hostname, port: Number(etcd.port) });
  process.env.ETCD_ENDPOINTS = proxy.endpoint;
  const { sampler, keepAlive } = await samplerWithKeepAlive();
  lib = { sampler, keepAlive };
});

afterAll(async () => {
  lib?.keepAlive.close();
  lib?.sampler.stop();
  await proxy?.close();
});

describe('when the dashboard loses its network to etcd', () => {
  it('switches keep-alive off with the reason once it learns the lease expired meanwhile', async () => {
    await lib.sampler.start();
    const id = await grantWithEtcdctl(3);
    await lib.keepAlive.start(id, 'third');
    await waitFor(() => (lib.keepAlive.view(id)?.renewals ?? 0) >= 2, 3000, 'two renewals');

    proxy.cut();
    // etcd, still running and reachable by etcdctl, lets the lease expire.
    await waitFor(
      async () => !(await etcdctl('lease', 'list')).includes(id),
      6000,
      'etcd to expire the lease',
    );
    // The failure in words, and as a catalog message for a viewer in another language.
    expect(lib.keepAlive.view(id)).toMatchObject({
      on: true,
      lastError: {
        code: 'etcd_unavailable',
        text: expect.stringMatching(/^etcd is not answering at /),
        message: { key: 'errors.etcdUnavailable' },
      },
    });

    proxy.restore();
    const stopped = await waitFor(
      () => (lib.keepAlive.view(id)?.on === false ? lib.keepAlive.view(id) : null),
      15_000,
      'keep-alive to learn the lease is gone',
    );
    expect(stopped).toMatchObject({
      stopReason: {
        text: expect.stringMatching(
          /^the lease was lost: no renewal got through for \d+ s, longer than its 3 s TTL/,
        ),
        message: { key: 'keepAlive.reasons.lostSilent' },
      },
    });
    const log = lib.sampler.events.since(0).filter((e) => e.lease === id);
    expect(log.map((e) => e.kind)).toContain('keep-alive-stopped');
  });
});
