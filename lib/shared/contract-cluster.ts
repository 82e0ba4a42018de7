// The JSON contract, continued: the cluster's members and how each endpoint answers (etcdctl
// member list and endpoint status). Zod schemas, the types inferred from them; imports only zod
// and the rest of the contract.
import { z } from 'zod';
import { problemSchema } from '@/lib/shared/contract-problem';

export const clusterMemberSchema = z.object({
  /** hex without padding, as etcdctl member list prints member IDs */
  id: z.string(),
  name: z.string(),
  clientURLs: z.array(z.string()),
  peerURLs: z.array(z.string()),
  isLearner: z.boolean(),
});
export type ClusterMember = z.infer<typeof clusterMemberSchema>;

const endpointCommon = {
  endpoint: z.string(),
  /** epoch ms of the answer (or the failure) */
  checkedAt: z.number(),
};

/** What one configured endpoint said when asked for its status (etcdctl endpoint status). */
export const endpointStatusSchema = z.discriminatedUnion('ok', [
  z.object({
    ...endpointCommon,
    ok: z.literal(true),
    /** hex ID of the member behind this endpoint */
    memberId: z.string(),
    /** hex ID of the member it follows as leader; null while there is none */
    leaderId: z.string().nullable(),
    version: z.string(),
    raftTerm: z.number(),
    raftIndex: z.number(),
    dbSize: z.number(),
    dbSizeInUse: z.number(),
    /** round-trip time of the status request, ms */
    latencyMs: z.number(),
  }),
  z.object({
    ...endpointCommon,
    ok: z.literal(false),
    /** why it did not answer */
    error: problemSchema,
  }),
]);
export type EndpointStatus = z.infer<typeof endpointStatusSchema>;

export const clusterResponseSchema = z.object({
  now: z.number(),
  /** epoch ms of the last successful member list, null if none yet */
  membersAt: z.number().nullable(),
  members: z.array(clusterMemberSchema),
  endpoints: z.array(endpointStatusSchema),
  /** the leader most endpoints name, and its member if listed */
  leaderId: z.string().nullable(),
  leaderName: z.string().nullable(),
  raftTerm: z.number().nullable(),
});
export type ClusterResponse = z.infer<typeof clusterResponseSchema>;
