import type { Locator, Page } from '@playwright/test';
import { expect, test, type Leases } from './fixtures';
import { DashboardPage, etcdctl, snapshot, startEtcdctl, type RunningEtcdctl } from './helpers';

// The lock and election scenarios run to their end in the browser, joined by clientv3's own
// recipes (`etcdctl lock`, `etcdctl elect`) as another program would, and what each lease holds,
// named on the lease list. Each test resets its scenario and stops its etcdctl, pass or fail.

const LOCK = '/lease-dashboard/scenarios/lock/jobs/db-migration';
const ELECTION = '/lease-dashboard/scenarios/election/scheduler';

async function open(page: Page, heading: string): Promise<Locator> {
  await page.goto('/scenarios');
  const section = page.getByRole('region', { name: heading });
  await expect(section).toBeVisible();
  return section;
}

/** Registers the scenario's leases with the fixture, so a failed test leaves none behind. */
async function trackMembers(page: Page, leases: Leases, kind: 'lock' | 'election') {
  const res = await page.request.get('/api/scenarios');
  const body = (await res.json()) as Record<string, { members: { leaseId: string }[] }>;
  for (const m of body[kind]?.members ?? []) leases.track(m.leaseId);
}

const running: RunningEtcdctl[] = [];
test.afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
});

test('a lock: three workers contend, etcdctl lock joins, each crash hands the lock on', async ({
  page,
  leases,
}) => {
  test.setTimeout(90_000);
  const lock = await open(page, 'A lock');
  await expect(lock.getByText(`etcdctl lock --ttl 5 ${LOCK}`)).toBeVisible();
  await lock.getByRole('button', { name: 'Start: three workers contend' }).click();
  const line = lock.getByRole('list', { name: 'Lock line' });
  await expect(line.getByRole('listitem')).toHaveCount(3);
  await trackMembers(page, leases, 'lock');
  await expect(line.getByRole('listitem').first()).toContainText('worker-1: holds the lock');

  // clientv3's own Mutex joins the same line, fourth.
  const shell = startEtcdctl('lock', '--ttl', '5', LOCK);
  running.push(shell);
  await expect(line.getByRole('listitem')).toHaveCount(4);
  await expect(line.getByRole('listitem').nth(3)).toContainText(
    /another client \(lease [0-9a-f]{16}\): waits/,
  );

  // What the lease list says of the holder, and what revoking it would break.
  const keys = (await etcdctl('get', '--prefix', '--keys-only', `${LOCK}/`))
    .split('\n')
    .filter(Boolean);
  expect(keys).toHaveLength(4);
  const viewer = await page.context().newPage();
  await viewer.goto('/?kind=lock');
  await new DashboardPage(viewer).live();
  const holderRow = viewer.getByRole('row').filter({ hasText: `holds lock ${LOCK}` });
  await expect(holderRow).toHaveCount(1);
  await expect(
    viewer.getByRole('row').filter({ hasText: `waits for lock ${LOCK} (4th in line)` }),
  ).toHaveCount(1);
  await holderRow.getByRole('button', { name: 'Revoke' }).click();
  await expect(
    viewer.getByRole('dialog', { name: 'Revoke this lease?' }).getByTestId('revoke-consequences'),
  ).toContainText(`releases lock ${LOCK}: the next waiter takes it`);
  await viewer.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await viewer.close();

  // Crash each worker in turn: its lease runs out (5 s) and the next in line holds.
  for (const [crashed, next] of [
    ['worker-1', 'worker-2'],
    ['worker-2', 'worker-3'],
  ]) {
    await lock.getByRole('button', { name: 'Crash the holder' }).click();
    await expect(lock.getByRole('list', { name: 'A lock timeline' })).toContainText(
      `${crashed} crashed`,
    );
    await expect(line.getByRole('listitem').first()).toContainText(`${next}: holds the lock`, {
      timeout: 9000,
    });
  }
  await lock.getByRole('button', { name: 'Crash the holder' }).click();
  // etcdctl now holds: it prints the key it holds the lock with.
  await expect.poll(() => shell.output(), { timeout: 9000 }).toContain(`${LOCK}/`);
  await expect(line.getByRole('listitem').first()).toContainText(
    /another client \(lease [0-9a-f]{16}\): holds the lock/,
  );
  await expect(lock.getByRole('button', { name: 'Crash the holder' })).toBeDisabled();
  const timeline = lock.getByRole('list', { name: 'A lock timeline' });
  await expect(timeline).toContainText("worker-1's lease expired: etcd deleted its key");
  await expect(timeline).toContainText('worker-3 holds the lock');
  await snapshot(lock, 'lock');

  await lock.getByRole('button', { name: 'Reset' }).click();
  await expect(line.getByRole('listitem').first()).toContainText('another client');
  // Reset takes only the scenario's own contenders: etcdctl still holds until it exits.
  await shell.stop();
  await expect(line.getByRole('listitem')).toHaveText(['no one']);
  expect(await etcdctl('get', '--prefix', '--keys-only', `${LOCK}/`)).toBe('');
});

