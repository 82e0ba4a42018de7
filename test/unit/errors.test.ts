import { describe, expect, it } from 'vitest';
import { DashboardError, errorCodeOf, isLeaseGone, publicError } from '@/lib/shared/errors';

describe('the error model', () => {
  it('knows our errors by their code, whichever copy of the class made them', () => {
    // What a second build chunk's copy of a class looks like from here: same shape, other class.
    const fromAnotherChunk = Object.assign(new Error('etcd is not answering'), {
      code: 'etcd_unavailable',
    });
    expect(errorCodeOf(fromAnotherChunk)).toBe('etcd_unavailable');
    expect(publicError(fromAnotherChunk)).toEqual({
      code: 'etcd_unavailable',
      message: 'etcd is not answering',
    });
  });

  it('keeps the field at fault', () => {
    expect(publicError(new DashboardError('invalid_input', 'TTL is required', 'ttl'))).toEqual({
      code: 'invalid_input',
      message: 'TTL is required',
      field: 'ttl',
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
        message: 'Something went wrong on the dashboard server; the details are in its log.',
        // the same sentence in the viewer's language, wherever it is shown
        said: { key: 'errors.internal' },
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
