import 'server-only';
import { auditTotals, getMonitor } from '@/lib/server';
import type { AuditAction, AuditRecord } from '@/lib/shared/contract-audit';
import { auditLine, boundedRecord } from '@/lib/audit/line';
import { waitAtMost } from '@/lib/shared/wait';

// Recording one entry of the audit trail: first a line on stdout (for journald or a log pipeline;
// it never waits on etcd and never fails), then the trail in etcd (./audit-trail.ts). Only what
// the descriptors name goes in an entry: never a token or a password.

/** What an entry says of the change besides who, from where, when and the result. */
export type AuditWhat = Partial<
  Omit<AuditRecord, 'at' | 'cluster' | 'who' | 'from' | 'action' | 'result'>
> & {
  /** an action the input decides (a keep-alive switched on, or its schedule changed) */
  action?: AuditAction;
};

/**
 * How one server action is recorded: its action, and what it names, from its input (when it
 * parsed) and its result (when it succeeded). `at` is when it was asked.
 */
export type Audited<I, T> = {
  action: AuditAction;
  what?: (input: I | undefined, result: T | undefined, at: number) => AuditWhat;
  /** whom the entry names instead of the requester (a sign-in: the name typed) */
  who?: (raw: unknown, ok: boolean, requester: string) => string;
  /**
   * Only refusals are recorded: an action that succeeds too often to fill the trail with (a
   * phone's heartbeat in an audience room, every few seconds per member).
   */
  onlyRefused?: boolean;
};

/** How long an action waits for its entry to be kept in etcd before it answers anyway. */
export const AUDIT_WAIT_MS = 2000;

/**
 * Records one entry for the current dashboard: its stdout line at once, then the trail, waited
 * for at most AUDIT_WAIT_MS. Never throws.
 */
export async function recordAudit(raw: AuditRecord): Promise<void> {
  const record = boundedRecord(raw);
  process.stdout.write(auditLine(record));
  let kept: Promise<unknown>;
  try {
    kept = getMonitor().audit.append(record);
  } catch (err) {
    // A replica that stopped leading while the request ran: the leader keeps the trail.
    auditTotals().failed++;
    console.error(
      `lease dashboard: an audit entry could not be kept (it is on stdout): ${err instanceof Error ? err.message : String(err)}`,
    );
    return;
  }
  await waitAtMost(kept, AUDIT_WAIT_MS);
}
