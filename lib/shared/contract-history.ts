// A lease's remaining TTL over time, as GET /api/leases/<id> answers it. Part of the contract
// (./contract.ts): a zod schema and the types inferred from it; imports zod only.
import { z } from 'zod';

/** What happened at a point of the TTL line: the top of a jump, or where the lease ended. */
export const ttlMarkSchema = z.enum([
  'renewed',
  'renewed-elsewhere',
  'refreshed',
  'restored',
  'expired',
  'revoked',
]);
export type TtlMark = z.infer<typeof ttlMarkSchema>;

/**
 * One corner of a lease's remaining-TTL line (lib/sampler/lease-model.ts): straight between corners,
 * falling one second a second; a renewal is two points at the same time, the jump between them.
 */
export const ttlPointSchema = z.object({
  /** epoch ms */
  t: z.number(),
  /** the TTL the lease was granted (or last renewed) with, seconds */
  grantedTTL: z.number(),
  /** seconds left at `t`, to the millisecond: etcd's deadline as the readings bound it */
  ttl: z.number(),
  /** a renewal (by the dashboard, or by another client), a new leader's refresh, or the end */
  mark: ttlMarkSchema.optional(),
  /** the time of the mark is estimated from a reading, within a second */
  estimated: z.literal(true).optional(),
});
export type TtlPoint = z.infer<typeof ttlPointSchema>;
