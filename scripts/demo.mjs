// `npm run demo`: the dashboard at http://localhost:3000 on an embedded default. Without
// ETCD_ENDPOINTS it starts a local etcd on loopback (data in .data/etcd) and stops it on Ctrl-C;
// with ETCD_ENDPOINTS it uses that cluster and starts none.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { portInUse, startEtcd, stopChild } from './etcd.mjs';
import { bin, ensureNpmPackages, root, run } from './setup.mjs';

const PORT = Number(process.env.PORT ?? 3000);
const HOST = process.env.HOST ?? '127.0.0.1';
const ETCD_CLIENT_PORT = 2379;
const ETCD_PEER_PORT = 2380;

async function main() {
  ensureNpmPackages();
  if (await portInUse(PORT)) {
    throw new Error(
      `port ${PORT} is in use: stop what runs there, or start on another port with PORT=3001 npm run demo`,
    );
  }

  let etcd = null;
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  if (process.env.ETCD_ENDPOINTS) {
    console.log(
      `Using the etcd cluster at ${process.env.ETCD_ENDPOINTS} (ETCD_ENDPOINTS); starting none.`,
    );
  } else {
    for (const port of [ETCD_CLIENT_PORT, ETCD_PEER_PORT]) {
      if (await portInUse(port)) {
        throw new Error(
          `port ${port} is in use, so the embedded etcd cannot start. If an etcd runs there, use it:\n\n` +
            `  ETCD_ENDPOINTS=http://127.0.0.1:${ETCD_CLIENT_PORT} npm run demo\n`,
        );
      }
    }
    const dataDir = path.join(root, '.data', 'etcd');
    etcd = await startEtcd({ dataDir, clientPort: ETCD_CLIENT_PORT, peerPort: ETCD_PEER_PORT });
    env.ETCD_ENDPOINTS = etcd.endpoint;
    console.log(`Started etcd at ${etcd.endpoint} (data in .data/etcd, log in .data/etcd.log).`);
  }

  console.log('Building the dashboard ...');
  try {
    run(bin('next'), ['build'], { env });
  } catch (err) {
    await etcd?.stop();
    throw err;
  }

  const next = spawn(bin('next'), ['start', '--port', String(PORT), '--hostname', HOST], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  console.log(
    `\nDashboard: http://localhost:${PORT}   (Ctrl-C stops it${etcd ? ' and its etcd' : ''})\n`,
  );

  let stopping = false;
  const shutdown = async (code) => {
    if (stopping) return;
    stopping = true;
    await stopChild(next);
    if (etcd) await etcd.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  next.on('exit', (code) => void shutdown(code ?? 1));
}

main().catch((err) => {
  console.error(`\n${err.message}`);
  process.exit(1);
});
