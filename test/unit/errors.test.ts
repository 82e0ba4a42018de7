import { describe, expect, it } from 'vitest';
import { errorBodySchema } from '@/lib/shared/contract-problem';
import { say } from '@/lib/shared/english';
import {
  DashboardError,
  asIs,
  errorCodeOf,
  errorField,
  errorResponse,
  isLeaseGone,
  publicError,
} from '@/lib/shared/errors';

describe('the error model', () => {
  it('knows our errors by their code, whichever copy of the class made them', () => {
    // What a second build chunk's copy of a class looks like from here: same shape, other class.
    const problem = { code: 'etcd_unavailable' as const, ...say('errors.noAnswerYet') };
    const fromAnotherChunk = Object.assign(new Error(problem.text), {
      code: problem.code,
      problem,
    });
    expect(errorCodeOf(fromAnotherChunk)).toBe('etcd_unavailable');
    expect(publicError(fromAnotherChunk)).toEqual(problem);
    // One with our code and nothing more still says its words, as they are.
    const bare = Object.assign(new Error('etcd is not answering'), { code: 'etcd_unavailable' });
    expect(publicError(bare)).toEqual({
      code: 'etcd_unavailable',
      text: 'etcd is not answering',
      message: { key: 'errors.asIs', values: { text: 'etcd is not answering' } },
    });
  });

  it('shows one of ours as its code, its English words and its catalog message, and the field at fault', () => {
    const err = new DashboardError('invalid_input', say('validation.ttlRequired'), 'ttl');
    expect(err.message).toBe('TTL is required');
    expect(publicError(err)).toEqual({
      code: 'invalid_input',
      text: 'TTL is required',
      message: { key: 'validation.ttlRequired' },
    });
    expect(errorField(err)).toBe('ttl');
    expect(errorField(new DashboardError('internal', asIs('x')))).toBeUndefined();
  });

  it("answers a route's error as the problem and its field, with the code's status", async () => {
    const res = errorResponse('lease_not_found', say('errors.leaseNotSeen', { id: 'ff' }), 'id');
    expect(res.status).toBe(404);
    expect(errorBodySchema.parse(await res.json())).toEqual({
      code: 'lease_not_found',
      text: 'lease ff is not in etcd and the dashboard has not seen it recently',
      message: { key: 'errors.leaseNotSeen', values: { id: 'ff' } },
      field: 'id',
    });
  });

  it('never shows a bug, or a system error code, to the user', () => {
    const system = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2379'), {
      code: 'ECONNREFUSED',
    });
    for (const err of [new TypeError('x is undefined'), system, 'a string', null]) {
      expect(errorCodeOf(err)).toBeNull();
      expect(publicError(err)).toEqual({
        code: 'internal',
        text: 'Something went wrong on the dashboard server; the details are in its log.',
        // the same sentence in the viewer's language, wherever it is shown
        message: { key: 'errors.internal' },
      });
    }
  });

  it('groups the ways a lease can be gone', () => {
    expect(
      ['lease_not_found', 'lease_expired', 'lease_revoked'].every((c) => isLeaseGone(c as never)),
    ).toBe(true);
    expect(isLeaseGone('etcd_unavailable')).toBe(false);
  });
});
