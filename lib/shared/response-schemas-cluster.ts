// The cluster panel's answer (./contract-cluster.ts) as a zod schema, like ./response-schemas.ts.
import { z } from 'zod';
import type { ClusterResponse } from '@/lib/shared/contract-cluster';
import { maybe, ms, text } from '@/lib/shared/response-schemas';

export const clusterResponseSchema = z.object({
  now: ms,
  membersAt: maybe(ms),
  members: z.array(
    z.object({
      id: text,
      name: text,
      clientURLs: z.array(text),
      peerURLs: z.array(text),
      isLearner: z.boolean(),
    }),
  ),
  endpoints: z.array(
    z.discriminatedUnion('ok', [
      z.object({
        endpoint: text,
        checkedAt: ms,
        ok: z.literal(true),
        memberId: text,
        leaderId: maybe(text),
        version: text,
        raftTerm: z.number(),
        raftIndex: z.number(),
        dbSize: z.number(),
        dbSizeInUse: z.number(),
        latencyMs: z.number(),
      }),
      z.object({ endpoint: text, checkedAt: ms, ok: z.literal(false), error: text }),
    ]),
  ),
  leaderId: maybe(text),
  leaderName: maybe(text),
  raftTerm: z.number().nullable(),
}) satisfies z.ZodType<ClusterResponse>;
