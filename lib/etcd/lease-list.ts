// LeaseLeases' answer, decoded straight from its bytes into etcdctl's hex lease IDs, for the
// reader's worker (./reader.worker.ts): the usual protobuf.js decoding cost a large share of a core
// every listing at scale (docs/scale.md). The shape, from etcd's rpc.proto:
// LeaseLeasesResponse { ResponseHeader header = 1; repeated LeaseStatus leases = 2; } and
// LeaseStatus { int64 ID = 1; }. Fields it does not know (a newer etcd's) are skipped.

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_BYTES = 2;
const WIRE_FIXED32 = 5;
const LEASES_FIELD = 2;
const ID_FIELD = 1;

/** The IDs in a LeaseLeasesResponse's bytes, as 16 hex digits each (etcdctl's form). */
export function leaseIdsOf(bytes: Uint8Array): string[] {
  const reader = new Reader(bytes);
  const ids: string[] = [];
  while (reader.more(bytes.length)) {
    const [field, wire] = reader.tag();
    if (field === LEASES_FIELD && wire === WIRE_BYTES) {
      const end = reader.length();
      const id = leaseStatusId(reader, end);
      if (id !== null) ids.push(id);
    } else reader.skip(wire);
  }
  return ids;
}

/** The ID of the LeaseStatus that ends at `end`; null if it has none (ID 0 is never granted). */
function leaseStatusId(reader: Reader, end: number): string | null {
  let id: string | null = null;
  while (reader.more(end)) {
    const [field, wire] = reader.tag();
    if (field === ID_FIELD && wire === WIRE_VARINT) id = reader.hex64();
    else reader.skip(wire);
  }
  if (reader.pos !== end) throw new Error('LeaseLeases answer: a lease overran its length');
  return id;
}

class Reader {
  pos = 0;

  constructor(private readonly bytes: Uint8Array) {}

  more(end: number): boolean {
    return this.pos < end;
  }

  /** [field number, wire type] */
  tag(): [field: number, wire: number] {
    const tag = this.uint32();
    return [tag >>> 3, tag & 7];
  }

  /** A length-delimited field's length; returns where it ends. */
  length(): number {
    const length = this.uint32();
    const end = this.pos + length;
    if (end > this.bytes.length) throw new Error('LeaseLeases answer: a field overran the answer');
    return end;
  }

  /** A varint of up to 32 bits (tags and lengths). */
  uint32(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return value;
    }
    throw new Error('LeaseLeases answer: a tag or length over 32 bits');
  }

  /** A 64-bit varint as 16 hex digits: its low and high 32 bits, without BigInt. */
  hex64(): string {
    let lo = 0;
    let hi = 0;
    let b = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      b = this.byte();
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) return hex(hi, lo);
    }
    b = this.byte();
    lo |= (b & 0x0f) << 28;
    hi = (b & 0x7f) >> 4;
    if (b < 0x80) return hex(hi, lo);
    for (let shift = 3; shift < 35; shift += 7) {
      b = this.byte();
      hi |= (b & 0x7f) << shift;
      if (b < 0x80) return hex(hi, lo);
    }
    throw new Error('LeaseLeases answer: a varint over 10 bytes');
  }

  skip(wire: number): void {
    if (wire === WIRE_VARINT) while (this.byte() >= 0x80);
    else if (wire === WIRE_FIXED64) this.advance(8);
    else if (wire === WIRE_BYTES) this.pos = this.length();
    else if (wire === WIRE_FIXED32) this.advance(4);
    else throw new Error(`LeaseLeases answer: wire type ${wire} is not one etcd sends`);
  }

  advance(n: number): void {
    if (this.pos + n > this.bytes.length) throw new Error('LeaseLeases answer: cut short');
    this.pos += n;
  }

  byte(): number {
    const b = this.bytes[this.pos];
    if (b === undefined) throw new Error('LeaseLeases answer: cut short');
    this.pos++;
    return b;
  }
}

const hex = (hi: number, lo: number): string =>
  (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
