import type { ReplicaAuth } from '@/lib/replicas/replica-auth';
import { processState, slot } from '@/lib/dashboard/dashboard';

// What this replica knows of who leads, as the request proxy (proxy.ts) reads it: no etcd client
// here, only what lib/replicas/leadership.ts keeps in the process's state (both run in one process;
// one leadership for every cluster the process serves).

export type ReplicaRole = 'candidate' | 'leader' | 'follower';

export type ReplicaState = {
  /** DASHBOARD_URL: how the other replicas reach this one */
  readonly self: string;
  /** candidate: no leader known yet (or this one is elected but not yet leading) */
  readonly role: ReplicaRole;
  /** the leader's DASHBOARD_URL, when known */
  readonly leader: string | null;
  /** epoch ms of the last change of role or leader */
  readonly since: number;
  /**
   * Resolves once this replica leads, or knows a leader other than `unlike` (a leader that just
   * failed to answer), or after `ms`, whichever is first.
   */
  settled(ms: number, unlike?: string): Promise<void>;
  /** Whether this replica may change etcd now: it leads, and its session surely holds. */
  mayAct(): boolean;
  /** Calls `listener` on every change of role or leader, until the returned function is called. */
  onChange(listener: () => void): () => void;
  /** Signs and checks what replicas tell each other (DASHBOARD_REPLICA_SECRET). */
  readonly auth: ReplicaAuth;
};

const REPLICA = slot('replicas.state', () => ({ state: undefined as ReplicaState | undefined }));

/** This replica's state; undefined when the dashboard runs alone (no DASHBOARD_URL, or read-only). */
export function replicaState(): ReplicaState | undefined {
  return processState().get(REPLICA).state;
}

export function setReplicaState(state: ReplicaState | undefined): void {
  processState().get(REPLICA).state = state;
}
