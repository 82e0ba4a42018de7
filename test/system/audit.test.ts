import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  actionId,
  callAction,
  callFormAction,
  type ActionAnswer,
  type Poster,
} from '../../e2e/actions';
import { etcdctl } from '../../e2e/etcd-side';
import { startDashboard, type DashboardProcess } from './dashboard-process';
import { leasesOfEachTest } from './leases';

// The audit trail's stdout as a log pipeline reads it, from the production build run as a process:
// each change and attempt made over HTTP is exactly one line of JSON, in order, naming who and from
// where; no line holds the dashboard token or a wrong one typed; etcd keeps the same entries.

const TOKEN = `system-audit-${randomUUID()}`;
const WRONG = `wrong-token-${randomUUID()}`;
/** The address the (trusted) proxy in front of the dashboard appended. */
const CLIENT = '203.0.113.9';
const run = randomUUID().slice(0, 8);
const OWN = `/audit-system-${run}/`;
const KEYS = `/audit-system/${run}/`;

const leases = leasesOfEachTest();
let dashboard: DashboardProcess;
let logDir = '';

beforeAll(async () => {
  logDir = mkdtempSync(path.join(tmpdir(), 'lease-dashboard-audit-'));
  dashboard = await startDashboard(
    'audit',
    {
      ETCD_ENDPOINTS: process.env.ETCD_ENDPOINTS ?? '',
      DASHBOARD_TOKEN: TOKEN,
      DASHBOARD_TRUST_PROXY: 'true',
      DASHBOARD_OWN_PREFIX: OWN,
    },
    logDir,
  );
});

afterAll(async () => {
  await dashboard?.stop();
  await etcdctl('del', '--prefix', OWN);
  await etcdctl('del', '--prefix', KEYS);
  if (logDir) rmSync(logDir, { recursive: true, force: true });
});

/** A browser behind the proxy: it keeps the session cookie the sign-in sets. */
function browser(): Poster {
  let cookie = '';
  return {
    async post(url, { headers, data, multipart }) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { ...headers, 'X-Forwarded-For': CLIENT, ...(cookie ? { Cookie: cookie } : {}) },
        body: multipart ?? data,
      });
      const set = res.headers.getSetCookie().map((c) => c.split(';')[0] ?? '');
      if (set.length) cookie = set.join('; ');
      const body = Buffer.from(await res.arrayBuffer());
      return { status: () => res.status, body: async () => body };
    },
  };
}

type Result = { ok: boolean; code?: string; data?: Record<string, unknown> };
/** A form action's answer is its form state; a plain action's, its result. */
const resultOf = (answer: ActionAnswer): Result => {
  const r = answer.result as Result & { result?: Result };
  return r.result ?? r;
};

/** The audit lines of the dashboard's log, each parsed; a line with the marker must parse. */
function auditLines(): Record<string, unknown>[] {
  const log = readFileSync(path.join(logDir, 'audit.log'), 'utf8');
  return log
    .split('\n')
    .filter((line) => line.includes('"log":"audit"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

it('writes one JSON line per change and attempt, in order, never a token', async () => {
  const client = browser();
  const base = dashboard.url;
  const act = async (name: string, input: object) =>
    resultOf(await callAction(client, base, actionId(name), [input]));
  const form = async (name: string, fields: Record<string, string>) =>
    resultOf(await callFormAction(client, base, actionId(name), fields));

  expect(await act('renewLeaseAction', { leaseId: '7ffffffffffffff5' })).toMatchObject({
    code: 'sign_in_required',
  });
  expect(await form('signInAction', { token: WRONG })).toMatchObject({ code: 'invalid_input' });
  expect(await form('signInAction', { token: TOKEN })).toMatchObject({ ok: true });
  const granted = await form('grantLeaseAction', { ttl: '60', key: `${KEYS}a`, value: 'v' });
  const id = leases.track(String(granted.data?.id));
  expect(await form('attachKeyAction', { leaseId: id, key: `${KEYS}b`, value: 'v' })).toMatchObject(
    { ok: true },
  );
  expect(await act('renewLeaseAction', { leaseId: id })).toMatchObject({ ok: true });
  for (const input of [
    { leaseId: id, on: true, schedule: 'third' },
    { leaseId: id, on: true, schedule: 'half' },
    { leaseId: id, on: false },
  ])
    expect(await act('setKeepAliveAction', input)).toMatchObject({ ok: true });
  const preview = await act('previewPrefixRevokeAction', { prefix: KEYS });
  expect(preview).toMatchObject({ ok: true });
  expect(
    await act('revokePrefixAction', { prefix: KEYS, token: String(preview.data?.token) }),
  ).toMatchObject({ ok: true });
  expect(await act('revokeLeaseAction', { leaseId: id })).toMatchObject({ ok: false });
  expect(await act('dhcpAction', { op: 'reset' })).toMatchObject({ ok: true });
  expect(await act('signOutAction', {})).toMatchObject({ ok: true });
  expect(await act('renewLeaseAction', { leaseId: id })).toMatchObject({
    code: 'sign_in_required',
  });

  const expected = [
    { action: 'renew', who: 'anyone', lease: '7ffffffffffffff5', result: 'sign_in_required' },
    { action: 'sign-in', who: 'anyone', result: 'invalid_input' },
    { action: 'sign-in', who: 'token', result: 'ok' },
    { action: 'grant', who: 'token', lease: id, key: `${KEYS}a`, keys: 1, result: 'ok' },
    { action: 'attach', lease: id, key: `${KEYS}b`, keys: 1, result: 'ok' },
    { action: 'renew', lease: id, result: 'ok' },
    { action: 'keep-alive-on', lease: id, schedule: 'third', result: 'ok' },
    { action: 'keep-alive-schedule', lease: id, schedule: 'half', result: 'ok' },
    { action: 'keep-alive-off', lease: id, result: 'ok' },
    {
      action: 'prefix-preview',
      prefix: KEYS,
      keys: 2,
      counts: { leases: 1, keysOutside: 0 },
      result: 'ok',
    },
    {
      action: 'revoke-prefix',
      prefix: KEYS,
      counts: { leases: 1, revoked: 1, alreadyGone: 0, failed: 0 },
      result: 'ok',
    },
    { action: 'revoke', lease: id, result: 'lease_revoked' },
    { action: 'scenario', scenario: 'dhcp', step: 'reset', result: 'ok' },
    { action: 'sign-out', who: 'token', result: 'ok' },
    { action: 'renew', who: 'anyone', lease: id, result: 'sign_in_required' },
  ];
  // The server writes each line before it answers; the log file is written behind it.
  await expect.poll(() => auditLines().length).toBe(expected.length);
  const lines = auditLines();
  expect(lines).toEqual(
    expected.map((e) =>
      expect.objectContaining({ log: 'audit', cluster: 'default', from: CLIENT, ...e }),
    ),
  );
  for (const line of lines) expect(Date.parse(String(line.at))).not.toBeNaN();

  const log = readFileSync(path.join(logDir, 'audit.log'), 'utf8');
  expect(log).not.toContain(TOKEN);
  expect(log).not.toContain(WRONG);

  // etcd keeps the same entries, in the same order, and no token either.
  const kept = await etcdctl('get', '--prefix', `${OWN}audit/`);
  expect(kept).not.toContain(TOKEN);
  expect(kept).not.toContain(WRONG);
  const values = kept
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(values).toEqual(
    lines.map((line) => Object.fromEntries(Object.entries(line).filter(([k]) => k !== 'log'))),
  );
});
