import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { etcdctl } from './etcd-side';

export {
  etcdctl,
  grantWithEtcdctl,
  leaseIdsInEtcd,
  putWithLease,
  remainingInEtcd,
} from './etcd-side';

/**
 * The remaining TTL in a TimeToLive answer `output` shows (`pattern` captures it), checked against
 * the clock: no less than a 10 s lease granted or renewed at `since` can have left. The steps'
 * clicks take longer on a loaded machine, so a fixed expected figure would fail there.
 */
export async function remainingShown(
  output: Locator,
  pattern: RegExp,
  since: number,
): Promise<number> {
  await expect(output).toHaveText(pattern);
  const ttl = Number(pattern.exec((await output.textContent()) ?? '')?.[1]);
  const elapsed = Math.ceil((Date.now() - since) / 1000);
  expect(ttl, `${elapsed} s after the grant or renewal`).toBeGreaterThanOrEqual(10 - elapsed - 1);
  expect(ttl).toBeLessThanOrEqual(10);
  return ttl;
}

export const uniqueKey = (name: string) => `/e2e/${randomUUID().slice(0, 8)}/${name}`;

/** The dashboard as a user sees it. */
export class DashboardPage {
  constructor(readonly page: Page) {}

  grantForm() {
    return this.page.getByRole('form', { name: 'Grant a lease' });
  }

  attachForm() {
    return this.page.getByRole('form', { name: 'Attach a key to a lease' });
  }

  row(id: string) {
    return this.page.getByRole('row', { name: `Lease ${id}` });
  }

  /**
   * Waits until the page is live: hydrated, its events stream open. The rows are in the server's
   * HTML at once, and a click on one of their buttons before hydration does nothing.
   */
  async live(timeout = 15_000): Promise<void> {
    await expect(this.page.getByText('live', { exact: true })).toBeVisible({ timeout });
  }

  bar(id: string) {
    return this.row(id).getByRole('progressbar');
  }

  async remainingShown(id: string): Promise<number> {
    return Number(await this.bar(id).getAttribute('aria-valuenow'));
  }

  /** Fills the grant form (leaving fields not given as they are), submits, returns the new ID. */
  async grant(fields: { ttl?: string; key?: string; value?: string }): Promise<string> {
    const form = this.grantForm();
    if (fields.ttl !== undefined) await form.getByLabel('TTL (seconds)').fill(fields.ttl);
    if (fields.key !== undefined) await form.getByLabel('Key', { exact: true }).fill(fields.key);
    if (fields.value !== undefined)
      await form.getByLabel('Value', { exact: true }).fill(fields.value);
    const status = form.getByRole('status');
    // The status still shows the previous grant until this one answers: wait for it to change.
    const previous = (await status.textContent()) ?? '';
    await form.getByRole('button', { name: 'Grant lease' }).click();
    if (previous) await expect(status).not.toHaveText(previous);
    await expect(status).toHaveText(/^Granted lease [0-9a-f]{16}/);
    const id = /Granted lease ([0-9a-f]{16})/.exec((await status.textContent()) ?? '')?.[1];
    if (!id) throw new Error('no lease ID in the grant status');
    return id;
  }
}

/**
 * A picture of what a test shows: attached to the report, and written to SCREENSHOTS_DIR when that
 * is set (`npm run screenshots` sets it to docs/screenshots, the pictures in the README and docs/).
 */
