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

/**
 * A real etcd on free loopback ports for the tests, unless `with-etcd` already gave us one: its
 * endpoint, and how to stop it (and remove its data) afterwards.
 */
export async function etcdForTests(): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  if (process.env.ETCD_ENDPOINTS)
    return { endpoint: process.env.ETCD_ENDPOINTS, stop: async () => undefined };
  const dir = mkdtempSync(path.join(tmpdir(), 'lease-dashboard-it-'));
  const etcd = await startEtcd({
    dataDir: path.join(dir, 'data'),
    logFile: path.join(dir, 'etcd.log'),
  });
  return {
    endpoint: etcd.endpoint,
    stop: async () => {
      await etcd.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export default async function setup(project: TestProject) {
  const etcd = await etcdForTests();
  project.provide('etcdEndpoint', etcd.endpoint);
  return etcd.stop;
}
