// The JSON contract, continued: the cluster's members and how each endpoint answers (etcdctl
// member list and endpoint status). Plain data; imports nothing.

export type ClusterMember = {
  /** hex without padding, as etcdctl member list prints member IDs */
  id: string;
  name: string;
  clientURLs: string[];
  peerURLs: string[];
  isLearner: boolean;
};

/** What one configured endpoint said when asked for its status (etcdctl endpoint status). */
export type EndpointStatus = {
  endpoint: string;
  /** epoch ms of the answer (or the failure) */
  checkedAt: number;
} & (
  | {
      ok: true;
      /** hex ID of the member behind this endpoint */
      memberId: string;
      /** hex ID of the member it follows as leader; null while there is none */
      leaderId: string | null;
      version: string;
      raftTerm: number;
      raftIndex: number;
      dbSize: number;
      dbSizeInUse: number;
      /** round-trip time of the status request, ms */
      latencyMs: number;
    }
  | {
      ok: false;
      /** why it did not answer, in words */
      error: string;
    }
);

export type ClusterResponse = {
  now: number;
  /** epoch ms of the last successful member list, null if none yet */
  membersAt: number | null;
  members: ClusterMember[];
  endpoints: EndpointStatus[];
  /** the leader most endpoints name, and its member if listed */
  leaderId: string | null;
  leaderName: string | null;
  raftTerm: number | null;
};
