import { describe, expect, it } from 'vitest';
import { KeyIndex, type KeyListener } from '@/lib/sampler/key-index';
import { Contention } from '@/lib/sampler/contention';
import type { AliveLease } from '@/lib/shared/contract';

// Which keys join and leave leases (the key index tells its listener), and how the lock and
// election reader keeps its groups from that: no etcd here, only the bookkeeping.

const A = '0000694d9a5b1c2d';
const B = '00000000000007d1';

function recorder(): KeyListener & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    added: (key, lease) => calls.push(`+${key}@${lease}`),
    removed: (key, lease) => calls.push(`-${key}@${lease}`),
  };
}

describe('KeyIndex listener', () => {
  it('hears each key join and leave its lease once, and a key moving between leases', () => {
    const heard = recorder();
    const index = new KeyIndex(heard);
    index.replace(A, [], ['/a', '/b']);
    index.replace(A, ['/a', '/b'], ['/b', '/c']);
    index.set('/b', A); // already there: nothing new
    index.set('/c', B); // moved
    index.forget('/c', A); // not on A any more: nothing
    index.forget('/c');
    expect(heard.calls).toEqual([
      `+/a@${A}`,
      `+/b@${A}`,
      `-/a@${A}`,
      `+/c@${A}`,
      `-/c@${A}`,
      `+/c@${B}`,
      `-/c@${B}`,
    ]);
  });
});

describe('Contention', () => {
  const alive = (id: string, keys: string[]): AliveLease => ({
    status: 'alive',
    id,
    firstSeenAt: 0,
    keepAlive: null,
    grantedTTL: 10,
    readAt: 0,
    ttl: 10,
    keys,
    keyCount: keys.length,
    unwatchedKeyCount: 0,
    keysHidden: null,
    readFailure: null,
  });

  it('tracks lock keys on their own lease only, and names a group not read yet as contending', () => {
    const contention = new Contention(() => null);
    const key = `/jobs/x/${A.replace(/^0+/, '')}`;
    contention.added(key, A);
    contention.added(`/jobs/y/${A.replace(/^0+/, '')}`, B); // the ID is not B's: not a contender
    contention.added('/plain/key', A);
    expect(contention.reading('/jobs/x/')).toBeUndefined();
    expect(contention.holding(alive(A, [key]))).toEqual({
      kind: 'contending',
      recipe: 'clientv3',
      name: '/jobs/x',
    });
    expect(contention.holding(alive(B, ['/plain/key']))).toBeNull();
  });
});
