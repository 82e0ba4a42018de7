// Under vitest, lets a worker thread load the TypeScript the product starts it from (lib/etcd/
// reader.ts starts ./reader.worker.ts), as Next's bundler does in the build. Every test process
// is started with `--import` of this file (vitest.config.mts), and a worker thread inherits that;
// the test process itself is left to vitest.
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

if (!isMainThread) register('./typescript-hooks.mjs', import.meta.url);
