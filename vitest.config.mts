import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { defineConfig } from 'vitest/config';

const alias = {
  '@': path.resolve(import.meta.dirname),
  // `server-only` throws outside Next's server bundle; under vitest we are on the server anyway.
  'server-only': path.resolve(import.meta.dirname, 'test/server-only-stub.ts'),
};

// The reader's worker thread is TypeScript, started from its own location (lib/etcd/reader.ts), which
// Next bundles; under the tests Node runs it, taught TypeScript by these hooks.
const execArgv = [
  '--import',
  pathToFileURL(path.resolve(import.meta.dirname, 'test/worker-threads/register.mjs')).href,
];

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          execArgv,
          globalSetup: ['test/worker-threads/warm.mjs', 'test/integration/global-setup.ts'],
          setupFiles: ['test/integration/setup.ts'],
          // One etcd is shared: files run one after another so "nothing changed" checks hold.
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'slow',
          include: ['test/slow/**/*.test.ts'],
          environment: 'node',
          execArgv,
          globalSetup: ['test/worker-threads/warm.mjs'],
          // Each file has its own cluster and mostly waits for etcd's clock: they wait side by side.
          fileParallelism: true,
          maxWorkers: 2,
          // etcd's first checkpoint of a lease comes a fixed time after grant; no flag makes it sooner.
          testTimeout: 480_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          // Over HTTP against the production build (`next start`), opening no page: what a script
          // or an attacker sends. Needs `next build` first.
          name: 'system',
          include: ['test/system/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/system/global-setup.ts'],
          setupFiles: ['test/integration/setup.ts'],
          // The etcd and dashboards are shared: one file at a time, so "etcd is unchanged" holds.
          fileParallelism: false,
          testTimeout: 45_000,
          hookTimeout: 30_000,
          // Their polls were written against Playwright's expect timeout: the same bound here.
          expect: { poll: { timeout: 5_000, interval: 250 } },
        },
      },
      {
        resolve: { alias },
        test: {
          // Replicas, restarts and failovers: each test starts its own etcd and dashboard processes
          // (`next start` on the build, so `next build` first) and kills, freezes or cuts them off.
          name: 'replicas',
          include: ['test/replicas/**/*.test.ts'],
          environment: 'node',
          // Their timings (a failover within a few seconds) hold only without another file's
          // dashboards starting beside them on the same cores.
          fileParallelism: false,
          // A test waits out a lease's TTL past a kill, or two sampler cycles for the cost test.
          testTimeout: 120_000,
          hookTimeout: 30_000,
          // Their polls were written against Playwright's expect timeout: the same bound here.
          expect: { poll: { timeout: 5_000, interval: 250 } },
        },
      },
    ],
  },
});
