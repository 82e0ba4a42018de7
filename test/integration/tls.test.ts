import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEtcd } from '../../scripts/etcd.mjs';
import { makeCertificates } from './certs';
import { waitFor } from './helpers';

// etcd serving TLS and requiring client certificates, with certificates this file makes. The
// dashboard works with ETCD_CA_FILE, ETCD_CERT_FILE and ETCD_KEY_FILE, and says so when it cannot.

let dir: string;
let certs: Awaited<ReturnType<typeof makeCertificates>>;
let etcd: Awaited<ReturnType<typeof startEtcd>>;
let sampler: import('@/lib/sampler/lease-sampler').LeaseSampler | undefined;

async function configure(env: Record<string, string | undefined>) {
  const { resetConfig } = await import('@/lib/dashboard/registry');
  const { closeEtcd } = await import('@/lib/etcd/client');
  sampler?.stop();
  closeEtcd();
  resetConfig();
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  const { LeaseSampler } = await import('@/lib/sampler/lease-sampler');
  sampler = new LeaseSampler();
  return { sampler, ...(await import('@/lib/etcd/leases')) };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'lease-dashboard-tls-'));
  certs = await makeCertificates(dir);
  etcd = await startEtcd({
    dataDir: path.join(dir, 'data'),
    logFile: path.join(dir, 'etcd.log'),
    tls: { ...certs.server, caFile: certs.caFile },
  });
}, 60_000);

afterEach(() => sampler?.stop());

afterAll(async () => {
  const { closeEtcd } = await import('@/lib/etcd/client');
  closeEtcd();
  for (const k of ['ETCD_CA_FILE', 'ETCD_CERT_FILE', 'ETCD_KEY_FILE']) delete process.env[k];
  await etcd?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('etcd over TLS with client certificates', () => {
  it('serves https only', () => {
    expect(etcd.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('works with the CA, a client certificate and its key', async () => {
    const lib = await configure({
      ETCD_ENDPOINTS: etcd.endpoint,
      ETCD_CA_FILE: certs.caFile,
      ETCD_CERT_FILE: certs.client.certFile,
      ETCD_KEY_FILE: certs.client.keyFile,
    });
    await lib.sampler.start();
    expect(lib.sampler.etcdStatus()).toMatchObject({ ok: true });
    const lease = await lib.grantLease(30);
    await lib.putWithLease(lease.id, '/tls-test/key', 'v');
    await waitFor(
      () => lib.sampler.events.since(0).some((e) => e.key === '/tls-test/key'),
      3000,
      'the watch to see the put',
    );
    // Read through the sampler's reader (a worker thread with its own TLS client).
    const view = await lib.sampler.refresh(lease.id, { keys: true });
    expect(view?.status === 'alive' && view.keys).toEqual(['/tls-test/key']);
    await lib.revokeLease(lease.id);
  });

  it('reports etcd unreachable, naming the endpoint, without a client certificate', async () => {
    const lib = await configure({
      ETCD_ENDPOINTS: etcd.endpoint,
      ETCD_CA_FILE: certs.caFile,
      ETCD_CERT_FILE: undefined,
      ETCD_KEY_FILE: undefined,
    });
    await lib.sampler.start();
    const status = lib.sampler.etcdStatus();
    expect(status.ok).toBe(false);
    expect(status.error?.text).toContain(`etcd is not answering at ${etcd.endpoint}`);
    expect(status.error?.text).toContain('check ETCD_CA_FILE, ETCD_CERT_FILE and ETCD_KEY_FILE');
  });
});
