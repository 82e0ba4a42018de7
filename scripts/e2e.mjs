// Runs the end-to-end tests against the production build (expects one). With no arguments, the
// specs are split into jobs (scripts/e2e-lanes.mjs) that run in E2E_LANES lanes side by side, each
// job on a fresh etcd of its own with its own dashboards on free ports; the jobs' reports are merged
// into test-results/e2e.json. With arguments, they go to one `playwright test` run.
//   node scripts/e2e.mjs [playwright test arguments]
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CJK_FONT, ensureDebianFile } from './etcd.mjs';
import { planJobs } from './e2e-lanes.mjs';
import { bin, root } from './setup.mjs';

// The zh-CN pages need a font with Chinese characters, or Chromium draws boxes (in the screenshots
// too): Debian's WenQuanYi Micro Hei, installed when missing (as root; else the command is printed).
ensureDebianFile(CJK_FONT, 'fonts-wqy-microhei');

/** The dashboards' ports (and the offline one's etcd ports): playwright.config.ts needs them all. */
const PORT_VARIABLES = [
  'E2E_PORT',
  'E2E_OFFLINE_PORT',
  'E2E_OFFLINE_ETCD_PORT',
  'E2E_OFFLINE_ETCD_PEER_PORT',
  'E2E_READONLY_PORT',
  'E2E_GUARDED_PORT',
  'E2E_MISCONFIGURED_PORT',
];

const running = new Set();
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    for (const child of running) child.kill(signal);
  });

/**
 * One `playwright test` run on an etcd of its own (scripts/with-etcd.mjs). Its output lines carry
 * the job's name when jobs run side by side. Resolves to the exit code.
 */
function runJob(name, args, env, prefix) {
  return new Promise((resolve) => {
    const child = spawn(
      'node',
      [
        'scripts/with-etcd.mjs',
        ...PORT_VARIABLES.flatMap((v) => ['--free-port', v]),
        '--',
        bin('playwright'),
        'test',
        ...args,
      ],
      {
        cwd: root,
        env: { ...process.env, E2E_JOB: name, ...env },
        stdio: prefix ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      },
    );
    running.add(child);
    if (prefix) {
      for (const stream of [child.stdout, child.stderr]) {
        let rest = '';
        stream.on('data', (chunk) => {
          const lines = (rest + chunk).split('\n');
          rest = lines.pop() ?? '';
          for (const line of lines) console.log(`[${name}] ${line}`);
        });
        stream.on('end', () => rest && console.log(`[${name}] ${rest}`));
      }
    }
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/** The jobs' Playwright reports as one, as if one run had made it; a job with no report fails. */
function mergeReports(jobs) {
  const merged = {
    config: null,
    suites: [],
    errors: [],
    stats: { expected: 0, unexpected: 0, flaky: 0, skipped: 0, duration: 0 },
  };
  for (const job of jobs) {
    const file = path.join(root, 'test-results', `${job.name}.json`);
    const report = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
    if (!report?.stats) {
      merged.stats.unexpected += 1;
      merged.errors.push({ message: `job ${job.name} wrote no report (exit ${job.code})` });
      continue;
    }
    merged.config ??= report.config;
    merged.suites.push(...report.suites);
    merged.errors.push(...(report.errors ?? []));
    for (const key of ['expected', 'unexpected', 'flaky', 'skipped'])
      merged.stats[key] += report.stats[key];
    merged.stats.duration = Math.max(merged.stats.duration, report.stats.duration);
  }
  writeFileSync(path.join(root, 'test-results', 'e2e.json'), JSON.stringify(merged));
  return merged.stats;
}

async function lanes() {
  // A lane is a browser and its dashboards: about two cores' worth. Two lanes on two cores held the
  // load near ten and pages took seconds per click, so lanes follow the cores.
  const count = Math.max(1, Number(process.env.E2E_LANES ?? Math.floor(cpus().length / 2)));
  const queue = planJobs(count);
  console.log(
    `${queue.length} jobs in ${count} lane(s):\n` +
      queue
        .map((j) => `  ${j.name} (~${j.seconds} s, dashboards: ${j.servers}): ${j.files.join(' ')}`)
        .join('\n'),
  );
  const started = Date.now();
  const lane = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const args = [...job.files.map((f) => `e2e/${f}`), '--project', job.project, '--no-deps'];
      const jobStarted = Date.now();
      job.code = await runJob(job.name, args, { E2E_SERVERS: job.servers }, true);
      const took = ((Date.now() - jobStarted) / 1000).toFixed(0);
      console.log(`[${job.name}] exit ${job.code} in ${took} s`);
      done.push(job);
    }
  };
  const done = [];
  await Promise.all(Array.from({ length: count }, lane));
  const stats = mergeReports(done);
  console.log(
    `end-to-end: ${stats.expected} passed, ${stats.unexpected + stats.flaky} failed, ` +
      `${stats.skipped} skipped in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  // A test that passed only on a retry failed once, as npm test counts it.
  return done.every((j) => j.code === 0) && stats.unexpected + stats.flaky === 0 ? 0 : 1;
}

const args = process.argv.slice(2);
const code = args.length > 0 ? await runJob('e2e', args, {}, false) : await lanes();
process.exit(code);
