// GET /api/clusters: the clusters this dashboard serves, for the switcher. Schema first, the type
// inferred from it, so the two cannot drift.
import { z } from 'zod';

export const clustersResponseSchema = z.object({
  now: z.number(),
  clusters: z.array(
    z.object({
      name: z.string(),
      /** where its pages are: today's URLs for the first, /c/<name> for the others */
      path: z.string(),
      /** whether etcd answers it now; null when not known here (a follower, or not read yet) */
      ok: z.boolean().nullable(),
    }),
  ),
});

export type ClustersResponse = z.infer<typeof clustersResponseSchema>;
