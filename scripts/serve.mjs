// Building and serving the dashboard for the demo commands, and stopping it (and whatever etcd
// they started) on Ctrl-C.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync } from 'node:fs';
import path from 'node:path';
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
  await build(env, cleanUp);
  const next = startServer(PORT, env);
  console.log(`\nDashboard: http://localhost:${PORT}   (Ctrl-C stops it${what})\n`);
  const shutdown = stopOnSignals(() => [next], cleanUp);
  next.on('exit', (code) => void shutdown(code ?? 1));
  return { shutdown };
}

/**
 * The build's standalone server on HOST:port, as the README deploys it, its output on this
 * terminal. (`next start` serves the same build, but warns that standalone output is meant to run
 * this way.) The server changes into its own folder: a relative ETCD_*_FILE is made absolute.
 */
function startServer(port, env) {
  const files = ['ETCD_CA_FILE', 'ETCD_CERT_FILE', 'ETCD_KEY_FILE'].filter((name) => env[name]);
  return spawn(process.execPath, [path.join(root, '.next/standalone/server.js')], {
    cwd: root,
    env: {
      ...env,
      ...Object.fromEntries(files.map((name) => [name, path.resolve(env[name])])),
      PORT: String(port),
      HOSTNAME: HOST,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

/**
 * On Ctrl-C or SIGTERM, stops the servers `running()` names, then calls `cleanUp` and exits.
 * Returns that shutdown, for a caller that must stop for another reason.
 * @param {() => import('node:child_process').ChildProcess[]} running
 * @param {() => Promise<unknown>} cleanUp
 */
function stopOnSignals(running, cleanUp) {
  let stopping = false;
  const shutdown = async (code) => {
    if (stopping) return;
    stopping = true;
    await Promise.all(running().map((c) => stopChild(c)));
    await cleanUp();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  return shutdown;
}

async function build(env, cleanUp) {
  console.log('Building the dashboard ...');
  try {
    run(bin('next'), ['build'], { env });
    // The standalone server serves the page's scripts and styles from beside it.
    cpSync(path.join(root, '.next/static'), path.join(root, '.next/standalone/.next/static'), {
      recursive: true,
    });
  } catch (err) {
    await cleanUp();
    throw err;
  }
}

/**
 * Builds the dashboard and serves it as replicas, one on each of `ports`, each with DASHBOARD_URL
 * naming its own address, so they elect a leader in etcd. Returns a way to kill a replica
 * (SIGKILL, as a crash) and start it again. Ctrl-C stops them all, then calls `cleanUp`.
 * @param {NodeJS.ProcessEnv} env
 * @param {number[]} ports
 * @param {{ cleanUp: () => Promise<unknown>, what: string }} options
 */
export async function buildAndServeReplicas(env, ports, { cleanUp, what }) {
  await build(env, cleanUp);
  // Made per run, as an operator makes one per deployment: the replicas follow only each other.
  const secret = env.DASHBOARD_REPLICA_SECRET || randomBytes(24).toString('hex');
  /** @type {(import('node:child_process').ChildProcess | null)[]} */
  const children = ports.map(() => null);
  const start = (i) => {
    const port = ports[i];
    const child = startServer(port, {
      ...env,
      DASHBOARD_URL: `http://${HOST}:${port}`,
      DASHBOARD_REPLICA_SECRET: secret,
    });
    children[i] = child;
    child.on('exit', () => {
      if (children[i] === child) children[i] = null;
    });
  };
  ports.forEach((_, i) => start(i));
  console.log(
    `\nDashboards: ${ports.map((p, i) => `${i + 1}: http://localhost:${p}`).join('   ')}   (Ctrl-C stops them${what})\n`,
  );
  stopOnSignals(() => children.filter((c) => c !== null), cleanUp);
  return {
    /** Kills replica i (0-based) with SIGKILL if it runs, else starts it: 'killed' or 'started'. */
    toggle(i) {
      const child = children[i];
      if (child) {
        child.kill('SIGKILL');
        return 'killed';
      }
      start(i);
      return 'started';
    },
  };
}
