import { afterAll, describe, expect, it } from 'vitest';
import {
  attachKeyAction,
  grantLeaseAction,
  renewLeaseAction,
  revokeLeaseAction,
  setKeepAliveAction,
} from '@/app/actions';
import type { ActionResult, FormState } from '@/lib/shared/action-result';
import { getSampler } from '@/lib/server';
import { english } from '@/lib/shared/english';
import { render } from '@/lib/shared/i18n';
import { independentClient, leaseIdsInEtcd, testPrefix } from './helpers';

// Every kind of bad input through the real server actions: refused with an error naming the field,
// and etcd left exactly as it was (no new lease, no key written). Each field's problem carries its
// catalog message, which says in English exactly its English words.

const etcd = independentClient();
const prefix = testPrefix();

afterAll(() => {
  getSampler().stop();
  etcd.close();
});

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}

const idle = { result: null, values: {} } as FormState<never>;
const grant = async (fields: Record<string, string>) =>
  (await grantLeaseAction(idle, form({ key: `${prefix}a`, value: 'v', ...fields }))).result;
const attach = async (fields: Record<string, string>) =>
  (await attachKeyAction(idle, form({ value: 'v', ...fields }))).result;

const cases: [string, () => Promise<ActionResult<unknown> | null>, string][] = [
  ['empty TTL', () => grant({ ttl: '' }), 'ttl'],
  ['TTL 0', () => grant({ ttl: '0' }), 'ttl'],
  ['negative TTL', () => grant({ ttl: '-5' }), 'ttl'],
  ['fractional TTL', () => grant({ ttl: '2.5' }), 'ttl'],
  ['non-numeric TTL', () => grant({ ttl: 'ten' }), 'ttl'],
  ['TTL above the maximum', () => grant({ ttl: '9000000001' }), 'ttl'],
  ['blank key on grant', () => grant({ ttl: '10', key: '  ' }), 'key'],
  ['empty key on attach', () => attach({ leaseId: 'ff', key: '' }), 'key'],
  ['malformed lease ID on attach', () => attach({ leaseId: 'xyz', key: `${prefix}a` }), 'leaseId'],
  ['malformed lease ID on renew', () => renewLeaseAction({ leaseId: 'not hex' }), 'leaseId'],
  [
    'malformed lease ID on revoke',
    () => revokeLeaseAction({ leaseId: '12345678901234567' }),
    'leaseId',
  ],
  ['a number instead of an ID', () => revokeLeaseAction({ leaseId: 42 }), 'leaseId'],
  ['an unexpected field', () => renewLeaseAction({ leaseId: 'ff', force: true }), 'form'],
  [
    'an unknown keep-alive schedule',
    () => setKeepAliveAction({ leaseId: 'ff', on: true, schedule: 'hourly' }),
    'schedule',
  ],
  ['keep-alive "on" as text', () => setKeepAliveAction({ leaseId: 'ff', on: 'yes' }), 'on'],
  ['keep-alive with no lease ID', () => setKeepAliveAction({ on: true }), 'leaseId'],
];

describe('bad input changes nothing in etcd', () => {
  it.each(cases)('%s', async (_what, act, field) => {
    const before = await leaseIdsInEtcd(etcd);
    const result = await act();
    if (result?.ok !== false) throw new Error('the bad input was taken');
    const problem = result.fieldErrors?.[field];
    expect(problem, field).toMatchObject({ code: 'invalid_input', text: expect.any(String) });
    expect(render(english, problem?.message)).toBe(problem?.text);
    expect(render(english, result.message)).toBe(result.text);
    const after = await leaseIdsInEtcd(etcd);
    expect([...after].filter((id) => !before.has(id))).toEqual([]);
    expect((await etcd.getAll().prefix(prefix).keys()).length).toBe(0);
  });

  it('refuses a file posted where the key belongs', async () => {
    const data = form({ ttl: '10', value: 'v' });
    data.set('key', new Blob(['x']), 'key.txt');
    const { result } = await grantLeaseAction(idle, data);
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { key: { code: 'invalid_input', text: expect.any(String) } },
    });
  });
});
