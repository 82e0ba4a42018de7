// `npm run demo`: the dashboard at http://localhost:3000 on an embedded default. Without
// ETCD_ENDPOINTS it starts a local etcd on loopback (the newest version the project runs on, or the
// one DASHBOARD_ETCD_VERSION names; data in .data/etcd-<version>) and stops it on Ctrl-C; with
// ETCD_ENDPOINTS it uses that cluster and starts none.
import path from 'node:path';
import { startEtcd } from './etcd.mjs';
import { ETCD_VERSIONS, chosenVersion, envForVersion } from './etcd-versions.mjs';
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
    // The URL as typed may hold a password the dashboard will refuse: print only where it points.
    const hosts = process.env.ETCD_ENDPOINTS.split(',').map((u) =>
      u.trim().replace(/\/\/[^/]*@/, '//'),
    );
    console.log(`Using the etcd cluster at ${hosts.join(',')} (ETCD_ENDPOINTS); starting none.`);
  } else {
    for (const port of [ETCD_CLIENT_PORT, ETCD_PEER_PORT]) {
      await requireFreePort(
        port,
        `the embedded etcd cannot start. If an etcd runs there, use it:\n\n` +
          `  ETCD_ENDPOINTS=http://127.0.0.1:${ETCD_CLIENT_PORT} npm run demo\n`,
      );
    }
    const version = chosenVersion(Object.keys(ETCD_VERSIONS)[0]);
    const { exact } = ETCD_VERSIONS[version];
    const others = Object.keys(ETCD_VERSIONS)
      .filter((v) => v !== version)
      .join(' or ');
    // Its etcd and etcdctl first on PATH, for startEtcd here and for a shell the user opens from it.
    process.env.PATH = envForVersion(version).PATH;
    // A data dir per version: etcd upgrades a 3.4 data dir to 3.5, but 3.4 cannot read it back.
    const dataDir = path.join(root, '.data', `etcd-${exact}`);
    etcd = await startEtcd({ dataDir, clientPort: ETCD_CLIENT_PORT, peerPort: ETCD_PEER_PORT });
    env.ETCD_ENDPOINTS = etcd.endpoint;
    console.log(
      `Started etcd ${exact} at ${etcd.endpoint} (data in .data/etcd-${exact}, log in .data/etcd-${exact}.log; DASHBOARD_ETCD_VERSION=${others} picks another).`,
    );
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
