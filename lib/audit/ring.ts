// The audit trail's ring as etcd holds it: one key per entry under the dashboard's own prefix,
// named by its sequence number (zero-padded, so key order is age order), within two bounds.

/** Digits of a sequence number in its key: enough that no trail runs out of them. */
const SEQ_DIGITS = 12;

export type AuditBounds = { maxEntries: number; maxBytes: number };

/** The trail's folder under the dashboard's own prefix (reserved: lib/config/env.ts). */
export const auditDir = (ownPrefix: string) => `${ownPrefix}audit/`;

export const auditKey = (dir: string, seq: number) =>
  `${dir}${String(seq).padStart(SEQ_DIGITS, '0')}`;

/** The sequence number a key under `dir` names, or null for a key that is not an entry's. */
export function seqOfKey(dir: string, key: string): number | null {
  if (!key.startsWith(dir)) return null;
  const rest = key.slice(dir.length);
  if (!new RegExp(`^\\d{${SEQ_DIGITS}}$`).test(rest)) return null;
  const seq = Number(rest);
  return seq > 0 ? seq : null;
}

const encoder = new TextEncoder();

/** What one entry costs the ring's byte bound: its key and its value, as etcd stores them. */
export const entryBytes = (key: string, value: string) =>
  encoder.encode(key).length + encoder.encode(value).length;

/**
 * How many of the oldest entries (`sizes`, oldest first) must go so that the rest and one more of
 * `adding` bytes fit both bounds. The new entry itself always stays.
 */
export function oldestToDrop(sizes: number[], adding: number, bounds: AuditBounds): number {
  let drop = Math.max(0, sizes.length + 1 - bounds.maxEntries);
  let bytes = adding;
  for (let i = drop; i < sizes.length; i++) bytes += sizes[i] ?? 0;
  while (drop < sizes.length && bytes > bounds.maxBytes) {
    bytes -= sizes[drop] ?? 0;
    drop++;
  }
  return drop;
}
