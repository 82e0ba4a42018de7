import { describe, expect, it } from 'vitest';
import { classifyGone } from '@/lib/sampler/lease-state';

describe('what happened to a lease that disappeared', () => {
  const readAt = 1_000_000;

  it('was revoked by the dashboard when the dashboard revoked it', () => {
    expect(classifyGone({ ttl: 8, readAt }, readAt + 500, true)).toEqual({
      status: 'revoked',
      revokedBy: 'dashboard',
    });
  });

  it('expired when its time had run out', () => {
    expect(classifyGone({ ttl: 1, readAt }, readAt + 1300, false)).toEqual({
      status: 'expired',
    });
  });

  it('was revoked by another client when it vanished with time to spare', () => {
    expect(classifyGone({ ttl: 8, readAt }, readAt + 1000, false)).toEqual({
      status: 'revoked',
      revokedBy: 'other-client',
    });
  });
});
