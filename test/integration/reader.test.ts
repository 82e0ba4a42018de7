import { afterAll, describe, expect, it } from 'vitest';
import { EtcdReader } from '@/lib/etcd/reader';
import { etcdctl, grantWithEtcdctl } from './helpers';

// The sampler's reader (a worker thread) lists the leases by decoding LeaseLeases' answer itself
// (lib/etcd/lease-list.mjs). Against a real etcd, what it lists must be what etcdctl lists, and it
// must have decoded the bytes, not fallen back on etcd3's slower decoding.

const reader = new EtcdReader();
const made: string[] = [];

afterAll(async () => {
  reader.close();
  await Promise.all(made.map((id) => etcdctl('lease', 'revoke', id).catch(() => undefined)));
});

/** `etcdctl lease list`: "found N leases" and then one hex ID a line. */
async function listedByEtcdctl(): Promise<string[]> {
  const out = await etcdctl('lease', 'list');
  return out
    .split('\n')
    .slice(1)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((id) => id.padStart(16, '0'))
    .sort();
}

describe('the reader lists the leases', () => {
  it('as etcdctl does, from the answer decoded here, and then what changed', async () => {
    for (let i = 0; i < 3; i++) made.push(await grantWithEtcdctl(300));
    const first = await reader.list();
    expect(first.decoded).toBe('bytes');
    expect([...first.added].sort()).toEqual(await listedByEtcdctl());
    expect(first.added).toEqual(expect.arrayContaining(made));
    expect(first.count).toBe(first.added.length);

    const revoked = made.shift() as string;
    await etcdctl('lease', 'revoke', revoked);
    const granted = await grantWithEtcdctl(300);
    made.push(granted);
    const next = await reader.list();
    expect(next).toMatchObject({ added: [granted], removed: [revoked], decoded: 'bytes' });
  });
});
