import { expect, it } from 'vitest';
import { actionId, callAction, callFormAction, type Poster } from '../../e2e/actions';
import { inWorkspace, type Dashboard } from '../../e2e/replica-helpers';
import { logsOf } from './logs';

// A session signed out on one replica is refused by every other, and by a restarted dashboard: the
// sign-out is kept in etcd, under the dashboard's own prefix, on a lease that ends with the session.

const TOKEN = 'replicas-sessions-token-0123456789';
const SESSION_COOKIE = 'lease-dashboard-session';

/** A browser's cookie jar over fetch: what the dashboard sets, it sends back. */
function browser() {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const poster: Poster = {
    async post(url, { headers, data, multipart }) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { ...headers, cookie: cookie() },
        body: multipart ?? data,
      });
      for (const set of res.headers.getSetCookie()) {
        const [pair = '', ...attributes] = set.split(';');
        const [name = '', value = ''] = pair.split('=');
        const gone =
          value === '' || attributes.some((a) => /max-age=0\b|expires=thu, 01 jan 1970/i.test(a));
        if (gone) jar.delete(name.trim());
        else jar.set(name.trim(), value);
      }
      const body = Buffer.from(await res.arrayBuffer());
      return { status: () => res.status, body: async () => body };
    },
  };
  return { poster, jar, cookie };
}

/** The status of a read that needs a session (DASHBOARD_PROTECT_READS), with this cookie. */
async function readWith(dashboard: Dashboard, cookie: string): Promise<number> {
  const res = await fetch(`${dashboard.url}/api/leases`, { headers: { cookie } });
  await res.arrayBuffer();
  return res.status;
}

async function signIn(dashboard: Dashboard, as: ReturnType<typeof browser>): Promise<string> {
  const answer = await callFormAction(as.poster, dashboard.url, actionId('signInAction'), {
    token: TOKEN,
  });
  expect(answer.result).toMatchObject({ result: { ok: true } });
  const session = as.jar.get(SESSION_COOKIE);
  if (!session) throw new Error(`no session cookie after signing in: ${answer.text}`);
  return `${SESSION_COOKIE}=${session}`;
}

it('a session signed out through one replica is refused by the other, and after a restart', async ({
  task,
}) => {
  await inWorkspace(logsOf(task.name), async (ws) => {
    const { etcd } = await ws.etcd();
    const env = {
      ETCD_ENDPOINTS: etcd.endpoint,
      DASHBOARD_TOKEN: TOKEN,
      DASHBOARD_PROTECT_READS: 'true',
    };
    // Behind DASHBOARD_PROTECT_READS a replica names only its role to a stranger: b follows a, the only other.
    const a = await ws.dashboard('a', env);
    await a.waitForRole('leader');
    const b = await ws.dashboard('b', env);
    await b.waitForRole('follower');
    const leaving = browser();
    const staying = browser();
    const replayed = await signIn(b, leaving);
    const kept = await signIn(a, staying);
    expect(await readWith(b, replayed)).toBe(200);

    // Signed out through the leader; the cookie, replayed through the follower, is refused.
    const out = await callAction(leaving.poster, a.url, actionId('signOutAction'), []);
    expect(out.result).toMatchObject({ ok: true });
    expect(leaving.jar.has(SESSION_COOKIE)).toBe(false);
    expect(await readWith(b, replayed)).toBe(401);

    // The leader is gone; the follower leads, and knows of the sign-out from etcd.
    await a.kill('SIGKILL');
    await b.waitForRole('leader', 20_000);
    expect(await readWith(b, replayed)).toBe(401);
    expect(await readWith(b, kept)).toBe(200);

    // A restart of the only dashboard left.
    await b.kill('SIGKILL');
    const restarted = await ws.dashboard('restarted', env);
    await restarted.waitForRole('leader', 20_000);
    expect(await readWith(restarted, replayed)).toBe(401);
    expect(await readWith(restarted, kept)).toBe(200);
  });
});
