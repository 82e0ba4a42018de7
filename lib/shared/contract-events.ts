// The JSON contract, continued: what happened to leases and keys (the event log), and sentences that
// each viewer reads in their own language. Zod schemas, the types inferred from them; imports zod only.
import { z } from 'zod';

/**
 * A sentence as a key of the catalogs (messages/en.json, messages/zh-CN.json) and its values, so
 * that each viewer reads it in their own language. The server sends it beside the English words.
 * A value is a number, a text as it is (a key, an ID, etcd's own words), or a phrase itself.
 */
export const messageSchema = z.object({
  key: z.string(),
  get values() {
    return z.record(z.string(), z.union([z.string(), z.number(), messageSchema])).optional();
  },
});
export type Message = z.infer<typeof messageSchema>;
export type MessageValue = NonNullable<Message['values']>[string];

export const LEASE_EVENT_KINDS = [
  'lease-granted',
  'lease-renewed',
  'lease-kept-alive',
  'renewal-failed',
  'lease-refreshed',
  'lease-restored',
  'lease-expired',
  'lease-revoked',
  'keep-alive-started',
  'keep-alive-stopped',
  'key-put',
  'key-deleted',
  'leader-changed',
  'endpoint-down',
  'endpoint-up',
] as const;
export type LeaseEventKind = (typeof LEASE_EVENT_KINDS)[number];

/** One thing that happened to a lease or one of its keys, in the order the dashboard saw it. */
export const leaseEventSchema = z.object({
  /** increases by one per event in this server process */
  seq: z.number(),
  /** epoch ms when the dashboard saw it */
  at: z.number(),
  kind: z.enum(LEASE_EVENT_KINDS),
  /** hex lease ID; null for cluster-wide events (a leader change) */
  lease: z.string().nullable(),
  key: z.string().nullable(),
  /** the whole event in English words: the same for every viewer, the API and the logs */
  text: z.string(),
  /** the same event as a catalog key and values, for each viewer to read in their own language */
  message: messageSchema.optional(),
});
export type LeaseEvent = z.infer<typeof leaseEventSchema>;

/** The event stream's greeting: which server run, and whether it resumed where the browser was. */
export const helloSchema = z.object({ run: z.string(), resumed: z.boolean() });
