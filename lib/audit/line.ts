import type { AuditRecord } from '@/lib/shared/contract-audit';
import { shorten } from '@/lib/shared/words';

// One audit entry as it is written down: bounded, in a fixed order, and as the JSON line stdout
// carries for journald or a log pipeline.

/** The marker every audit line carries, so a log pipeline picks them out of the server's other lines. */
export const AUDIT_LOG_MARKER = 'audit';

/** Longest text an entry holds in one field: a key or prefix may be kilobytes. */
const FIELD_CHARS = 200;
const NAME_CHARS = 64;

/**
 * An entry with each text field cut to its bound, the fields left out that say nothing, in a fixed
 * order: when, where, who, from where, what, and the result last.
 */
export function boundedRecord(record: AuditRecord): AuditRecord {
  const { at, cluster, who, from, action, result, key, prefix, step, ...what } = record;
  const said = Object.fromEntries(Object.entries(what).filter(([, v]) => v !== undefined));
  return {
    at,
    cluster,
    who: shorten(who, NAME_CHARS),
    from: shorten(from, NAME_CHARS),
    action,
    ...said,
    ...(key !== undefined ? { key: shorten(key, FIELD_CHARS) } : {}),
    ...(prefix !== undefined ? { prefix: shorten(prefix, FIELD_CHARS) } : {}),
    ...(step !== undefined ? { step: shorten(step, NAME_CHARS) } : {}),
    result,
  };
}

/** The entry as one line of JSON, as stdout carries it. */
export const auditLine = (record: AuditRecord) =>
  `${JSON.stringify({ log: AUDIT_LOG_MARKER, ...record })}\n`;
