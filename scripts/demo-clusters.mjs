// `npm run demo:clusters`: one dashboard at http://localhost:3000 for two local etcd clusters,
// "staging" and "production" (one member each, on loopback ports, data in .data/clusters/), through
// a clusters file it writes to .data/clusters/clusters.json. Ctrl-C stops both. Stop one etcd
// (its pid is printed) to see that cluster's own banner while the other goes on working.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startEtcd } from './etcd.mjs';
import { ETCD_VERSIONS, chosenVersion, envForVersion } from './etcd-versions.mjs';
import { PORT, buildAndServe, requireFreePort } from './serve.mjs';
import { ensureNpmPackages, root } from './setup.mjs';

const CLUSTERS = [
  { name: 'staging', clientPort: 23790, peerPort: 23800 },
  { name: 'production', clientPort: 23791, peerPort: 23801 },
];

async function main() {
  ensureNpmPackages();
  await requireFreePort(PORT, 'stop what runs there, or start on another port with PORT=3001');
  for (const { clientPort, peerPort } of CLUSTERS)
    for (const port of [clientPort, peerPort])
      await requireFreePort(port, 'an etcd of this demo cannot start there');
  const version = chosenVersion(Object.keys(ETCD_VERSIONS)[0]);
  process.env.PATH = envForVersion(version).PATH;
  const dir = path.join(root, '.data', 'clusters');
  mkdirSync(dir, { recursive: true });
  const started = [];
  try {
    for (const c of CLUSTERS) {
      const etcd = await startEtcd({
        dataDir: path.join(dir, c.name),
        clientPort: c.clientPort,
        peerPort: c.peerPort,
      });
      started.push(etcd);
      console.log(`Started etcd "${c.name}" at ${etcd.endpoint} (pid ${etcd.pid}).`);
    }
  } catch (err) {
    await Promise.all(started.map((e) => e.stop()));
    throw err;
  }
  const file = path.join(dir, 'clusters.json');
  const clusters = CLUSTERS.map((c, i) => ({ name: c.name, endpoints: [started[i].endpoint] }));
  writeFileSync(file, `${JSON.stringify(clusters, null, 2)}\n`);
  console.log(`Clusters file: ${path.relative(root, file)}; production is at /c/production/.`);
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', DASHBOARD_CLUSTERS_FILE: file };
  delete env.ETCD_ENDPOINTS;
  await buildAndServe(env, {
    cleanUp: async () => Promise.all(started.map((e) => e.stop())),
    what: ' and its two etcds',
  });
}

main().catch((err) => {
  console.error(`\n${err.message}`);
  process.exit(1);
});
