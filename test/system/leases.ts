import { afterEach } from 'vitest';
import { etcdctl, grantWithEtcdctl, revokeAll } from '../../e2e/etcd-side';

// What a test makes in etcd is revoked when the test ends, pass or fail, as e2e/fixtures.ts does
// for the Playwright specs: a test that fails half-way leaves nothing behind for the next one.

export type Leases = {
  /** Registers a lease the test made some other way (a scenario, a dashboard), for revoking. */
  track(id: string): string;
  /** `etcdctl lease grant TTL`, as another client would, and the key put with it if given. */
  grant(ttl: number, key?: { key: string; value?: string }): Promise<string>;
};

/** Call once in a test file: the leases of whichever test runs, revoked after each. */
export function leasesOfEachTest(): Leases {
  const made = new Set<string>();
  afterEach(async () => {
    const ids = [...made];
    made.clear();
    await revokeAll(ids);
  });
  const track = (id: string) => {
    made.add(id);
    return id;
  };
  return {
    track,
    async grant(ttl, key) {
      const id = track(await grantWithEtcdctl(ttl));
      if (key) await etcdctl('put', `--lease=${id}`, key.key, key.value ?? 'v');
      return id;
    },
  };
}
