import { expect, test, type Page } from '@playwright/test';
import { snapshot } from './helpers';
import { etcdctlAt, leaseAlive, rootLease, setUpTeam, type Team } from './etcd-team';
import { inWorkspace } from './replica-helpers';

// DASHBOARD_SIGN_IN=etcd on an etcd of the test's own with auth enabled, its users made with
// etcdctl as the README says: alice may write /team-a/, bob may only read it. Each signs in with
// their own etcd password and acts as themselves; etcd's answer is what the page shows.

test.describe.configure({ timeout: 120_000 });
test.use({ viewport: { width: 1280, height: 900 } });

const USERS: Team = {
  root: 'root-pw-e2e',
  dashboard: 'dashboard-pw-e2e',
  alice: 'alice-pw-e2e',
  bob: 'bob-pw-e2e',
};

async function signIn(page: Page, user: string, password: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByLabel('User').fill(user);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Sign in' }).click();
}

test('etcd users sign in and act as themselves: alice revokes, bob is refused with the permission named', async ({
  page,
}, info) => {
  await inWorkspace(info.outputPath('logs'), async (ws) => {
    const { etcd } = await ws.etcd('users');
    const asRoot = await setUpTeam(etcdctlAt(etcd.endpoint), USERS);
    const web = await rootLease(asRoot, 600, '/team-a/web-1');
    const db = await rootLease(asRoot, 600, '/team-a/db-1');
    const alive = (id: string) => leaseAlive(asRoot, id);
    const dashboard = await ws.dashboard(
      'users',
      {
        ETCD_ENDPOINTS: etcd.endpoint,
        ETCD_USERNAME: 'dashboard',
        ETCD_PASSWORD: USERS.dashboard,
        DASHBOARD_SIGN_IN: 'etcd',
      },
      { alone: true },
    );
    const row = (id: string) => page.getByRole('row', { name: `Lease ${id}` });
    const revoke = async (id: string) => {
      await row(id).getByRole('button', { name: 'Revoke' }).click();
      await page
        .getByRole('dialog', { name: 'Revoke this lease?' })
        .getByRole('button', { name: 'Revoke' })
        .click();
    };

    await test.step('a wrong password is refused by etcd, on the Password field', async () => {
      await page.goto(`${dashboard.url}/`);
      await expect(row(web)).toBeVisible();
      await expect(row(web).getByRole('button', { name: 'Revoke' })).toBeDisabled();
      await signIn(page, 'alice', 'not-her-password');
      await expect(page.getByRole('form', { name: 'Sign in' }).getByRole('status')).toHaveText(
        'etcd refused the user name or password for alice',
      );
      await expect(page.getByLabel('Password')).toHaveAccessibleDescription(
        'etcd refused the user name or password for alice',
      );
      await expect(page.getByLabel('User')).toHaveValue('alice');
    });

    await test.step('alice signs in and revokes a lease holding /team-a/ keys', async () => {
      await signIn(page, 'alice', USERS.alice);
      await expect(page.getByText('Signed in as alice')).toBeVisible();
      await revoke(web);
      await expect(row(web).getByText('Revoked; etcd deleted 1 key')).toBeVisible();
      expect(await alive(web)).toBe(false);
    });

    await test.step('bob signs in; etcd refuses his revoke, and the page names the permission', async () => {
      await page.getByRole('button', { name: 'Sign out' }).click();
      await expect(page.getByRole('form', { name: 'Sign in' })).toBeVisible();
      await signIn(page, 'bob', USERS.bob);
      await expect(page.getByText('Signed in as bob')).toBeVisible();
      await revoke(db);
      await expect(
        page.getByText(
          'etcd refused user bob write permission on /team-a/db-1: LeaseRevoke needs write permission on every key the lease holds',
        ),
      ).toBeVisible();
      expect(await alive(db)).toBe(true);
      expect(await asRoot('get', '/team-a/db-1', '--print-value-only')).toBe('v');
    });

    await test.step("the audit trail names each of them: alice's failed sign-in and revoke, bob's refusal", async () => {
      await page.getByRole('link', { name: 'Audit trail' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Audit trail' })).toBeVisible();
      const rows = page.getByRole('table', { name: 'Audit entries' }).getByRole('row');
      const entry = (who: string, action: string, result: string) =>
        rows
          .filter({ has: page.getByRole('cell', { name: who, exact: true }) })
          .filter({ has: page.getByRole('cell', { name: action, exact: true }) })
          .filter({ has: page.getByRole('cell', { name: result, exact: true }) });
      await expect(entry('alice', 'Sign in', 'invalid_input')).toHaveCount(1);
      await expect(entry('alice', 'Revoke', 'ok')).toContainText(web);
      await expect(entry('bob', 'Revoke', 'permission_denied')).toContainText(db);
      const filters = page.getByRole('search', { name: 'Filter the audit trail' });
      await filters.getByLabel('User').fill('bob');
      await filters.getByRole('button', { name: 'Filter' }).click();
      await expect(entry('alice', 'Revoke', 'ok')).toHaveCount(0);
      await expect(entry('bob', 'Revoke', 'permission_denied')).toHaveCount(1);
      await filters.getByRole('button', { name: 'Clear' }).click();
      await expect(entry('alice', 'Revoke', 'ok')).toHaveCount(1);
      await snapshot(page.locator('body'), 'audit');
    });
  });
});
