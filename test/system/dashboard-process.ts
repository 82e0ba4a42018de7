import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { freePort, stopChild } from '../../scripts/etcd.mjs';

// One dashboard as it runs in production (`next start` on the existing build, or the standalone
// build's server.js) on a free port, for the system tests: started, waited for until /api/health
// answers, and stopped.

export type DashboardProcess = { url: string; stop: () => Promise<void> };

const STARTUP_MS = 60_000;

export async function startDashboard(
  name: string,
  env: Record<string, string>,
  logDir: string,
): Promise<DashboardProcess> {
  if (!existsSync('.next/BUILD_ID'))
    throw new Error('no build in .next: run `npx next build` before the system tests');
  const port = await freePort();
  const child = spawn(
    'node_modules/.bin/next',
    ['start', '--port', String(port), '--hostname', '127.0.0.1'],
    {
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return answering(name, child, port, logDir);
}

/**
 * The standalone build's own server (`node server.js`, as the README deploys it), started from the
 * folder `cwd`, on a free port.
 */
export async function startStandalone(
  name: string,
  serverJs: string,
  cwd: string,
  env: Record<string, string>,
  logDir: string,
): Promise<DashboardProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [serverJs], {
    cwd,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return answering(name, child, port, logDir);
}

/** Waits for `child` to answer on `port`; stops it and throws with its log's end if it does not. */
async function answering(
  name: string,
  child: ChildProcessByStdio<null, Readable, Readable>,
  port: number,
  logDir: string,
): Promise<DashboardProcess> {
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(logDir, `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const stop = () => stopChild(child);

  // 200 once it reads etcd; a 503 means up but not reading yet, so that is waited out too.
  const deadline = Date.now() + STARTUP_MS;
  while (Date.now() < deadline && child.exitCode === null) {
    const status = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) })
      .then((res) => res.status)
      .catch(() => 0);
    if (status === 200) return { url, stop };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  const tail = readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n');
  throw new Error(
    `dashboard ${name} did not answer ${url}/api/health with 200 within ${STARTUP_MS} ms ` +
      `(exit ${child.exitCode ?? 'none'}); its log ends:\n${tail}`,
  );
}
