// What one replica says of itself (lib/replicas/), at /api/replica. (/api/health names them all:
// ReplicasView in ./contract.ts.)

/** GET /api/replica: one replica's own view, answered by that replica (never passed on). */
export type ReplicaResponse = {
  /** alone: no DASHBOARD_URL, or read-only (which cannot campaign) */
  role: 'alone' | 'candidate' | 'leader' | 'follower';
  self: string | null;
  leader: string | null;
  /** epoch ms of its last change of role or leader */
  since: number | null;
  /** whether it may change etcd now (alone, or leading with its session surely held) */
  mayAct: boolean;
};
