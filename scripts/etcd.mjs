// Starting and stopping a real etcd on loopback, for the demo and for the tests. Plain Node, no
// dependencies, so it works before `npm install` has run.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import https from 'node:https';
import { createServer } from 'node:net';
import path from 'node:path';

/** Finds an executable on PATH. */
export function which(command) {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
let aptUpdated = false;

/**
 * Makes sure a command from a Debian package is installed: installs it with apt when we are root,
 * otherwise stops with the exact command to run.
 */
export function ensureDebianPackage(command, pkg) {
  return installUnless(() => which(command), command, pkg);
}

/**
 * A Debian package found by a file it installs rather than a command (a font), installed the same
 * way when missing. Returns the file.
 */
export function ensureDebianFile(file, pkg) {
  return installUnless(() => (existsSync(file) ? file : null), file, pkg);
}

function installUnless(find, what, pkg) {
  const found = find();
  if (found) return found;
  if (!isRoot() || !which('apt-get')) {
    throw new Error(
      `${what} is not installed. Install it with:\n\n  sudo apt-get install -y ${pkg}\n`,
    );
  }
  console.log(`${what} is missing: installing Debian's ${pkg} ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    const update = spawnSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
    if (update.status !== 0) throw new Error('apt-get update failed');
    aptUpdated = true;
  }
  const install = spawnSync('apt-get', ['install', '-y', '-q', pkg], { stdio: 'inherit', env });
  const installed = find();
  if (install.status !== 0 || !installed) throw new Error(`apt-get install ${pkg} failed`);
  return installed;
}

/** A font with Chinese characters, so Chromium draws the zh-CN pages (and their screenshots). */
export const CJK_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

export function ensureEtcd() {
  ensureDebianPackage('etcdctl', 'etcd-client');
  return ensureDebianPackage('etcd', 'etcd-server');
}

/**
 * A TCP port on 127.0.0.1 that nothing listens on right now.
 * @returns {Promise<number>}
 */
/**
 * Ports this process has handed out: each is closed again until its user listens on it, so the
 * system could offer it twice (a dashboard's port and then etcd's), and the second listener fails.
 */
const handedOut = new Set();

export async function freePort() {
  for (;;) {
    const port = await new Promise((resolve, reject) => {
      const server = createServer();
      server.unref();
      server.on('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address();
        server.close(() => resolve(port));
      });
    });
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
}

/** Whether something already listens on 127.0.0.1:port. */
export function portInUse(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)));
  });
}

async function waitHealthy(endpoint, child, timeoutMs, tls) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`etcd exited with code ${child.exitCode}`);
    try {
      if ((await healthOf(endpoint, tls)).health === 'true') return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`etcd at ${endpoint} was not healthy within ${timeoutMs} ms`);
}

/** GET /health, over https with the member's CA and a client certificate when it has TLS. */
async function healthOf(endpoint, tls) {
  if (!tls) {
    const res = await fetch(`${endpoint}/health`);
    return res.ok ? res.json() : {};
  }
  const body = await new Promise((resolve, reject) => {
    const req = https.get(
      `${endpoint}/health`,
      {
        ca: readFileSync(tls.caFile),
        cert: readFileSync(tls.certFile),
        key: readFileSync(tls.keyFile),
        timeout: 1000,
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve(text));
      },
    );
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timed out')));
  });
  return JSON.parse(String(body));
}

/**
 * @typedef {{ certFile: string, keyFile: string, caFile: string }} EtcdTls
 *   the member's certificate and key, and the CA its clients' certificates must be signed by
 */

/**
 * Starts one etcd member on loopback with its own data dir. Resolves once it answers /health.
 * @param {{ dataDir: string, clientPort?: number, peerPort?: number, name?: string, logFile?: string,
 *   cluster?: { initialCluster: string, token: string }, tls?: EtcdTls, binary?: string,
 *   flags?: string[] }} options
 *   free ports by default; the log goes beside the data dir unless logFile is given. `cluster` makes
 *   it one member of a new cluster (`name=peerURL,...`); `tls` serves clients over https and
 *   requires a client certificate.
 */
export async function startEtcd({
  dataDir,
  clientPort,
  peerPort,
  name = 'dashboard',
  logFile,
  cluster,
  tls,
  binary = ensureEtcd(),
  flags = [],
}) {
  /** @type {number} */
  const client = clientPort ?? (await freePort());
  /** @type {number} */
  const peerPortNumber = peerPort ?? (await freePort());
  mkdirSync(dataDir, { recursive: true });
  const endpoint = `${tls ? 'https' : 'http'}://127.0.0.1:${client}`;
  const peer = `http://127.0.0.1:${peerPortNumber}`;
  const args = [
    '--name',
    name,
    '--data-dir',
    dataDir,
    '--listen-client-urls',
    endpoint,
    '--advertise-client-urls',
    endpoint,
    '--listen-peer-urls',
    peer,
    '--initial-advertise-peer-urls',
    peer,
    '--initial-cluster',
    cluster?.initialCluster ?? `${name}=${peer}`,
    ...(cluster
      ? ['--initial-cluster-state', 'new', '--initial-cluster-token', cluster.token]
      : []),
    ...(tls
      ? [
          '--cert-file',
          tls.certFile,
          '--key-file',
          tls.keyFile,
          '--trusted-ca-file',
          tls.caFile,
          '--client-cert-auth',
        ]
      : []),
    '--logger',
    'zap',
    '--log-outputs',
    'stderr',
    ...flags,
  ];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(
    logFile ?? path.join(path.dirname(path.resolve(dataDir)), `${path.basename(dataDir)}.log`),
    {
      flags: 'a',
    },
  );
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  try {
    await waitHealthy(endpoint, child, 20_000, tls);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${err.message}; its log is in ${log.path}`);
  }
  return {
    endpoint,
    clientPort: client,
    peerPort: peerPortNumber,
    dataDir,
    pid: child.pid,
    logFile: log.path,
    /** Stops etcd (SIGTERM, then SIGKILL after 5 s) and resolves when it has exited. */
    stop: () => stopChild(child),
  };
}

export function stopChild(child, graceMs = 5000) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts a cluster of etcd members on loopback, one data dir each under `dir`, all at once (each
 * waits for the others to elect a leader). Ports are free ones unless given; `binary` and `flags`
 * go to every member (see startEtcd).
 * @param {{ dir: string, names?: string[], ports?: { client: number, peer: number }[], token?: string,
 *   binary?: string, flags?: string[] }} options
 */
export async function startCluster({
  dir,
  names = ['a', 'b', 'c'],
  ports,
  token = 'lease-dashboard',
  binary,
  flags,
}) {
  const chosen = [];
  for (const [i] of names.entries())
    chosen.push(ports?.[i] ?? { client: await freePort(), peer: await freePort() });
  const initialCluster = names
    .map((name, i) => `${name}=http://127.0.0.1:${chosen[i]?.peer}`)
    .join(',');
  const options = names.map((name, i) => ({
    name,
    dataDir: path.join(dir, name),
    logFile: path.join(dir, `${name}.log`),
    clientPort: chosen[i]?.client,
    peerPort: chosen[i]?.peer,
    cluster: { initialCluster, token },
    binary,
    flags,
  }));
  const started = await Promise.allSettled(options.map((o) => startEtcd(o)));
  const members = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) {
    await Promise.all(members.map((m) => m.stop()));
    throw failed.reason;
  }
  const byName = new Map(members.map((m, i) => [names[i], { ...m, options: options[i] }]));
  return {
    endpoints: members.map((m) => m.endpoint),
    names,
    /** The member called `name`, as last started. */
    member: (name) => byName.get(name),
    /**
     * Stops one member; its data dir stays, so `start(name)` brings it back into the cluster,
     * with another binary if `binary` is given (a rolling upgrade).
     */
    stop: async (name) => byName.get(name)?.stop(),
    start: async (name, binary) => {
      const current = byName.get(name);
      if (!current) throw new Error(`no member ${name}`);
      const options = binary ? { ...current.options, binary } : current.options;
      const again = await startEtcd(options);
      byName.set(name, { ...again, options });
      return again;
    },
    stopAll: async () => Promise.all([...byName.values()].map((m) => m.stop())),
  };
}
