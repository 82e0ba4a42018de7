// Lease IDs are int64. etcd3 hands them to us as decimal strings; etcdctl prints them as 16-digit
// lowercase hex. The product speaks hex everywhere (what users copy to and from etcdctl); the
// decimal strings etcd3 wants exist only inside lib/etcd/, which converts at the boundary. Never a JS number: an int64 does
// not fit in one, and a rounded ID makes etcd answer "TTL -1" for a lease that exists.

const MAX_LEASE_ID = (1n << 63n) - 1n;
const HEX_ID = /^(?:0x)?([0-9a-f]{1,16})$/i;

/** Decimal string (as etcd3 returns it) to etcdctl's 16-digit lowercase hex. */
export function leaseIdToHex(decimal: string): string {
  return BigInt(decimal).toString(16).padStart(16, '0');
}

/** 16-digit hex (as etcdctl prints it) to the decimal string etcd3 expects. */
export function leaseIdToDecimal(hex: string): string {
  return BigInt('0x' + hex).toString();
}

export type ParsedLeaseId = { hex: string; decimal: string };

/**
 * Reads a lease ID as a user would type or paste it: the hex etcdctl prints, with or without leading
 * zeros or a `0x`. Returns null for anything that is not a valid, positive int64 lease ID.
 */
export function parseLeaseId(input: string): ParsedLeaseId | null {
  const match = HEX_ID.exec(input.trim());
  if (!match?.[1]) return null;
  const value = BigInt('0x' + match[1]);
  if (value <= 0n || value > MAX_LEASE_ID) return null;
  return { hex: value.toString(16).padStart(16, '0'), decimal: value.toString() };
}
