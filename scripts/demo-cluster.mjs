// `npm run demo:cluster`: a local three-member etcd cluster on loopback (members a, b and c on
// client ports 2379, 22379 and 32379, data in .data/cluster) and the dashboard against all three,
// at http://localhost:3000. Type a member's name and Enter to stop it, again to start it, and
// watch the dashboard report the member down, the new leader, and the leases living on.
// With --replicas, two dashboards (http://localhost:3000 and :3001) elect a leader among themselves
// in etcd: type 1 or 2 and Enter to kill that dashboard with SIGKILL (again to start it), and watch
// the other take over within about 3 s with the keep-alives still running.
import { createInterface } from 'node:readline';
import path from 'node:path';
import { startCluster } from './etcd.mjs';
import { PORT, buildAndServe, buildAndServeReplicas, requireFreePort } from './serve.mjs';
import { ensureNpmPackages, root } from './setup.mjs';

const NAMES = ['a', 'b', 'c'];
const PORTS = [
  { client: 2379, peer: 2380 },
  { client: 22379, peer: 22380 },
  { client: 32379, peer: 32380 },
];

async function main() {
  const replicas = process.argv.includes('--replicas');
  const unknown = process.argv.slice(2).filter((a) => a !== '--replicas');
  if (unknown.length) throw new Error(`unknown option ${unknown[0]} (the only one is --replicas)`);
  ensureNpmPackages();
  const dashboardPorts = replicas ? [PORT, PORT + 1] : [PORT];
  for (const port of dashboardPorts)
    await requireFreePort(
      port,
      'stop what runs there, or start on other ports with PORT=4000 npm run demo:cluster',
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
  const options = {
    cleanUp: async () => {
      await Promise.all(NAMES.filter((n) => up.get(n)).map((n) => cluster.stop(n)));
    },
    what: ' and the three members',
  };
  const dashboards = replicas
    ? await buildAndServeReplicas(env, dashboardPorts, options)
    : (await buildAndServe(env, options), null);

  console.log(
    'Type a, b or c and Enter to stop that member (again to start it)' +
      (dashboards ? '; 1 or 2 to kill that dashboard with SIGKILL (again to start it)' : '') +
      '. From another shell:\n' +
      `  ETCDCTL_API=3 etcdctl --endpoints=${endpoints} endpoint status -w table\n` +
      (dashboards ? `  curl -s http://localhost:${PORT}/api/health | jq .replicas\n` : ''),
  );
  if (!process.stdin.isTTY) return;
  const input = createInterface({ input: process.stdin });
  input.on('line', (line) => {
    const name = line.trim();
    if (dashboards && (name === '1' || name === '2')) {
      console.log(`Dashboard ${name} ${dashboards.toggle(Number(name) - 1)}.`);
      return;
    }
    if (!up.has(name)) {
      console.log(`No member "${name}": type a, b or c${dashboards ? ', or 1 or 2' : ''}.`);
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
