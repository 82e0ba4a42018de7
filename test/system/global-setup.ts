import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { etcdForTests } from '../integration/global-setup';
import { startDashboard, type DashboardProcess } from './dashboard-process';
import { GUARDED_PREFIX, LIMITED_GRANTS_PER_MINUTE } from './dashboards';

declare module 'vitest' {
  export interface ProvidedContext {
    dashboards: { main: string; limited: string; guarded: string; guardedToken: string };
  }
}

// A real etcd and the production build serving it, for tests that talk to the dashboard over HTTP
// as a script would and open no page. Expects a build (`npx next build`).
export default async function setup(project: TestProject) {
  const etcd = await etcdForTests();
  project.provide('etcdEndpoint', etcd.endpoint);
  const logDir = mkdtempSync(path.join(tmpdir(), 'lease-dashboard-system-'));
  // Made per run, so no token is written down anywhere.
  const guardedToken = `system-${randomUUID()}`;
  const env = { ETCD_ENDPOINTS: etcd.endpoint };
  const started = await Promise.allSettled([
    startDashboard('main', env, logDir),
    startDashboard(
      'limited',
      { ...env, DASHBOARD_GRANTS_PER_MINUTE: String(LIMITED_GRANTS_PER_MINUTE) },
      logDir,
    ),
    startDashboard(
      'guarded',
      {
        ...env,
        DASHBOARD_TOKEN: guardedToken,
        DASHBOARD_KEY_PREFIX: GUARDED_PREFIX,
        DASHBOARD_PROTECT_READS: 'true',
      },
      logDir,
    ),
  ]);
  const running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stop = async (servers: DashboardProcess[]) => {
    await Promise.all(servers.map((s) => s.stop()));
    await etcd.stop();
  };
  const [main, limited, guarded] = running;
  if (!main || !limited || !guarded) {
    await stop(running);
    const reasons = started.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
    throw new Error(reasons.join('\n'));
  }
  project.provide('dashboards', {
    main: main.url,
    limited: limited.url,
    guarded: guarded.url,
    guardedToken,
  });
  return async () => {
    await stop(running);
    rmSync(logDir, { recursive: true, force: true });
  };
}
