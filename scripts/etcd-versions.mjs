// The etcd versions the project runs on: Debian bookworm's 3.4.23 (the system's package) and Debian
// trixie's 3.5.16, which production clusters resemble. 3.5.16 is fetched from the trixie suite of
// the system's own Debian mirror into a cache folder, with apt's own download and signature checks,
// and without touching the system's apt sources. Plain Node, no dependencies.
//   node scripts/etcd-versions.mjs [3.4|3.5]   prints the folder holding that version's etcd and etcdctl
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { ensureEtcd } from './etcd.mjs';

/** Each version the project knows, newest first, with the exact version its binaries report. */
export const ETCD_VERSIONS = {
  3.5: { exact: '3.5.16', suite: 'trixie' },
  3.4: { exact: '3.4.23', suite: null },
};

/** Where fetched versions are kept, outside the checkout so a fresh clone reuses them. */
export const CACHE =
  process.env.ETCD_CACHE_DIR ?? path.join(homedir(), '.cache', 'lease-dashboard');

/** The version DASHBOARD_ETCD_VERSION names, else `fallback`; refused when it is not one the project knows. */
export function chosenVersion(fallback) {
  const wanted = process.env.DASHBOARD_ETCD_VERSION?.trim() || fallback;
  const known = Object.keys(ETCD_VERSIONS).find(
    (v) => wanted === v || wanted === ETCD_VERSIONS[v].exact,
  );
  if (!known)
    throw new Error(
      `DASHBOARD_ETCD_VERSION must be one of ${Object.entries(ETCD_VERSIONS)
        .map(([v, { exact }]) => `${v} (${exact})`)
        .join(', ')}, not "${wanted}"`,
    );
  return known;
}

/** The version an etcd binary reports ("3.5.16"), or null when it does not run. */
export function versionOf(etcd) {
  const out = spawnSync(etcd, ['--version'], { encoding: 'utf8' });
  return /etcd Version: (\S+)/.exec(out.stdout ?? '')?.[1] ?? null;
}

/**
 * The folder holding `etcd` and `etcdctl` of that version, fetched first when it is missing.
 * Throws, saying what to do, when it cannot be had.
 */
export function etcdBinDir(version) {
  const { exact, suite } = ETCD_VERSIONS[version];
  if (!suite) {
    ensureEtcd();
    // The Debian package's own, whichever etcd PATH finds first.
    const etcd = '/usr/bin/etcd';
    const found = versionOf(etcd);
    if (found !== exact)
      throw new Error(
        `${etcd} reports etcd ${found ?? 'nothing'}, not ${exact} (Debian bookworm's)`,
      );
    return path.dirname(etcd);
  }
  const dir = path.join(CACHE, `etcd-${exact}`, 'usr', 'bin');
  if (versionOf(path.join(dir, 'etcd')) !== exact)
    fetchFromDebian(suite, exact, path.dirname(path.dirname(dir)));
  const found = versionOf(path.join(dir, 'etcd'));
  if (found !== exact)
    throw new Error(`the etcd fetched into ${dir} reports ${found ?? 'nothing'}, not ${exact}`);
  return dir;
}

/** The environment with that version's etcd and etcdctl first on PATH, for every child process. */
export function envForVersion(version, env = process.env) {
  return {
    ...env,
    PATH: `${etcdBinDir(version)}${path.delimiter}${env.PATH ?? ''}`,
    // Not ETCD_VERSION: etcd reads every ETCD_* variable as one of its flags, that one --version.
    DASHBOARD_ETCD_VERSION: ETCD_VERSIONS[version].exact,
  };
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

/** The system's own Debian mirror, from its apt sources (deb822 or one-line). */
function debianMirror() {
  const deb822 = '/etc/apt/sources.list.d/debian.sources';
  if (existsSync(deb822)) {
    const uri = readFileSync(deb822, 'utf8')
      .split('\n')
      .map((l) => /^URIs:\s*(\S+)/.exec(l)?.[1])
      .find((u) => u && !u.includes('security'));
    if (uri) return uri;
  }
  const list = existsSync('/etc/apt/sources.list')
    ? readFileSync('/etc/apt/sources.list', 'utf8')
    : '';
  const line = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+\S+\s+main/m.exec(list);
  if (line?.[1] && !line[1].includes('security')) return line[1];
  throw new Error(
    'no Debian mirror found in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list',
  );
}

/** Downloads etcd-server and etcd-client from `suite` with apt, and unpacks them into `into`. */
function fetchFromDebian(suite, exact, into) {
  for (const tool of ['apt-get', 'dpkg-deb'])
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
      throw new Error(
        `etcd ${exact} is fetched from Debian's ${suite} suite with ${tool}, which this machine lacks`,
      );
  console.log(
    `etcd ${exact} is missing: fetching it from Debian's ${suite} suite into ${into} ...`,
  );
  const work = mkdtempSync(path.join(tmpdir(), 'lease-dashboard-apt-'));
  try {
    const sources = path.join(work, 'sources.list');
    spawnSync('sh', ['-c', `echo "deb ${debianMirror()} ${suite} main" > "${sources}"`]);
    for (const d of ['lists/partial', 'cache/archives/partial'])
      mkdirSync(path.join(work, d), { recursive: true });
    const apt = [
      '-o',
      `Dir::Etc::sourcelist=${sources}`,
      '-o',
      'Dir::Etc::sourceparts=-',
      '-o',
      `Dir::State::Lists=${path.join(work, 'lists')}`,
      '-o',
      `Dir::Cache=${path.join(work, 'cache')}`,
      // A user who is not root can fetch too: apt then downloads as that user.
      '-o',
      'APT::Sandbox::User=',
      '-o',
      'Debug::NoLocking=1',
    ];
    run('apt-get', [...apt, '-qq', 'update']);
    run('apt-get', [...apt, '-qq', 'download', 'etcd-server', 'etcd-client'], { cwd: work });
    rmSync(into, { recursive: true, force: true });
    mkdirSync(into, { recursive: true });
    for (const deb of readdirSync(work).filter((f) => f.endsWith('.deb')))
      run('dpkg-deb', ['-x', path.join(work, deb), into]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// By name rather than import.meta: Playwright's loader cannot take import.meta in a script a spec imports.
if (path.basename(process.argv[1] ?? '') === 'etcd-versions.mjs') {
  try {
    console.log(etcdBinDir(chosenVersion(process.argv[2] ?? '3.5')));
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
