import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, type APIRequestContext } from '@playwright/test';
import { actionId, callFormAction } from './actions';
import { test } from './fixtures';
import { uniqueKey } from './helpers';
import { inWorkspace, type Dashboard } from './replica-helpers';

// Behind a reverse proxy that appends to X-Forwarded-For (nginx's $proxy_add_x_forwarded_for), the
// leftmost entries are whatever the client wrote and the rightmost is the address the proxy saw.
// Each request here is what such a proxy passes on: a made-up entry on the left, and the proxy's
// own entry, fixed per client, on the right. Also: credentials typed into ETCD_ENDPOINTS.

test.describe.configure({ timeout: 90_000 });

const TOKEN = `e2e-proxy-${randomUUID()}`;
/** The addresses the proxy appended: one attacker, and someone else. */
const ATTACKER = '203.0.113.66';
const NEIGHBOUR = '203.0.113.7';

type Result = { ok: boolean; code?: string; data?: { id: string } };

/** A request context for one client as the proxy passes it on, signed in if `session` is given. */
function behindProxy(
  playwright: { request: { newContext: (o: object) => Promise<APIRequestContext> } },
  forwardedFor: string,
  session?: Awaited<ReturnType<APIRequestContext['storageState']>>,
) {
  return playwright.request.newContext({
    extraHTTPHeaders: { 'X-Forwarded-For': forwardedFor },
    ...(session ? { storageState: session } : {}),
  });
}

async function formAction(
  client: APIRequestContext,
  dashboard: Dashboard,
  name: string,
  fields: Record<string, string>,
): Promise<Result> {
  const answer = await callFormAction(client, dashboard.url, actionId(name), fields);
  expect(answer.status, answer.text).toBe(200);
  return (answer.result as { result: Result }).result;
}

/** A sign-in from `forwardedFor`; the context is kept open for its session. */
async function signIn(
  playwright: Parameters<typeof behindProxy>[0],
  dashboard: Dashboard,
  forwardedFor: string,
  token: string,
) {
  const client = await behindProxy(playwright, forwardedFor);
  const result = await formAction(client, dashboard, 'signInAction', { token });
  return { client, result };
}

const proxied = { DASHBOARD_TOKEN: TOKEN, DASHBOARD_TRUST_PROXY: 'true' };

/** Ten attempts a minute per client (SIGN_INS_PER_MINUTE), then refused before the check. */
const TEN_THEN_REFUSED = [
  ...Array.from({ length: 10 }, () => 'invalid_input'),
  'rate_limited',
  'rate_limited',
];

/** Twelve wrong sign-ins from the attacker, each inventing its own leftmost entry: their codes. */
async function wrongSignIns(
  playwright: Parameters<typeof behindProxy>[0],
  to: (n: number) => Dashboard,
  invented: (n: number) => string,
): Promise<(string | undefined)[]> {
  const codes: (string | undefined)[] = [];
  for (let n = 0; n < 12; n++) {
    const forwardedFor = `${invented(n)}, ${ATTACKER}`;
    const { client, result } = await signIn(playwright, to(n), forwardedFor, `wrong-token-${n}`);
    await client.dispose();
    codes.push(result.code);
  }
  return codes;
}

test('sign-in attempts that each invent a leftmost X-Forwarded-For entry are counted as the one client the proxy saw', async ({
  playwright,
}, info) => {
  await inWorkspace(info.outputPath('logs'), async (ws) => {
    const dashboard = await ws.dashboard('proxied', proxied, { alone: true });
    const codes = await wrongSignIns(
      playwright,
      () => dashboard,
      (n) => `10.66.${n}.${n + 1}`,
    );
    expect(codes).toEqual(TEN_THEN_REFUSED);
    const late = await signIn(playwright, dashboard, `10.66.99.1, ${ATTACKER}`, TOKEN);
    expect(late.result, 'even the right token, once the allowance is spent').toMatchObject({
      ok: false,
      code: 'rate_limited',
    });
    await late.client.dispose();

    // Another address the proxy saw has its own allowance, whatever its client wrote.
    const other = await signIn(playwright, dashboard, `10.66.0.1, ${NEIGHBOUR}`, TOKEN);
    expect(other.result).toMatchObject({ ok: true });
    await other.client.dispose();
  });
});

