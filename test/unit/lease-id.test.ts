import { describe, expect, it } from 'vitest';
import { leaseIdToDecimal, leaseIdToHex, parseLeaseId } from '@/lib/shared/lease-id';

describe('lease IDs', () => {
  it('turns etcd3 decimal strings into etcdctl hex and back without losing precision', () => {
    // 2040a210916d5805 is a real lease ID; as a JS number its decimal form would round.
    const decimal = BigInt('0x2040a210916d5805').toString();
    expect(Number(decimal).toString()).not.toBe(decimal);
    expect(leaseIdToHex(decimal)).toBe('2040a210916d5805');
    expect(leaseIdToDecimal('2040a210916d5805')).toBe(decimal);
  });

  it('pads to 16 digits as etcdctl prints', () => {
    expect(leaseIdToHex('255')).toBe('00000000000000ff');
    expect(leaseIdToDecimal('00000000000000ff')).toBe('255');
  });

  it('accepts what users paste: upper case, no padding, 0x, spaces around', () => {
    expect(parseLeaseId('  2040A210916D5805 ')).toEqual({
      hex: '2040a210916d5805',
      decimal: BigInt('0x2040a210916d5805').toString(),
    });
    expect(parseLeaseId('ff')?.hex).toBe('00000000000000ff');
    expect(parseLeaseId('0xff')?.hex).toBe('00000000000000ff');
  });

  it.each([
    ['empty', ''],
    ['not hex', 'xyz'],
    ['too long', '12345678901234567'],
    ['zero', '0'],
    ['negative int64', '8000000000000000'],
    ['decimal with a sign', '-5'],
    ['inner space', '2040a210 916d5805'],
  ])('rejects %s', (_what, input) => {
    expect(parseLeaseId(input)).toBeNull();
  });

  it('accepts the largest int64', () => {
    expect(parseLeaseId('7fffffffffffffff')?.decimal).toBe('9223372036854775807');
  });
});
