// The JSON contract, continued: how the sampler keeps up, as /api/leases and /api/health answer it.
// Zod schemas, the types inferred from them; imports zod only.
import { z } from 'zod';

export const roundStatSchema = z.object({
  /** epoch ms the round started */
  at: z.number(),
  /** how long it took, listing included */
  ms: z.number(),
  /** leases etcd listed */
  leases: z.number(),
  /** TimeToLive requests it sent */
  reads: z.number(),
  /** listed leases not read yet at its end */
  unread: z.number(),
  /** whether etcd's pace (or DASHBOARD_MAX_READS_PER_SECOND) left out reads the policy wanted */
  capped: z.boolean(),
  /** at its end, how old the oldest reading of an alive lease was, ms */
  maxStalenessMs: z.number(),
});
export type RoundStat = z.infer<typeof roundStatSchema>;

export const samplerStatsSchema = z.object({
  /**
   * `as-needed`: leases on screen read every second, the rest when their reading may have gone
   * wrong and within `stalenessBoundS`; `behind`: there are more reads to do than etcd's pace (or
   * the operator's cap) allows, so readings get older than that
   */
  mode: z.enum(['as-needed', 'behind']),
  /** no reading is older than this while the sampler keeps up, s */
  stalenessBoundS: z.number(),
  /**
   * the key prefixes the watch covers (DASHBOARD_WATCH_PREFIXES); null: every key. Keys elsewhere
   * have no live events: their changes show at their lease's next reading
   */
  watchPrefixes: z.array(z.string()).nullable(),
  /** TimeToLive answers a second the last rounds managed, smoothed; null before the first */
  readsPerSecond: z.number().nullable(),
  lastRound: roundStatSchema.nullable(),
});
export type SamplerStats = z.infer<typeof samplerStatsSchema>;
