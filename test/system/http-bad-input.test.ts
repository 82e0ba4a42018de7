import { describe, expect, it } from 'vitest';
import {
  actionId,
  callAction,
  callFormAction,
  type ActionAnswer,
  type Poster,
} from '../../e2e/actions';
import { actionFailureSchema } from '@/lib/shared/action-result';
import { errorBodySchema } from '@/lib/shared/contract-problem';
import { etcdctl, leaseIdsInEtcd } from '../../e2e/etcd-side';
import { dashboards } from './dashboards';
import { overFetch } from './http';

// Bad input sent straight to the running server, as a script would send it, bypassing the page:
// every server action and route handler, wrong types, empty and huge values, control characters,
// malformed and unknown IDs, missing and extra fields, and forged action requests. Each must be
// refused with an error naming the field, and leave etcd exactly as it was.

const PREFIX = '/e2e-bad-input/';
const UNKNOWN = '0123456789abcdef';
const huge = (bytes: number) => 'x'.repeat(bytes);

type Call = (request: Poster, baseURL: string) => Promise<ActionAnswer>;

const grant =
  (fields: Record<string, string>): Call =>
  (r, b) =>
    callFormAction(r, b, actionId('grantLeaseAction'), fields);
const attach =
  (fields: Record<string, string>): Call =>
  (r, b) =>
    callFormAction(r, b, actionId('attachKeyAction'), fields);
const plain =
  (name: string, ...args: unknown[]): Call =>
  (r, b) =>
    callAction(r, b, actionId(name), args);

/** [what, call, the field the error must name (or null for a whole-request refusal)] */
const cases: [string, Call, string | null][] = [
  ['grant: TTL empty', grant({ ttl: '' }), 'ttl'],
  ['grant: TTL missing', grant({ key: `${PREFIX}a` }), 'ttl'],
  ['grant: TTL 0', grant({ ttl: '0' }), 'ttl'],
  ['grant: TTL negative', grant({ ttl: '-5' }), 'ttl'],
  ['grant: TTL fractional', grant({ ttl: '2.5' }), 'ttl'],
  ['grant: TTL a word', grant({ ttl: 'ten' }), 'ttl'],
  ['grant: TTL in exponent form', grant({ ttl: '1e3' }), 'ttl'],
  ['grant: TTL in hex', grant({ ttl: '0x10' }), 'ttl'],
  ['grant: TTL only spaces', grant({ ttl: '   ' }), 'ttl'],
  ['grant: TTL above etcd maximum', grant({ ttl: '9000000001' }), 'ttl'],
  ['grant: TTL 400 digits', grant({ ttl: '9'.repeat(400) }), 'ttl'],
  ['grant: key only spaces', grant({ ttl: '10', key: '   ' }), 'key'],
  ['grant: key with a NUL byte', grant({ ttl: '10', key: `${PREFIX}a\u0000b` }), 'key'],
  ['grant: key with a newline', grant({ ttl: '10', key: `${PREFIX}a\nb` }), 'key'],
  ['grant: key with a DEL character', grant({ ttl: '10', key: `${PREFIX}ключ\u007f` }), 'key'],
  ['grant: key of 5,000 bytes', grant({ ttl: '10', key: PREFIX + huge(5000) }), 'key'],
  ['grant: key of 2,000 emoji', grant({ ttl: '10', key: PREFIX + '🔑'.repeat(2000) }), 'key'],
  [
    'grant: value of 600 KiB',
    grant({ ttl: '10', key: `${PREFIX}a`, value: huge(600 * 1024) }),
    'value',
  ],
  ['grant: value without a key', grant({ ttl: '10', value: 'v' }), 'key'],
  ['grant: an extra field', grant({ ttl: '10', admin: 'true' }), 'form'],
  [
    'grant: JSON instead of a form',
    plain('grantLeaseAction', { result: null, values: {} }, { ttl: '10' }),
    'form',
  ],
  ['attach: malformed lease ID', attach({ leaseId: 'xyz', key: `${PREFIX}a` }), 'leaseId'],
  ['attach: empty lease ID', attach({ leaseId: '', key: `${PREFIX}a` }), 'leaseId'],
  ['attach: 17 hex digits', attach({ leaseId: '1'.repeat(17), key: `${PREFIX}a` }), 'leaseId'],
  ['attach: empty key', attach({ leaseId: UNKNOWN, key: '' }), 'key'],
  ['attach: unknown lease', attach({ leaseId: UNKNOWN, key: `${PREFIX}a`, value: 'v' }), null],
  ['renew: ID not hex', plain('renewLeaseAction', { leaseId: 'not hex' }), 'leaseId'],
  ['renew: ID a number', plain('renewLeaseAction', { leaseId: 42 }), 'leaseId'],
  ['renew: ID null', plain('renewLeaseAction', { leaseId: null }), 'leaseId'],
  ['renew: ID missing', plain('renewLeaseAction', {}), 'leaseId'],
  ['renew: not an object', plain('renewLeaseAction', 'ffff'), 'form'],
  ['renew: an extra field', plain('renewLeaseAction', { leaseId: UNKNOWN, force: true }), 'form'],
  ['renew: unknown lease', plain('renewLeaseAction', { leaseId: UNKNOWN }), null],
  ['revoke: ID an array', plain('revokeLeaseAction', { leaseId: [UNKNOWN] }), 'leaseId'],
  [
    'revoke: ID with a control character',
    plain('revokeLeaseAction', { leaseId: 'ff\u0007' }),
    'leaseId',
  ],
  ['revoke: unknown lease', plain('revokeLeaseAction', { leaseId: UNKNOWN }), null],
  [
    'keep-alive: unknown schedule',
    plain('setKeepAliveAction', { leaseId: UNKNOWN, on: true, schedule: 'hourly' }),
    'schedule',
  ],
  ['keep-alive: "on" as text', plain('setKeepAliveAction', { leaseId: UNKNOWN, on: 'yes' }), 'on'],
  ['keep-alive: unknown lease', plain('setKeepAliveAction', { leaseId: UNKNOWN, on: true }), null],
];

