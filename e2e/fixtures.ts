import { expect, test as base, type Page } from '@playwright/test';
import { Etcd3 } from 'etcd3';
import { etcdctl, grantWithEtcdctl, revokeAll } from './etcd-side';
import type { DashboardPage } from './helpers';

// What a test makes in etcd belongs to the test's fixtures, not to its last lines: a test that fails
// half-way would otherwise leave its leases (and their keys, and any keep-alive the server runs on
// them) behind for every test after it. Each lease a test makes is registered the moment its ID is
// known and revoked when the test ends, pass or fail. Only those: nothing a test did not make.

export type Leases = {
  /** Registers a lease the test made some other way (a scenario, a dashboard), for revoking. */
  track(id: string): string;
  /** `etcdctl lease grant TTL`, as another client would, and the key put with it if given. */
  grant(ttl: number, key?: { key: string; value?: string }): Promise<string>;
  /** The grant form on the page, as a user fills it in (see DashboardPage.grant). */
  grantInPage(
    dashboard: DashboardPage,
    fields: Parameters<DashboardPage['grant']>[0],
  ): Promise<string>;
  /** Registers the lease etcd holds `key` with (for leases the server made for a scenario). */
  trackHolderOf(key: string): Promise<string>;
};

/** `etcdctl get -w json` gives the lease as a decimal int64, too big for JSON.parse's numbers. */
async function leaseHolding(key: string): Promise<string | null> {
  const json = await etcdctl('get', key, '--write-out', 'json');
  const lease = /"lease":(\d+)/.exec(json)?.[1];
  return lease && lease !== '0' ? BigInt(lease).toString(16).padStart(16, '0') : null;
}

export const test = base.extend<{ leases: Leases; etcd: Etcd3; viewer: Page }>({
  // Each fixture hands its value to `provide` (Playwright's `use`, renamed: the React linter takes
  // any call to `use` for React's hook) and cleans up after it returns, however the test ended.
  leases: async ({}, provide) => {
    const made = new Set<string>();
    const track = (id: string) => {
      made.add(id);
      return id;
    };
    await provide({
      track,
      async grant(ttl, key) {
        const id = track(await grantWithEtcdctl(ttl));
        if (key) await etcdctl('put', `--lease=${id}`, key.key, key.value ?? 'v');
        return id;
      },
      async grantInPage(dashboard, fields) {
        return track(await dashboard.grant(fields));
      },
      async trackHolderOf(key) {
        const id = await leaseHolding(key);
        if (!id) throw new Error(`etcd holds no lease for ${key}`);
        return track(id);
      },
    });
    await revokeAll(made);
  },

  /** A client of the test's own, as another program next to the dashboard; closed at the end. */
  etcd: async ({}, provide) => {
    const client = new Etcd3({ hosts: process.env.ETCD_ENDPOINTS ?? '' });
    await provide(client);
    client.close();
  },

  /** A second browser (a context of its own) watching the same dashboard; closed at the end. */
  viewer: async ({ browser }, provide) => {
    const context = await browser.newContext();
    await provide(await context.newPage());
    await context.close();
  },
});

export { expect };
