// What one replica says of itself (lib/replicas/), at /api/replica. (/api/health names them all:
// ReplicasView in ./contract.ts.) A zod schema and the type inferred from it; imports zod only.
import { z } from 'zod';

/** GET /api/replica: one replica's own view, answered by that replica (never passed on). */
export const replicaResponseSchema = z.object({
  /** alone: no DASHBOARD_URL, or read-only (which cannot campaign) */
  role: z.enum(['alone', 'candidate', 'leader', 'follower']),
  self: z.string().nullable(),
  leader: z.string().nullable(),
  /** epoch ms of its last change of role or leader */
  since: z.number().nullable(),
  /** whether it may change etcd now (alone, or leading with its session surely held) */
  mayAct: z.boolean(),
});
export type ReplicaResponse = z.infer<typeof replicaResponseSchema>;
