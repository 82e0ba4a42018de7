import 'server-only';
import { getConfig } from '@/lib/config/env';
import { candidates } from '@/lib/etcd/election';
import { ELECTION } from '@/lib/replicas/leadership';
import { replicaState } from '@/lib/replicas/replica-state';
import type { ReplicasView } from '@/lib/shared/contract';
import type { ReplicaResponse } from '@/lib/shared/contract-replicas';

// What /api/health and /api/replica say of the replicas. The candidates come from the election's
// keys in etcd (one range request, at most once a second however often health is asked).

const FRESH_MS = 1000;
let last: { at: number; view: Promise<ReplicasView> } | undefined;

/** Every replica campaigning on the cluster, the leader first; null when this one runs alone. */
export async function replicasView(): Promise<ReplicasView | null> {
  const replica = replicaState();
  if (!replica) return null;
  const now = Date.now();
  if (!last || now - last.at > FRESH_MS) {
    const view = candidates(getConfig().ownPrefix, ELECTION).then((all) => ({
      answeredBy: replica.self,
      leader: all[0]?.value ?? null,
      replicas: all.map((c) => ({ url: c.value, session: c.session })),
    }));
    last = { at: now, view };
    view.catch(() => (last = undefined));
  }
  return last.view;
}

export function replicaResponse(): ReplicaResponse {
  const replica = replicaState();
  if (!replica) return { role: 'alone', self: null, leader: null, since: null, mayAct: true };
  const { role, self, leader, since } = replica;
  return { role, self, leader, since, mayAct: replica.mayAct() };
}
