// How the end-to-end specs are split into jobs that run side by side, each on an etcd and
// dashboards of its own (scripts/e2e.mjs), so no job can see another's leases.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './setup.mjs';

/**
 * Roughly how many seconds each spec takes on a 2-core machine with the lanes running side by side,
 * only to balance the jobs: a stale or missing figure makes the run slower, never wrong. Unknown
 * specs count as DEFAULT_SECONDS.
 */
const SECONDS = {
  'accessibility.spec.ts': 164,
  'keep-alive.spec.ts': 84,
  'contest.spec.ts': 74,
  'leases.spec.ts': 57,
  'scenarios.spec.ts': 55,
  'findings.spec.ts': 50,
  'access.spec.ts': 47,
  'lease-list.spec.ts': 47,
  'i18n.spec.ts': 46,
  'upgrade.spec.ts': 30,
  'clusters.spec.ts': 20,
  'etcd-users.spec.ts': 20,
  'chart.spec.ts': 28,
  'keyboard.spec.ts': 27,
  'prefix-revoke.spec.ts': 24,
  'presenter.spec.ts': 24,
  'room.spec.ts': 40,
  'audience.spec.ts': 100,
  'console.spec.ts': 21,
  'bad-input.spec.ts': 17,
  'outage.spec.ts': 16,
  'hardening-streams.spec.ts': 14,
  'tutorial.spec.ts': 12,
};
const DEFAULT_SECONDS = 8;
/** What a job costs before its first test: an etcd and the dashboards playwright.config.ts starts. */
const START_SECONDS = 15;

const seconds = (file) => SECONDS[file] ?? DEFAULT_SECONDS;
const sum = (files) => files.reduce((total, f) => total + seconds(f), 0);

/**
 * @typedef {{ name: string, project: string, files: string[], servers: string, seconds: number }} Job
 *   one `playwright test` run: `servers` names the dashboards playwright.config.ts starts for it
 *   (E2E_SERVERS: 'none' for the specs that start their own)
 */

/** The dashboards playwright.config.ts exports besides the main one, by the name a spec imports. */
const SERVERS = ['offline', 'readOnly', 'guarded', 'misconfigured'];

/** The main dashboard and those the files import from playwright.config.ts. */
function serversFor(files) {
  const used = new Set(['main']);
  for (const file of files) {
    const source = readFileSync(path.join(root, 'e2e', file), 'utf8');
    const imported = /import\s*\{([^}]*)\}\s*from\s*'\.\.\/playwright\.config'/.exec(source);
    for (const name of imported?.[1]?.split(',') ?? [])
      if (SERVERS.includes(name.trim())) used.add(name.trim());
  }
  return [...used].join(',');
}

/** Splits files into `parts` groups of about equal seconds, longest first. */
function balance(files, parts) {
  const groups = Array.from({ length: parts }, () => []);
  for (const file of [...files].sort((a, b) => seconds(b) - seconds(a))) {
    groups.sort((a, b) => sum(a) - sum(b));
    groups[0].push(file);
  }
  return groups.filter((g) => g.length > 0).map((g) => g.sort());
}

/**
 * The jobs for `lanes` lanes, longest first, the crowd last. The attacks are a job of their own, because they load
 * every dashboard on their etcd; the findings, upgrade, clusters and etcd-users specs start their own etcd and
 * dashboards.
 * (The replica tests, which open no page, are vitest's: test/replicas/.)
 * @returns {Job[]}
 */
export function planJobs(lanes) {
  const specs = readdirSync(path.join(root, 'e2e')).filter((f) => f.endsWith('.spec.ts'));
  const attacks = specs.filter((f) => /^hardening-/.test(f));
  // Specs that start their own etcd and dashboards: findings (thresholds of their own), the upgrade,
  // several clusters (two etcds for one dashboard), and etcd's own users (an etcd with auth enabled).
  const own = ['findings', 'upgrade', 'clusters', 'etcd-users'];
  const ownSpecs = (name) => specs.filter((f) => f === `${name}.spec.ts`);
  // Thirty browsers of its own: a job of its own, run last, when the suites beside the end-to-end
  // tests have mostly finished, so it neither slows their timing nor is slowed by them.
  const crowd = specs.filter((f) => f === 'audience.spec.ts');
  const pages = specs.filter(
    (f) => !attacks.includes(f) && !crowd.includes(f) && !own.some((n) => f === `${n}.spec.ts`),
  );
  const total = sum(specs) + 2 * START_SECONDS;
  // Jobs of about half a lane's share, so the lanes can even out however the jobs fall.
  const partsOf = (files) =>
    lanes === 1 ? 1 : Math.max(1, Math.ceil(sum(files) / (total / lanes / 2)));
  const pageParts = partsOf(pages);
  const job = (name, project, files, ownServers) => ({
    name,
    project,
    files,
    servers: ownServers ? 'none' : serversFor(files),
    seconds: sum(files) + (ownServers ? 0 : START_SECONDS),
  });
  return [
    ...balance(pages, pageParts).map((files, i) => job(`pages-${i + 1}`, 'chromium', files, false)),
    job('attacks', 'attacks', attacks, false),
    ...own.map((name) => job(name, name, ownSpecs(name), true)),
  ]
    .filter((j) => j.files.length > 0)
    .sort((a, b) => b.seconds - a.seconds)
    .concat(crowd.length > 0 ? [job('crowd', 'chromium', crowd, false)] : []);
}
