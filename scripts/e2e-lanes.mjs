// How the end-to-end specs are split into jobs that run side by side, each on an etcd and
// dashboards of its own (scripts/e2e.mjs), so no job can see another's leases.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { root } from './setup.mjs';

/**
 * Roughly how many seconds each spec takes on a 2-core machine with the lanes running side by side,
 * only to balance the jobs: a stale or missing figure makes the run slower, never wrong. Unknown
 * specs count as DEFAULT_SECONDS.
 */
const SECONDS = {
  'accessibility.spec.ts': 164,
  'replicas-failover.spec.ts': 98,
  'keep-alive.spec.ts': 84,
  'contest.spec.ts': 74,
  'leases.spec.ts': 57,
  'scenarios.spec.ts': 55,
  'findings.spec.ts': 50,
  'access.spec.ts': 47,
  'lease-list.spec.ts': 47,
  'i18n.spec.ts': 46,
  'replicas-resume.spec.ts': 46,
  'replicas.spec.ts': 39,
  'replicas-trust.spec.ts': 30,
  'upgrade.spec.ts': 30,
  'chart.spec.ts': 28,
  'keyboard.spec.ts': 27,
  'prefix-revoke.spec.ts': 24,
  'presenter.spec.ts': 24,
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
 * @typedef {{ name: string, project: string, files: string[], servers: boolean, seconds: number }} Job
 *   one `playwright test` run: `servers` says whether it needs the dashboards playwright.config.ts
 *   starts (the replica specs start their own)
 */

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
 * The jobs for `lanes` lanes, longest first. The attacks are a job of their own, because they load
 * every dashboard on their etcd; the replica, findings and upgrade specs start their own etcd and
 * dashboards.
 * @returns {Job[]}
 */
export function planJobs(lanes) {
  const specs = readdirSync(path.join(root, 'e2e')).filter((f) => f.endsWith('.spec.ts'));
  const attacks = specs.filter((f) => /^hardening-/.test(f));
  // Specs that start their own etcd and dashboards: the replicas, and findings (own thresholds).
  const replicas = specs.filter((f) => /^(replicas|findings)/.test(f));
  const upgrade = specs.filter((f) => f === 'upgrade.spec.ts');
  const pages = specs.filter(
    (f) => !attacks.includes(f) && !replicas.includes(f) && !upgrade.includes(f),
  );
  const total = sum(specs) + 2 * START_SECONDS;
  // Jobs of about half a lane's share, so the lanes can even out however the jobs fall.
  const partsOf = (files) =>
    lanes === 1 ? 1 : Math.max(1, Math.ceil(sum(files) / (total / lanes / 2)));
  const pageParts = partsOf(pages);
  const replicaParts = partsOf(replicas);
  const job = (name, project, files, servers) => ({
    name,
    project,
    files,
    servers,
    seconds: sum(files) + (servers ? START_SECONDS : 0),
  });
  return [
    ...balance(pages, pageParts).map((files, i) => job(`pages-${i + 1}`, 'chromium', files, true)),
    job('attacks', 'attacks', attacks, true),
    ...balance(replicas, replicaParts).map((files, i) =>
      job(`replicas-${i + 1}`, 'replicas', files, false),
    ),
    job('upgrade', 'upgrade', upgrade, false),
  ]
    .filter((j) => j.files.length > 0)
    .sort((a, b) => b.seconds - a.seconds);
}
