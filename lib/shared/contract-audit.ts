// The JSON contract, continued: the audit trail, one entry per change or attempt to change etcd
// through the dashboard (lib/audit/), and a page of it as GET /api/audit answers. Zod schemas, the
// types inferred from them; imports only zod and the rest of the contract.
import { z } from 'zod';

/** What an entry records, one per server action (a scenario's steps are one action, by name). */
export const AUDIT_ACTIONS = [
  'sign-in',
  'sign-out',
  'grant',
  'attach',
  'renew',
  'revoke',
  'keep-alive-on',
  'keep-alive-off',
  /** the schedule of a keep-alive that was already on */
  'keep-alive-schedule',
  /** step one of a revoke by key prefix: what it would take (nothing changes) */
  'prefix-preview',
  'revoke-prefix',
  /** step one of revoking a finding's leases */
  'finding-preview',
  'revoke-finding',
  'scenario',
] as const;
export const auditActionSchema = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof auditActionSchema>;

/** The scenarios whose steps are recorded (their server actions in app/scenario-actions.ts). */
export const AUDIT_SCENARIOS = [
  'tutorial',
  'session',
  'registry',
  'lock',
  'election',
  'dhcp',
  'room',
];

/** Counts an entry names: a preview's leases and keys, a revoke's outcome. */
export const auditCountsSchema = z.object({
  /** leases previewed (or to be revoked) */
  leases: z.number().optional(),
  /** keys outside the prefix that go with them */
  keysOutside: z.number().optional(),
  revoked: z.number().optional(),
  alreadyGone: z.number().optional(),
  failed: z.number().optional(),
});
export type AuditCounts = z.infer<typeof auditCountsSchema>;

/**
 * One entry as etcd keeps it (its sequence is its key's name) and stdout prints it. Action and
 * result are plain text when read back, so a replica of another version never drops an entry.
 */
export const auditRecordSchema = z.object({
  /** when it was asked, ISO 8601 */
  at: z.string(),
  /** the cluster it was for (`default` without a clusters file) */
  cluster: z.string(),
  /** the etcd user signed in, `token`, or `anyone`; for a sign-in, the name typed */
  who: z.string(),
  /** the client's address as DASHBOARD_TRUST_PROXY allows, else `every client` */
  from: z.string(),
  action: z.string(),
  /** the lease, 16-digit hex */
  lease: z.string().optional(),
  /** the key written (shortened) */
  key: z.string().optional(),
  /** how many keys: put, deleted with a revoke, or under a previewed prefix */
  keys: z.number().optional(),
  prefix: z.string().optional(),
  /** a finding's kind */
  kind: z.string().optional(),
  /** a keep-alive's schedule (lib/shared/keep-alive-schedule.ts) */
  schedule: z.string().optional(),
  counts: auditCountsSchema.optional(),
  scenario: z.string().optional(),
  step: z.string().optional(),
  /** `ok`, or the error's code (lib/shared/contract-problem.ts) */
  result: z.string(),
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;

export const auditEntrySchema = auditRecordSchema.extend({
  /** its place in the trail: larger is newer, never reused */
  seq: z.number(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** A page of the trail, newest first, as the query filtered it. */
export const auditResponseSchema = z.object({
  /** `etcd`: kept under `prefix`, the same for every replica and restart; `memory`: this process's own (read-only mode) */
  kept: z.enum(['etcd', 'memory']),
  /** where in etcd; null when not kept there */
  prefix: z.string().nullable(),
  /** the bounds: the oldest entries go beyond either */
  maxEntries: z.number(),
  maxBytes: z.number(),
  /** what the trail holds now, unfiltered */
  held: z.object({ entries: z.number(), bytes: z.number() }),
  /** entries that match the filters */
  total: z.number(),
  /** matching entries newer than this page's first */
  newer: z.number(),
  entries: z.array(auditEntrySchema),
  /** the `before` cursor of the next older page; null when this is the last */
  older: z.number().nullable(),
});
export type AuditResponse = z.infer<typeof auditResponseSchema>;
