import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  etcdctl,
  expectAxisInOrder,
  leaseIdsInEtcd,
  remainingInEtcd,
  remainingShown,
  runTutorialToTtlBefore,
  snapshot,
} from './helpers';

// The guided scenarios, each run to its end in the browser, with what they show checked against
// etcd. Every scenario is reset at the end, which must leave nothing of it in etcd. The leases the
// server makes for them are tracked too, so a test that fails before its reset leaves none behind.

const PREFIX = '/lease-dashboard/scenarios/';
const keysIn = async (prefix: string) =>
  (await etcdctl('get', '--prefix', '--keys-only', prefix)).split('\n').filter(Boolean);

async function open(page: Page, heading: string) {
  await page.goto('/scenarios');
  const section = page.getByRole('region', { name: heading });
  await expect(section).toBeVisible();
  return section;
}

test('the tutorial: grant 10, put, sleep 5, TimeToLive ~4, KeepAliveOnce, TimeToLive ~9', async ({
  page,
  leases,
}) => {
  test.setTimeout(60_000);
  const tutorial = await open(page, 'The tutorial, step by step');
  const { id, step, runStep, stored } = await runTutorialToTtlBefore(
    tutorial,
    { step: 'Step', run: 'Run' },
    leases.track,
  );
  await expect(tutorial.getByRole('note')).toContainText(
    'The grant answered TTL 10: the granted TTL',
  );
  const renewing = Date.now();
  await runStep('keep-alive-once');
  await expect(step('keep-alive-once').locator('output')).toHaveText(`ID: ${id}, TTL: 10`);
  await runStep('ttl-after');
  const output = step('ttl-after').locator('output');
  await remainingShown(output, /TTL: (\d+), grantedTTL: 10/, renewing);
  expect(await remainingInEtcd(id)).toBeGreaterThanOrEqual(
    10 - Math.ceil((Date.now() - renewing) / 1000) - 1,
  );
  // The put reached etcd: what etcdctl read right after it.
  expect(await stored).toBe('127.0.0.1');
  await snapshot(tutorial, 'tutorial');

  await tutorial.getByRole('button', { name: 'Reset the tutorial' }).click();
  await expect(step('grant').getByRole('button', { name: 'Run' })).toBeEnabled();
  expect(await leaseIdsInEtcd()).not.toContain(id);
  expect(await keysIn(`${PREFIX}tutorial/`)).toEqual([]);
});

test('DHCP: renewed at T1; when renewals fail, tried at T1 and T2, then the address expires', async ({
  page,
  leases,
}) => {
  test.setTimeout(45_000);
  const dhcp = await open(page, 'DHCP renewal');
  await dhcp.getByRole('button', { name: 'Lease an address' }).click();
  const key = `${PREFIX}dhcp/leases/192.168.1.23`;
  await expect(dhcp.getByText(`Address key ${key}.`)).toBeVisible();
  expect(await keysIn(key)).toEqual([key]);
  await leases.trackHolderOf(key);

  // T1 is 4 s into the 8 s lease: the renewal succeeds and the lease starts over.
  await expect(dhcp.getByText(/Next renewal attempt: T1/)).toBeVisible();
  const chart = dhcp.getByTestId('lease-chart');
  await expect
    .poll(async () => Number(await chart.getAttribute('data-marks')), { timeout: 7000 })
    .toBeGreaterThan(0);
  expect(await keysIn(key)).toEqual([key]);

  await dhcp.getByRole('button', { name: 'Make renewals fail' }).click();
  await expect(chart.getByText('renewal failed').first()).toBeVisible({ timeout: 7000 });
  await expect(dhcp.getByText(/Next renewal attempt: T2/)).toBeVisible();
  await expect(dhcp.getByText('No renewal attempt left.')).toBeVisible({ timeout: 6000 });
  await expect(dhcp.locator('.lease-mini .badge')).toHaveText('expired', { timeout: 6000 });
  await expect.poll(() => keysIn(key)).toEqual([]);
  await expect(dhcp.locator('.lease-mini .badge')).toHaveText('expired');
  // Every chart's time axis reads in order: no repeated label, none out of order.
  for (const each of await page.getByTestId('lease-chart').all()) await expectAxisInOrder(each);
  await snapshot(dhcp, 'dhcp');
  await dhcp.getByRole('button', { name: 'Reset DHCP' }).click();
  await expect.poll(() => keysIn(`${PREFIX}dhcp/`)).toEqual([]);
});

test('a web session: activity renews it; without activity its key expires', async ({
  page,
  leases,
}) => {
  test.setTimeout(45_000);
  const session = await open(page, 'A web session');
  await session.getByRole('button', { name: 'Sign a user in' }).click();
  const key =
    (await session.locator('p', { hasText: 'Session key' }).locator('code').textContent()) ?? '';
  expect(key).toMatch(new RegExp(`^${PREFIX}session/sessions/`));
  expect(await etcdctl('get', key, '--print-value-only')).toBe('user=alice');
  await leases.trackHolderOf(key);
  // Some seconds later the user does something: the session is good for 10 s again.
  const lease = session.locator('.lease-mini');
  await expect(lease).toContainText(/: [1-7] s of 10 s left/, { timeout: 8000 });
  await session.getByRole('button', { name: 'User activity' }).click();
  await expect(
    session.getByText(/^Activity renewed the session: [1-7] s -> (9|10) s left\.$/),
  ).toBeVisible();
  expect(await keysIn(key)).toEqual([key]);

  // No more activity: etcd deletes the session key when the lease runs out.
  await expect(lease.locator('.badge')).toHaveText('expired', { timeout: 13_000 });
  await expect.poll(() => keysIn(key)).toEqual([]);
  await snapshot(session, 'web-session');
  await session.getByRole('button', { name: 'Reset the session' }).click();
  await expect.poll(() => keysIn(`${PREFIX}session/`)).toEqual([]);
});

test('service registration: a crashed instance drops out of the registry when its lease runs out', async ({
  page,
  leases,
}) => {
  const registry = await open(page, 'Service registration');
  await registry.getByRole('button', { name: 'Register an instance' }).click();
  await expect(registry.getByRole('listitem', { name: 'Instance instance-1' })).toBeVisible();
  await registry.getByRole('button', { name: 'Register an instance' }).click();
  const live = registry.getByRole('list', { name: 'Live instances' });
  const web = `${PREFIX}registry/services/web/`;
  await expect(live).toContainText(`${web}instance-1`);
  await expect(live).toContainText(`${web}instance-2`);
  for (const n of [1, 2]) await leases.trackHolderOf(`${web}instance-${n}`);

  await registry
    .getByRole('listitem', { name: 'Instance instance-1' })
    .getByRole('button', { name: 'Crash' })
    .click();
  // Its 5 s lease runs out with nobody renewing it; instance-2 is still kept alive.
  await expect(live).not.toContainText(`${web}instance-1`, { timeout: 9000 });
  await expect(live).toContainText(`${web}instance-2`);
  expect(await keysIn(web)).toEqual([`${web}instance-2`]);
  await snapshot(registry, 'service-registration');

  await registry.getByRole('button', { name: 'Reset the registry' }).click();
  await expect.poll(() => keysIn(`${PREFIX}registry/`)).toEqual([]);
  await expect(live).toContainText('no live instances');
});
