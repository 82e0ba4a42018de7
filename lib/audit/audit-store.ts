import 'server-only';
import { keysUnder, putNewKey } from '@/lib/etcd/own-keys';
import { auditRecordSchema, type AuditEntry } from '@/lib/shared/contract-audit';
import { auditKey, entryBytes, seqOfKey } from '@/lib/audit/ring';
import { jsonValue } from '@/lib/shared/json-value';

// Where the audit trail keeps its entries: etcd, under the dashboard's own prefix. Anyone who can
// write to etcd can put anything there, so what is read back is checked, and what is not an entry
// is left alone.

/** An entry's value is a short JSON object (its fields are shortened): anything larger is not one. */
export const MAX_ENTRY_BYTES = 8 * 1024;

/** An entry as the ring holds it, with what it costs the byte bound. */
export type HeldEntry = { entry: AuditEntry; bytes: number };

export type AuditStore = {
  /** Every entry etcd holds, oldest first, and how many keys there were not entries. */
  load(): Promise<{ entries: HeldEntry[]; unreadable: number }>;
  /**
   * Puts entry `seq` unless etcd has it already (false then: another writer took the number), and
   * in the same transaction deletes every entry older than `keepFrom` (null: none).
   */
  put(seq: number, value: string, keepFrom: number | null): Promise<boolean>;
};

export function etcdAuditStore(dir: string): AuditStore {
  return {
    async load() {
      const { values, notRead } = await keysUnder(dir, {
        wanted: (key) => seqOfKey(dir, key) !== null,
        maxValueBytes: MAX_ENTRY_BYTES,
      });
      const entries: HeldEntry[] = [];
      let unreadable = notRead.count;
      for (const [key, value] of values) {
        const seq = seqOfKey(dir, key);
        const record = jsonValue(value, auditRecordSchema);
        if (seq === null || !record) {
          unreadable++;
          continue;
        }
        entries.push({ entry: { ...record, seq }, bytes: entryBytes(key, value) });
      }
      entries.sort((a, b) => a.entry.seq - b.entry.seq);
      return { entries, unreadable };
    },
    put(seq, value, keepFrom) {
      const clear =
        keepFrom === null ? undefined : { from: auditKey(dir, 0), to: auditKey(dir, keepFrom) };
      return putNewKey(auditKey(dir, seq), value, clear);
    },
  };
}
