// `npm test`: every check and every test, on a fresh machine too. Installs what is missing (npm
// packages; etcd and Chromium from Debian when root), runs type-check, lint, format check, unit and
// integration tests (vitest, real etcd), the production build, the end-to-end tests (Playwright in
// Debian's Chromium, real etcd) and a short run of the benchmark, then ends with one line:
// "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureDebianPackage, ensureEtcd } from './etcd.mjs';
import { bin, ensureNpmPackages, root } from './setup.mjs';

const results = path.join(root, 'test-results');
const tally = { passed: 0, failed: 0, flaky: 0, skipped: 0 };
const failures = [];

function step(name, command, args, env = {}) {
  console.log(`\n=== ${name}: ${[path.basename(command), ...args].join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
  });
  console.log(
    `=== ${name}: exit ${result.status ?? result.signal} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return result.status === 0;
}

/** A check that is one test: it passes or it fails. */
function check(name, command, args) {
  const ok = step(name, command, args);
  if (ok) {
    tally.passed++;
  } else {
    tally.failed++;
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

function countVitest(name, ok, file) {
  const report = readJson(file);
  if (!report) {
    tally.failed++;
    failures.push(`${name} (no report)`);
    return;
  }
  tally.passed += report.numPassedTests;
  tally.failed += report.numFailedTests;
  tally.skipped += report.numPendingTests + report.numTodoTests;
  if (report.numFailedTests > 0 || !ok) failures.push(name);
  if (!ok && report.numFailedTests === 0) tally.failed++; // it failed outside any test
}

function countPlaywright(name, ok, file) {
  const report = readJson(file);
  if (!report?.stats) {
    tally.failed++;
    failures.push(`${name} (no report)`);
    return;
  }
  const { expected, unexpected, flaky, skipped } = report.stats;
  tally.passed += expected + flaky;
  tally.flaky += flaky;
  tally.failed += unexpected;
  tally.skipped += skipped;
  if (unexpected > 0 || !ok) failures.push(name);
  if (!ok && unexpected === 0) tally.failed++;
}

function main() {
  ensureNpmPackages();
  ensureEtcd();
  const chromium = process.env.CHROMIUM_PATH ?? ensureDebianPackage('chromium', 'chromium');
  // The metrics tests scrape the dashboard with a real Prometheus, and check its output with promtool.
  ensureDebianPackage('prometheus', 'prometheus');
  rmSync(results, { recursive: true, force: true });
  mkdirSync(results, { recursive: true });

  check('typecheck', bin('tsc'), ['--noEmit']);
  check('lint', bin('eslint'), ['.']);
  check('format', bin('prettier'), ['--check', '.']);

  const vitestFile = path.join(results, 'vitest.json');
  const vitestOk = step('unit and integration tests', bin('vitest'), [
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${vitestFile}`,
  ]);
  countVitest('unit and integration tests', vitestOk, vitestFile);

  const built = check('build', bin('next'), ['build']);
  const e2eFile = path.join(results, 'e2e.json');
  if (built) {
    const e2eOk = step('end-to-end tests', 'node', ['scripts/e2e.mjs'], {
      CHROMIUM_PATH: chromium,
    });
    countPlaywright('end-to-end tests', e2eOk, e2eFile);
    // The benchmark's figures are for `npm run bench`; this only keeps the script from rotting.
    check('benchmark runs (100 leases)', 'node', [
      'scripts/bench.mjs',
      '--sizes',
      '100',
      '--window',
      '3',
      '--no-build',
    ]);
  } else if (!existsSync(e2eFile)) {
    tally.failed++;
    failures.push('end-to-end tests (not run: the build failed)');
  }

  console.log('');
  if (failures.length) console.log(`Failed: ${failures.join(', ')}`);
  if (tally.flaky) console.log(`Flaky (passed on retry): ${tally.flaky}`);
  console.log(
    `${tally.passed} passed, ${tally.failed} failed${tally.skipped ? `, ${tally.skipped} skipped` : ''}`,
  );
  process.exit(tally.failed > 0 ? 1 : 0);
}

try {
  main();
} catch (err) {
  console.error(`\n${err.message}`);
  console.log(`${tally.passed} passed, ${tally.failed + 1} failed`);
  process.exit(1);
}