const { baseURL } = dashboards().main;
const leaseIds = async () => new Set(await leaseIdsInEtcd());
const keysUnderPrefix = async () => etcdctl('get', '--prefix', '--keys-only', PREFIX);

describe('bad input over HTTP changes nothing in etcd', () => {
  for (const [what, call, field] of cases) {
    it(what, async () => {
      const before = await leaseIds();
      const answer = await call(overFetch, baseURL);
      expect(answer.status).toBe(200);
      const result = (answer.result as { result?: unknown }).result ?? answer.result;
      const failure = actionFailureSchema.parse(result);
      if (field) expect(Object.keys(failure.fieldErrors ?? {})).toContain(field);
      expect([...(await leaseIds())].filter((id) => !before.has(id))).toEqual([]);
      expect(await keysUnderPrefix()).toBe('');
    });
  }

  it('a forged action ID is refused', async () => {
    const before = await leaseIds();
    const answer = await callAction(overFetch, baseURL, 'ab'.repeat(21), [{ leaseId: UNKNOWN }]);
    expect(answer.status).not.toBe(200);
    expect([...(await leaseIds())].filter((id) => !before.has(id))).toEqual([]);
  });

  it('an action posted from another origin is refused', async () => {
    const before = await leaseIds();
    const res = await fetch(`${baseURL}/`, {
      method: 'POST',
      headers: {
        'Next-Action': actionId('renewLeaseAction'),
        Origin: 'https://evil.example',
        'Content-Type': 'text/plain;charset=UTF-8',
      },
      body: JSON.stringify([{ leaseId: UNKNOWN }]),
    });
    expect(res.status).not.toBe(200);
    expect([...(await leaseIds())].filter((id) => !before.has(id))).toEqual([]);
  });

  it('route handlers refuse a bad lease ID, naming it', async () => {
    for (const [id, status] of [
      ['xyz', 400],
      ['%00', 400],
      ['1'.repeat(17), 400],
      [UNKNOWN, 404],
    ] as const) {
      const res = await fetch(`${baseURL}/api/leases/${id}`);
      expect(res.status).toBe(status);
      expect(errorBodySchema.parse(await res.json()).text).toMatch(/[Ll]ease/);
    }
  });

  it('the lease list refuses a bad query, naming the field', async () => {
    for (const [query, field] of [
      ['sort=remaining', 'sort'],
      ['id=not-hex', 'id'],
      ['offset=1.5', 'offset'],
      ['limit=100000', 'limit'],
      [`key=${'k'.repeat(5000)}`, 'key'],
    ] as const) {
      const res = await fetch(`${baseURL}/api/leases?${query}`);
      expect(res.status, query).toBe(400);
      const body = errorBodySchema.parse(await res.json());
      expect(body.field, query).toBe(field);
      expect(body.text, query).toMatch(new RegExp(`^${field} `));
    }
  });
});