test('through a follower replica, the address the proxy added still names the client at the leader', async ({
  playwright,
}, info) => {
  await inWorkspace(info.outputPath('logs'), async (ws) => {
    const { etcd } = await ws.etcd();
    const [leader, follower] = await ws.leaderAndFollower({
      ...proxied,
      ETCD_ENDPOINTS: etcd.endpoint,
    });
    // A load balancer sends the attacker to either replica; the follower passes its share on.
    const codes = await wrongSignIns(
      playwright,
      (n) => (n % 2 ? follower : leader),
      (n) => `10.88.${n}.1`,
    );
    expect(codes).toEqual(TEN_THEN_REFUSED);
    const other = await signIn(playwright, follower, `10.88.0.1, ${NEIGHBOUR}`, TOKEN);
    expect(other.result).toMatchObject({ ok: true });
    await other.client.dispose();
  });
});

test('grants that each invent a leftmost X-Forwarded-For entry share the one client’s grant limit', async ({
  playwright,
  leases,
}, info) => {
  await inWorkspace(info.outputPath('logs'), async (ws) => {
    const dashboard = await ws.dashboard(
      'proxied-grants',
      { ...proxied, DASHBOARD_GRANTS_PER_MINUTE: '3' },
      { alone: true },
    );
    const signedIn = await signIn(playwright, dashboard, `10.77.0.1, ${ATTACKER}`, TOKEN);
    expect(signedIn.result).toMatchObject({ ok: true });
    const session = await signedIn.client.storageState();
    await signedIn.client.dispose();

    const grantAs = async (forwardedFor: string) => {
      const client = await behindProxy(playwright, forwardedFor, session);
      const result = await formAction(client, dashboard, 'grantLeaseAction', {
        ttl: '30',
        key: uniqueKey('proxied-grant'),
        value: 'v',
      });
      await client.dispose();
      if (result.ok && result.data) leases.track(result.data.id);
      return result;
    };
    const codes: (string | undefined)[] = [];
    for (let n = 0; n < 5; n++)
      codes.push((await grantAs(`10.77.${n}.${n + 2}, ${ATTACKER}`)).code ?? 'ok');
    expect(codes).toEqual(['ok', 'ok', 'ok', 'rate_limited', 'rate_limited']);
    expect(await grantAs(`10.77.0.2, ${NEIGHBOUR}`)).toMatchObject({ ok: true });
  });
});

test('credentials inside ETCD_ENDPOINTS are refused at start-up, and the password is shown nowhere', async ({
  page,
  request,
}, info) => {
  const password = `pw-${randomUUID()}`;
  const plain = process.env.ETCD_ENDPOINTS ?? '';
  const withCredentials = plain.replace('://', `://root:${password}@`);
  expect(withCredentials).toContain(password);
  await inWorkspace(info.outputPath('logs'), async (ws) => {
    const dashboard = await ws.dashboard(
      'credentials',
      { ETCD_ENDPOINTS: withCredentials },
      { alone: true },
    );
    const refusal =
      /^ETCD_ENDPOINTS must not hold a user name or password: set them in ETCD_USERNAME and ETCD_PASSWORD/;

    const health = await request.get(`${dashboard.url}/api/health`);
    expect(health.status()).toBe(503);
    const text = await health.text();
    expect(text).not.toContain(password);
    expect(JSON.parse(text)).toMatchObject({
      ok: false,
      problem: 'config',
      endpoints: [plain],
      error: { code: 'config_invalid', text: expect.stringMatching(refusal) },
    });
    expect((JSON.parse(text) as { error: { text: string } }).error.text).toContain(`(${plain})`);

    const grant = await callFormAction(request, dashboard.url, actionId('grantLeaseAction'), {
      ttl: '30',
      key: uniqueKey('never'),
      value: 'v',
    });
    expect(grant.result).toMatchObject({ result: { ok: false, code: 'config_invalid' } });
    expect(grant.text).not.toContain(password);

    for (const path of ['/api/leases', '/api/cluster', '/metrics']) {
      const res = await request.get(`${dashboard.url}${path}`);
      expect(await res.text(), path).not.toContain(password);
    }

    await page.goto(dashboard.url);
    await expect(
      page.getByText(/ETCD_ENDPOINTS must not hold a user name or password/),
    ).toBeVisible();
    expect(await page.content()).not.toContain(password);

    const log = () => readFileSync(info.outputPath('logs', 'credentials.log'), 'utf8');
    await expect.poll(log).toMatch(/ETCD_ENDPOINTS must not hold a user name or password/);
    expect(log()).not.toContain(password);
  });
});