export async function snapshot(target: Locator, name: string): Promise<void> {
  const png = await target.screenshot({ animations: 'disabled' });
  await test.info().attach(name, { body: png, contentType: 'image/png' });
  const dir = process.env.SCREENSHOTS_DIR;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${name}.png`), png);
  }
}

/** A long-running etcdctl (`lock`, `elect`) beside the dashboard: its output, and a way to stop it. */
export type RunningEtcdctl = { output: () => string; stop: () => Promise<void> };

export function startEtcdctl(...args: string[]): RunningEtcdctl {
  return startEtcdctlAt(process.env.ETCD_ENDPOINTS ?? '', ...args);
}

/** The same against other endpoints (comma-separated), such as a cluster a test started. */
export function startEtcdctlAt(endpoints: string, ...args: string[]): RunningEtcdctl {
  const child = spawn('etcdctl', ['--endpoints', endpoints, ...args], {
    env: { ...process.env, ETCDCTL_API: '3' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    output: () => out,
    stop: async () => {
      // Ctrl-C: etcdctl closes its session, revoking its lease.
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      await exited;
    },
  };
}

/** The time axis' labels, as times of day in seconds, in the order drawn (left to right). */
async function axisSeconds(chart: Locator): Promise<number[]> {
  const ticks = chart.locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value');
  const boxes = await ticks.evaluateAll((els) =>
    els.map((el) => ({ x: el.getBoundingClientRect().x, text: el.textContent ?? '' })),
  );
  return boxes
    .sort((a, b) => a.x - b.x)
    .map(({ text }) => {
      const [h = 0, m = 0, s = 0] = text.split(':').map(Number);
      return h * 3600 + m * 60 + s;
    });
}

/** Every tick of the chart's time axis later than the one before it: no repeats, none out of order. */
export async function expectAxisInOrder(chart: Locator): Promise<void> {
  // The chart draws again as readings come: wait for an axis with ticks, then check all of them.
  await expect
    .poll(async () => (await axisSeconds(chart)).length, { message: 'the time axis has ticks' })
    .toBeGreaterThan(1);
  const seconds = await axisSeconds(chart);
  for (let i = 1; i < seconds.length; i++)
    expect(seconds[i], `tick ${i} after tick ${i - 1}: ${seconds.join(', ')}`).toBeGreaterThan(
      seconds[i - 1]!,
    );
}

/**
 * The tutorial's first four steps, as a user runs them in either language: grant 10, put, sleep 5,
 * TimeToLive, each checked against etcd's answer (its own field names in every language). `words`
 * are the step's and the Run button's names; `track` registers the lease for clean-up. Returns the
 * lease ID and the steps, for the rest of the walk.
 */
export async function runTutorialToTtlBefore(
  tutorial: Locator,
  words: { step: string; run: string },
  track: (id: string) => string,
) {
  const PREFIX = '/lease-dashboard/scenarios/';
  const step = (name: string) => tutorial.getByRole('listitem', { name: `${words.step} ${name}` });
  const runStep = async (name: string) =>
    step(name).getByRole('button', { name: words.run }).click();

  const granting = Date.now();
  await runStep('grant');
  await expect(step('grant').locator('output')).toHaveText(/^ID: [0-9a-f]{16}, TTL: 10$/);
  const id = track(
    /ID: ([0-9a-f]{16})/.exec((await step('grant').locator('output').textContent()) ?? '')?.[1] ??
      '',
  );
  await runStep('put');
  await expect(step('put').locator('output')).toHaveText(/^revision: \d+$/);
  // Asked now, checked later: the lesson's 10 s lease leaves no time to wait for etcdctl between steps.
  const stored = etcdctl('get', `${PREFIX}tutorial/service/self`, '--print-value-only');
  stored.catch(() => undefined); // awaited by the caller; not unhandled if the walk fails first
  await runStep('sleep');
  await expect(step('sleep').locator('output')).toHaveText('slept: 5s', { timeout: 8000 });
  await runStep('ttl-before');
  const ttl = await remainingShown(
    step('ttl-before').locator('output'),
    new RegExp(
      `^ID: ${id}, TTL: (\\d+), grantedTTL: 10, keys: \\[${PREFIX}tutorial/service/self\\]$`,
    ),
    granting,
  );
  // At least the 5 s sleep has passed since the grant: what remains is under 5.
  expect(ttl).toBeLessThanOrEqual(4);
  return { id, ttl, step, runStep, stored };
}
