import { describe, expect, it } from 'vitest';
import {
  MAX_TTL_SECONDS,
  attachInputSchema,
  fieldErrorsOf,
  grantInputSchema,
  leaseRefSchema,
} from '@/lib/shared/schemas';

function errors(
  schema: typeof grantInputSchema | typeof attachInputSchema | typeof leaseRefSchema,
  input: unknown,
) {
  const result = schema.safeParse(input);
  return result.success ? {} : fieldErrorsOf(result.error);
}

describe('grant input', () => {
  it('accepts the tutorial defaults', () => {
    expect(grantInputSchema.parse({ ttl: '10', key: '/service/self', value: '127.0.0.1' })).toEqual(
      {
        ttl: 10,
        key: '/service/self',
        value: '127.0.0.1',
      },
    );
  });

  it('accepts a lease with no key', () => {
    expect(grantInputSchema.parse({ ttl: '30', key: '', value: '' })).toEqual({
      ttl: 30,
      key: '',
      value: '',
    });
  });

  it('accepts TTL 1, which etcd will clamp to 2', () => {
    expect(grantInputSchema.parse({ ttl: '1' }).ttl).toBe(1);
  });

  it.each([
    ['empty', '', 'TTL is required'],
    ['blank', '   ', 'TTL is required'],
    ['zero', '0', 'TTL must be at least 1 second'],
    ['negative', '-5', 'TTL must be at least 1 second'],
    ['fractional', '2.5', 'TTL must be a whole number of seconds'],
    ['non-numeric', 'ten', 'TTL must be a number of seconds, like 10'],
    ['exponent', '1e3', 'TTL must be a number of seconds, like 10'],
    [
      'above the maximum',
      String(MAX_TTL_SECONDS + 1),
      "TTL can be at most 9,000,000,000 seconds (etcd's maximum)",
    ],
  ])('rejects a TTL that is %s, naming the field', (_what, ttl, message) => {
    expect(errors(grantInputSchema, { ttl, key: '/k', value: 'v' })).toEqual({ ttl: message });
  });

  it('accepts the maximum TTL exactly', () => {
    expect(grantInputSchema.parse({ ttl: String(MAX_TTL_SECONDS) }).ttl).toBe(MAX_TTL_SECONDS);
  });

  it('rejects a missing TTL', () => {
    expect(errors(grantInputSchema, { key: '/k' })).toEqual({ ttl: 'TTL is required' });
  });

  it('rejects a value without a key', () => {
    expect(errors(grantInputSchema, { ttl: '10', key: '', value: 'orphan' })).toEqual({
      key: 'Key is required to store a value',
    });
  });

  it('rejects a blank key and control characters in keys', () => {
    expect(errors(grantInputSchema, { ttl: '10', key: '   ' })).toEqual({ key: 'Key is required' });
    expect(errors(grantInputSchema, { ttl: '10', key: '/a\nb' })).toEqual({
      key: 'Key must not contain control characters',
    });
  });

  it('rejects fields it does not know', () => {
    expect(Object.keys(errors(grantInputSchema, { ttl: '10', lease: 'x' }))).toContain('form');
  });
});

describe('attach input', () => {
  it('needs a lease ID and a key', () => {
    expect(errors(attachInputSchema, { leaseId: '', key: '', value: '' })).toEqual({
      leaseId: 'Lease ID is required',
      key: 'Key is required',
    });
  });

  it('rejects a malformed lease ID, naming the field', () => {
    expect(errors(attachInputSchema, { leaseId: 'not-an-id', key: '/k' })).toEqual({
      leaseId: 'Lease ID must be the hex ID etcdctl prints, like 694d9a1b2c3d4e5f',
    });
  });

  it('normalises the lease ID to 16-digit hex', () => {
    expect(attachInputSchema.parse({ leaseId: 'FF', key: '/k' }).leaseId.hex).toBe(
      '00000000000000ff',
    );
  });
});

describe('lease reference', () => {
  it('rejects a number where a hex string belongs', () => {
    expect(errors(leaseRefSchema, { leaseId: 123 })).toEqual({ leaseId: 'Lease ID is required' });
  });
});
