import { describe, expect, it } from 'vitest';
import { isSession } from '@/lib/sampler/sampler-options';
import type { AliveLease } from '@/lib/shared/contract';

const PREFIX = '/lease-dashboard/election/leader/';
const alive = (keys: string[]): AliveLease => ({
  id: '0000000000000001',
  status: 'alive',
  grantedTTL: 2,
  ttl: 1,
  keys,
  keyCount: keys.length,
  unwatchedKeyCount: 0,
  keysHidden: null,
  readAt: 0,
  firstSeenAt: 0,
  keepAlive: null,
  readFailure: null,
});

describe('a replica’s session lease', () => {
  it('is one whose keys are all election keys', () => {
    expect(isSession(alive([`${PREFIX}2324035655411882245`]), PREFIX)).toBe(true);
  });

  it('is not a lease with other keys, no keys, or when there are no replicas', () => {
    expect(isSession(alive([`${PREFIX}1`, '/services/web/1']), PREFIX)).toBe(false);
    expect(isSession(alive([]), PREFIX)).toBe(false);
    expect(isSession(alive([`${PREFIX}1`]), undefined)).toBe(false);
  });
});