test('an election: candidates campaign, an observer sees each new leader, etcdctl elect joins', async ({
  page,
  leases,
}) => {
  test.setTimeout(90_000);
  const election = await open(page, 'A leader election');
  await expect(election.getByText(`etcdctl elect ${ELECTION} dave`)).toBeVisible();
  await election.getByRole('button', { name: 'Start: three candidates campaign' }).click();
  const line = election.getByRole('list', { name: 'Candidates' });
  await expect(line.getByRole('listitem')).toHaveCount(3);
  await trackMembers(page, leases, 'election');
  await expect(line.getByRole('listitem').first()).toContainText('alice (alice): leads');

  // etcdctl as the observer (elect -l) and as a fourth candidate.
  const observer = startEtcdctl('elect', '-l', ELECTION);
  running.push(observer);
  await expect.poll(() => observer.output()).toContain('alice');
  const dave = startEtcdctl('elect', ELECTION, 'dave');
  running.push(dave);
  await expect(line.getByRole('listitem')).toHaveCount(4);
  await expect(line.getByRole('listitem').nth(3)).toContainText('(dave): candidate');

  await election.getByRole('button', { name: 'Crash the leader' }).click();
  await expect(line.getByRole('listitem').first()).toContainText('bob (bob): leads', {
    timeout: 9000,
  });
  const timeline = election.getByRole('list', { name: 'A leader election timeline' });
  await expect(timeline).toContainText("alice's lease expired: etcd deleted its key");
  await expect(timeline).toContainText('The observer sees a new leader: bob (proposal "bob")');
  await snapshot(election, 'election');
  // etcdctl's own observer saw the same change.
  await expect.poll(() => observer.output(), { timeout: 5000 }).toContain('bob');

  // The leader, named on the lease list.
  const viewer = await page.context().newPage();
  await viewer.goto('/?kind=election');
  await expect(
    viewer.getByRole('row').filter({ hasText: `leads election ${ELECTION}: bob` }),
  ).toHaveCount(1);
  await viewer.close();

  // dave leaves while bob still leads: interrupted while it waits, etcdctl elect resigns. Interrupted
  // just as it wins (Reset revoking the others at that moment), it exits without resigning (its
  // Get after Campaign fails on the cancelled context) and its key stays until its session's lease
  // runs out, a minute later. That race failed this test in CI.
  await dave.stop();
  await expect(line.getByRole('listitem')).toHaveCount(2);
  await election.getByRole('button', { name: 'Reset' }).click();
  await expect(line.getByRole('listitem')).toHaveText(['no one']);
  expect(await etcdctl('get', '--prefix', '--keys-only', `${ELECTION}/`)).toBe('');
});

test('etcdctl lock holder exits: its waiter is shown holding before the holder could have expired, on the list and in the presenter view', async ({
  page,
  leases,
}) => {
  const name = `/e2e/${Date.now().toString(36)}/jobs/report`;
  const holder = startEtcdctl('lock', '--ttl', '10', name);
  running.push(holder);
  await expect.poll(() => holder.output()).toContain(`${name}/`);
  const holderLease = leases.track(
    (holder.output().trim().split('/').pop() ?? '').padStart(16, '0'),
  );
  const waiter = startEtcdctl('lock', '--ttl', '10', name);
  running.push(waiter);

  await page.goto(`/?key=${encodeURIComponent(`${name}/`)}`);
  const holds = page.getByRole('row').filter({ hasText: `holds lock ${name}` });
  const waits = page.getByRole('row').filter({ hasText: `waits for lock ${name} (2nd in line)` });
  await expect(holds).toHaveAccessibleName(`Lease ${holderLease}`);
  await expect(waits).toHaveCount(1);
  const waiterLease = ((await waits.getAttribute('aria-label')) ?? '').replace('Lease ', '');
  leases.track(waiterLease);
  await expect(page.getByRole('button', { name: /^Locks \d+$/ })).toBeVisible({ timeout: 10_000 });

  const presenter = await page.context().newPage();
  await presenter.goto(`/leases/${waiterLease}`);
  await expect(presenter.getByTestId('holding')).toHaveText(`waits for lock ${name} (2nd in line)`);

  // Ctrl-C: etcdctl closes its session, revoking its lease; etcd gives the lock to the waiter.
  await holder.stop();
  // The revoke's key delete, heard on the watch, is what tells: without it the holder's lease would
  // run out no sooner than two thirds of its TTL after its last renewal. The pages poll each second,
  // and the integration test holds the server itself to 2 s (test/integration/holdings.test.ts).
  await expect(holds).toHaveAccessibleName(`Lease ${waiterLease}`, { timeout: 5000 });
  await expect(presenter.getByTestId('holding')).toHaveText(`holds lock ${name}`, {
    timeout: 5000,
  });
  await presenter.close();
});
