// `npm test`: every check and every test, on a fresh machine too. Installs what is missing (npm
// packages; etcd and Chromium from Debian when root, etcd 3.5 fetched from Debian's trixie suite
// into a cache), runs type-check, lint, format check, unit tests, the integration tests (vitest,
// real etcd) on each etcd version, the production build, the system tests (vitest over HTTP against
// that build, real etcd), the replica tests (vitest, dashboard processes of that build killed and
// restarted on etcds of their own) and the end-to-end tests (Playwright in Debian's Chromium, real
// etcd), all on the newest version, and a short run of the benchmark, then ends with
// each version's counts and one line over all of it: "N passed, N failed".
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureDebianPackage, ensureEtcd } from './etcd.mjs';
import { ETCD_VERSIONS, envForVersion } from './etcd-versions.mjs';
import { bin, ensureNpmPackages, root } from './setup.mjs';

const results = path.join(root, 'test-results');
const newTally = () => ({ passed: 0, failed: 0, skipped: 0 });
/** Counts over everything, and apart for what ran on each etcd version ('' for no etcd). */
const tally = newTally();
const byVersion = new Map();
const failures = [];
/** Each failed test by name, with the first line of why: printed beside the summary, which is what a CI log's tail keeps. */
const failedTests = [];

function failedTest(step, file, title, message) {
  const why = String(message ?? '')
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .find((l) => l.trim());
  const where = file && path.isAbsolute(file) ? path.relative(root, file) : (file ?? '');
  failedTests.push(`${step}: ${where} › ${title}${why ? ` — ${why.trim().slice(0, 240)}` : ''}`);
}

/** Adds to the total and to the version's own counts. */
function count(version, what, n = 1) {
  tally[what] += n;
  if (!byVersion.has(version)) byVersion.set(version, newTally());
  byVersion.get(version)[what] += n;
}

/** Runs a command to its end; resolves to its exit code or signal. */
function exited(command, args, stdio, env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio, env });
    child.on('exit', (code, signal) => resolve(code ?? signal));
  });
}

async function step(name, command, args, env = {}, base = process.env) {
  console.log(`\n=== ${name}: ${[path.basename(command), ...args].join(' ')}`);
  const started = Date.now();
  const status = await exited(command, args, 'inherit', {
    ...base,
    NEXT_TELEMETRY_DISABLED: '1',
    ...env,
  });
  console.log(`=== ${name}: exit ${status} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return status === 0;
}

/**
 * A step that runs while others do, its output kept in a log and printed whole when it ends, so the
 * steps' lines do not interleave. Resolves to whether it passed.
 */
async function stepInBackground(name, command, args, base, logFile) {
  console.log(
    `\n=== ${name}: runs alongside the next steps (log: ${path.relative(root, logFile)})`,
  );
  const started = Date.now();
  const log = openSync(logFile, 'w');
  const status = await exited(command, args, ['ignore', log, log], {
    ...base,
    NEXT_TELEMETRY_DISABLED: '1',
  });
  closeSync(log);
  console.log(`\n=== ${name}: output`);
  process.stdout.write(readFileSync(logFile, 'utf8'));
  console.log(`=== ${name}: exit ${status} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return status === 0;
}

/** A check that is one test: it passes or it fails. */
async function check(name, command, args, version = '', base = process.env) {
  const ok = await step(name, command, args, {}, base);
  if (ok) {
    count(version, 'passed');
  } else {
    count(version, 'failed');
    failures.push(name);
  }
  return ok;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function countVitest(name, ok, file, version = '') {
  const report = readJson(file);
  if (!report) {
    count(version, 'failed');
    failures.push(`${name} (no report)`);
    return;
  }
  count(version, 'passed', report.numPassedTests);
  count(version, 'failed', report.numFailedTests);
  count(version, 'skipped', report.numPendingTests + report.numTodoTests);
  if (report.numFailedTests > 0 || !ok) failures.push(name);
  if (!ok && report.numFailedTests === 0) count(version, 'failed'); // it failed outside any test
  for (const file of report.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      if (test.status === 'failed')
        failedTest(name, file.name, test.fullName, test.failureMessages?.[0]);
    }
    if (
      file.status === 'failed' &&
      !(file.assertionResults ?? []).some((t) => t.status === 'failed')
    )
      failedTest(name, file.name, '(the file)', file.message);
  }
}

function countPlaywright(name, ok, file, version = '') {
  const report = readJson(file);
  if (!report?.stats) {
    count(version, 'failed');
    failures.push(`${name} (no report)`);
    return;
  }
  const { expected, unexpected, flaky, skipped } = report.stats;
  // A test that passed only on a retry failed once: it counts as failed.
  count(version, 'passed', expected);
  count(version, 'failed', unexpected + flaky);
  count(version, 'skipped', skipped);
  if (unexpected > 0 || !ok) failures.push(name);
  if (!ok && unexpected === 0) count(version, 'failed');
  const walk = (suite, titles) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== 'unexpected' && test.status !== 'flaky') continue;
        const error = test.results?.find((r) => r.error)?.error?.message;
        failedTest(name, spec.file, [...titles, spec.title].join(' › '), error);
      }
    }
    for (const child of suite.suites ?? [])
      walk(child, child.title ? [...titles, child.title] : titles);
  };
  for (const suite of report.suites ?? []) walk(suite, []);
}

/** "N passed, N failed[, N skipped]" */
const line = (t) =>
  `${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ''}`;

