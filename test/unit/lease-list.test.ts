import { describe, expect, it } from 'vitest';
import { leaseIdsOf } from '@/lib/etcd/lease-list';

// LeaseLeases' answer decoded from its bytes (lib/etcd/lease-list.ts). The answers here are
// written out by hand, field by field, as etcd's rpc.proto lays them out; the integration test
// (test/integration/reader.test.ts) compares what it lists from a real etcd with etcdctl's list.

/** A varint's bytes. */
function varint(value: bigint): number[] {
  const out: number[] = [];
  let rest = value;
  do {
    let byte = Number(rest & 0x7fn);
    rest >>= 7n;
    if (rest > 0n) byte |= 0x80;
    out.push(byte);
  } while (rest > 0n);
  return out;
}

/** A length-delimited field. */
const field = (number: number, body: number[]) => [
  ...varint(BigInt((number << 3) | 2)),
  ...varint(BigInt(body.length)),
  ...body,
];
const id = (value: bigint) => [0x08, ...varint(value)];
/** ResponseHeader { cluster_id = 1, member_id = 2, revision = 3, raft_term = 4 } */
const HEADER = field(1, [
  0x08,
  ...varint(0x1c4a8b3e5d6f7081n),
  0x10,
  ...varint(0x2a2a2a2a2a2a2a2an),
  0x18,
  ...varint(123456n),
  0x20,
  ...varint(7n),
]);
const hex = (value: bigint) => value.toString(16).padStart(16, '0');

describe('LeaseLeases decoded from its bytes', () => {
  it('reads every ID as etcdctl writes it, however many bits it has', () => {
    const ids = [
      1n,
      0x7fn, // one byte
      0x80n, // two
      0xffffffffn, // the low 32 bits full
      0x100000000n, // the first bit above them
      0x694d7a1b2c3d4e5fn, // what etcd grants: a member ID's bits and a counter
      0x7fffffffffffffffn, // the largest int64
    ];
    const answer = [...HEADER, ...ids.flatMap((value) => field(2, id(value)))];
    expect(leaseIdsOf(Uint8Array.from(answer))).toEqual(ids.map(hex));
  });

  it('an answer with no leases lists none', () => {
    expect(leaseIdsOf(Uint8Array.from(HEADER))).toEqual([]);
    expect(leaseIdsOf(new Uint8Array(0))).toEqual([]);
  });

  it('skips fields it does not know, in the answer and in each lease', () => {
    const fixed64 = [(3 << 3) | 1, 1, 2, 3, 4, 5, 6, 7, 8];
    const fixed32 = [(4 << 3) | 5, 1, 2, 3, 4];
    const lease = [...id(0x1234n), 0x10, ...varint(99999n), ...fixed64, ...field(5, [1, 2, 3])];
    const answer = [...field(9, [0xff, 0xff]), ...field(2, lease), ...fixed32, ...HEADER];
    expect(leaseIdsOf(Uint8Array.from(answer))).toEqual([hex(0x1234n)]);
  });

  it('refuses an answer cut short, rather than listing fewer leases', () => {
    const answer = [...HEADER, ...field(2, id(0x694d7a1b2c3d4e5fn))];
    expect(() => leaseIdsOf(Uint8Array.from(answer.slice(0, -2)))).toThrow(/cut short|overran/);
    // A lease said to be 2 bytes long whose ID takes 3.
    const overlong = [0x12, 2, 0x08, 0x85, 0x01];
    expect(() => leaseIdsOf(Uint8Array.from(overlong))).toThrow(/overran/);
  });
});
