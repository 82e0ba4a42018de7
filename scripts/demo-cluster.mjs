// `npm run demo:cluster`: a local three-member etcd cluster on loopback (members a, b and c on
// client ports 2379, 22379 and 32379, data in .data/cluster) and the dashboard against all three,
// at http://localhost:3000. Type a member's name and Enter to stop it, again to start it, and
// watch the dashboard report the member down, the new leader, and the leases living on.
import { createInterface } from 'node:readline';
import path from 'node:path';
import { startCluster } from './etcd.mjs';
import { PORT, buildAndServe, requireFreePort } from './serve.mjs';
import { ensureNpmPackages, root } from './setup.mjs';

const NAMES = ['a', 'b', 'c'];
const PORTS = [
  { client: 2379, peer: 2380 },
  { client: 22379, peer: 22380 },
  { client: 32379, peer: 32380 },
];

async function main() {
  ensureNpmPackages();
  await requireFreePort(
    PORT,
    'stop what runs there, or start on another port with PORT=3001 npm run demo:cluster',
  );
  for (const { client, peer } of PORTS) {
    for (const port of [client, peer])
      await requireFreePort(port, 'the cluster cannot start (is `npm run demo` running?)');
  }

  const dir = path.join(root, '.data', 'cluster');
  console.log('Starting etcd members a, b and c ...');
  const cluster = await startCluster({ dir, names: NAMES, ports: PORTS });
  const endpoints = cluster.endpoints.join(',');
  console.log(`Started a three-member cluster: ${endpoints} (data and logs in .data/cluster).`);

  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ETCD_ENDPOINTS: endpoints };
  const up = new Map(NAMES.map((n) => [n, true]));
  await buildAndServe(env, {
    cleanUp: async () => {
      await Promise.all(NAMES.filter((n) => up.get(n)).map((n) => cluster.stop(n)));
    },
    what: ' and the three members',
  });

  console.log(
    'Type a, b or c and Enter to stop that member (again to start it). From another shell:\n' +
      `  ETCDCTL_API=3 etcdctl --endpoints=${endpoints} endpoint status -w table\n`,
  );
  if (!process.stdin.isTTY) return;
  const input = createInterface({ input: process.stdin });
  input.on('line', (line) => {
    const name = line.trim();
    if (!up.has(name)) {
      console.log(`No member "${name}": type a, b or c.`);
      return;
    }
    const wasUp = up.get(name);
    up.set(name, !wasUp);
    const change = wasUp ? cluster.stop(name) : cluster.start(name);
    change.then(
      () => console.log(`Member ${name} ${wasUp ? 'stopped' : 'started again'}.`),
      (err) => console.error(`Member ${name}: ${err.message}`),
    );
  });
}

main().catch((err) => {
  console.error(`\n${err.message}`);
  process.exit(1);
});