function vitestArgs(project, file) {
  return [
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${file}`,
  ];
}

async function main() {
  ensureNpmPackages();
  ensureEtcd();
  const chromium = process.env.CHROMIUM_PATH ?? ensureDebianPackage('chromium', 'chromium');
  // The metrics tests scrape the dashboard with a real Prometheus, and check its output with promtool.
  ensureDebianPackage('prometheus', 'prometheus');
  rmSync(results, { recursive: true, force: true });
  mkdirSync(results, { recursive: true });

  const versions = Object.keys(ETCD_VERSIONS);
  const newest = versions[0];
  // Fetched (3.5) and checked before anything runs, so a missing etcd fails once, plainly.
  const envs = new Map(versions.map((v) => [v, envForVersion(v)]));
  const exact = (v) => ETCD_VERSIONS[v].exact;

  // The integration tests mostly wait on etcd's clock, each version on an etcd of its own: they run
  // beside everything else rather than before it.
  const integration = versions.map((v) => {
    const file = path.join(results, `vitest-integration-${exact(v)}.json`);
    const name = `integration tests on etcd ${exact(v)}`;
    const log = path.join(results, `integration-${exact(v)}.log`);
    const args = vitestArgs('integration', file);
    const done = stepInBackground(name, bin('vitest'), args, envs.get(v), log);
    return done.then((ok) => () => countVitest(name, ok, file, v));
  });
  // etcd keeps a lease's remaining TTL across a leader change only from its first checkpoint, a fixed
  // time after the grant: those tests wait for it, on the newest etcd only, where the behaviour is
  // documented and the wait is paid once.
  const slowFile = path.join(results, `vitest-slow-${exact(newest)}.json`);
  const slowName = `slow tests (lease checkpoints) on etcd ${exact(newest)}`;
  const slowLog = path.join(results, `slow-${exact(newest)}.log`);
  const slow = stepInBackground(
    slowName,
    bin('vitest'),
    vitestArgs('slow', slowFile),
    envs.get(newest),
    slowLog,
  ).then((ok) => () => countVitest(slowName, ok, slowFile, newest));

  await check('typecheck', bin('tsc'), ['--noEmit']);
  await check('lint', bin('eslint'), ['.', '--max-warnings', '0']);
  await check('format', bin('prettier'), ['--check', '.']);
  await check('alert rules', 'promtool', ['check', 'rules', 'docs/prometheus/lease-alerts.yml']);
  await check('alert rule tests', 'promtool', [
    'test',
    'rules',
    'docs/prometheus/lease-alerts.test.yml',
  ]);

  const unitFile = path.join(results, 'vitest-unit.json');
  const unitOk = await step('unit tests', bin('vitest'), vitestArgs('unit', unitFile));
  countVitest('unit tests', unitOk, unitFile);
  const built = await check('build', bin('next'), ['build']);
  const systemFile = path.join(results, `vitest-system-${exact(newest)}.json`);
  const replicasFile = path.join(results, `vitest-replicas-${exact(newest)}.json`);
  const e2eFile = path.join(results, 'e2e.json');
  /** Resolves to the replica tests' counting, once they have run (or at once, with no build). */
  let replicas = Promise.resolve(() => {});
  if (built) {
    // Each replica test starts an etcd and dashboards of its own and mostly waits out TTLs and
    // failovers: they run beside the system and end-to-end tests rather than after them.
    const replicasName = `replica tests on etcd ${exact(newest)}`;
    const replicasLog = path.join(results, `replicas-${exact(newest)}.log`);
    replicas = stepInBackground(
      replicasName,
      bin('vitest'),
      vitestArgs('replicas', replicasFile),
      envs.get(newest),
      replicasLog,
    ).then((ok) => () => countVitest(replicasName, ok, replicasFile, newest));
    const systemName = `system tests on etcd ${exact(newest)}`;
    const systemOk = await step(
      systemName,
      bin('vitest'),
      vitestArgs('system', systemFile),
      {},
      envs.get(newest),
    );
    countVitest(systemName, systemOk, systemFile, newest);
    const name = `end-to-end tests on etcd ${exact(newest)}`;
    const e2eOk = await step(
      name,
      'node',
      ['scripts/e2e.mjs'],
      { CHROMIUM_PATH: chromium },
      envs.get(newest),
    );
    countPlaywright(name, e2eOk, e2eFile, newest);
    // The benchmark's figures are for `npm run bench`; this only keeps the script from rotting.
    await check(
      `benchmark runs (100 leases, etcd ${exact(newest)})`,
      'node',
      ['scripts/bench.mjs', '--sizes', '100', '--window', '3', '--no-build'],
      newest,
      envs.get(newest),
    );
  } else {
    // Nothing ran on the build, so its tests count as failed rather than vanish from the total.
    for (const [what, file] of [
      ['system tests', systemFile],
      ['replica tests', replicasFile],
      ['end-to-end tests', e2eFile],
    ]) {
      if (existsSync(file)) continue;
      count(newest, 'failed');
      failures.push(`${what} (not run: the build failed)`);
    }
  }

  for (const counted of await Promise.all([...integration, slow, replicas])) counted();

  console.log('');
  for (const [v, t] of byVersion)
    console.log(`${v ? `etcd ${exact(v)}` : 'no etcd (checks, unit tests, build)'}: ${line(t)}`);
  for (const test of failedTests) console.log(`Failed test: ${test}`);
  if (failures.length) console.log(`Failed: ${failures.join(', ')}`);
  console.log(line(tally));
  process.exit(tally.failed > 0 ? 1 : 0);
}

main().catch((err) => {
  console.error(`\n${err.message}`);
  console.log(`${tally.passed} passed, ${tally.failed + 1} failed`);
  process.exit(1);
});
