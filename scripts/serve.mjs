// Building and serving the dashboard for the demo commands, and stopping it (and whatever etcd
// they started) on Ctrl-C.
import { spawn } from 'node:child_process';
import { portInUse, stopChild } from './etcd.mjs';
import { bin, root, run } from './setup.mjs';

export const PORT = Number(process.env.PORT ?? 3000);
export const HOST = process.env.HOST ?? '127.0.0.1';

/** Fails early, with what to do, when a port the demo needs is taken. */
export async function requireFreePort(port, advice) {
  if (await portInUse(port)) throw new Error(`port ${port} is in use: ${advice}`);
}

/**
 * Builds the dashboard, serves it on HOST:PORT with `env`, and on Ctrl-C (or if the server exits)
 * stops it and then calls `cleanUp` (stopping the etcd the demo started).
 * @param {NodeJS.ProcessEnv} env
 * @param {{ cleanUp: () => Promise<unknown>, what: string }} options
 */
export async function buildAndServe(env, { cleanUp, what }) {
  console.log('Building the dashboard ...');
  try {
    run(bin('next'), ['build'], { env });
  } catch (err) {
    await cleanUp();
    throw err;
  }
  const next = spawn(bin('next'), ['start', '--port', String(PORT), '--hostname', HOST], {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  console.log(`\nDashboard: http://localhost:${PORT}   (Ctrl-C stops it${what})\n`);

  let stopping = false;
  const shutdown = async (code) => {
    if (stopping) return;
    stopping = true;
    await stopChild(next);
    await cleanUp();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  next.on('exit', (code) => void shutdown(code ?? 1));
  return { shutdown };
}
