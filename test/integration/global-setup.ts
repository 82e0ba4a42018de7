import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEtcd } from '../../scripts/etcd.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    etcdEndpoint: string;
  }
}

// A real etcd on free loopback ports for the integration tests, unless `with-etcd` already gave us one.
export default async function setup(project: TestProject) {
  if (process.env.ETCD_ENDPOINTS) {
    project.provide('etcdEndpoint', process.env.ETCD_ENDPOINTS);
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'lease-dashboard-it-'));
  const etcd = await startEtcd({
    dataDir: path.join(dir, 'data'),
    logFile: path.join(dir, 'etcd.log'),
  });
  project.provide('etcdEndpoint', etcd.endpoint);
  return async () => {
    await etcd.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
