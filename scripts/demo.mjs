// `npm run demo`: the dashboard at http://localhost:3000 on an embedded default. Without
// ETCD_ENDPOINTS it starts a local etcd on loopback (data in .data/etcd) and stops it on Ctrl-C;
// with ETCD_ENDPOINTS it uses that cluster and starts none.
import path from 'node:path';
import { startEtcd } from './etcd.mjs';
import { PORT, buildAndServe, requireFreePort } from './serve.mjs';
import { ensureNpmPackages, root } from './setup.mjs';

const ETCD_CLIENT_PORT = 2379;
const ETCD_PEER_PORT = 2380;

async function main() {
  ensureNpmPackages();
  await requireFreePort(
    PORT,
    'stop what runs there, or start on another port with PORT=3001 npm run demo',
  );

  let etcd = null;
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  if (process.env.ETCD_ENDPOINTS) {
    console.log(
      `Using the etcd cluster at ${process.env.ETCD_ENDPOINTS} (ETCD_ENDPOINTS); starting none.`,
    );
  } else {
    for (const port of [ETCD_CLIENT_PORT, ETCD_PEER_PORT]) {
      await requireFreePort(
        port,
        `the embedded etcd cannot start. If an etcd runs there, use it:\n\n` +
          `  ETCD_ENDPOINTS=http://127.0.0.1:${ETCD_CLIENT_PORT} npm run demo\n`,
      );
    }
    const dataDir = path.join(root, '.data', 'etcd');
    etcd = await startEtcd({ dataDir, clientPort: ETCD_CLIENT_PORT, peerPort: ETCD_PEER_PORT });
    env.ETCD_ENDPOINTS = etcd.endpoint;
    console.log(`Started etcd at ${etcd.endpoint} (data in .data/etcd, log in .data/etcd.log).`);
  }

  await buildAndServe(env, {
    cleanUp: async () => etcd?.stop(),
    what: etcd ? ' and its etcd' : '',
  });
}

main().catch((err) => {
  console.error(`\n${err.message}`);
  process.exit(1);
});
