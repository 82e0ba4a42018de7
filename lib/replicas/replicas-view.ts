import 'server-only';
import { homeDashboard, inDashboard } from '@/lib/dashboard/registry';
import { candidates, type Entry } from '@/lib/etcd/election';
import { electionDir } from '@/lib/replicas/leadership';
import { replicaState } from '@/lib/replicas/replica-state';
import type { ReplicasView } from '@/lib/shared/contract';
import type { ReplicaResponse } from '@/lib/shared/contract-replicas';

// What /api/health and /api/replica say of the replicas. The candidates come from the election's
// signed keys in etcd (one range request, at most once a second however often health is asked).

const FRESH_MS = 1000;
let last: { at: number; view: Promise<ReplicasView> } | undefined;

/** Every replica campaigning on the cluster, the leader first; null when this one runs alone. */
export async function replicasView(): Promise<ReplicasView | null> {
  const replica = replicaState();
  if (!replica) return null;
  const now = Date.now();
  if (!last || now - last.at > FRESH_MS) {
    // Only the entries a replica signed: the rest are no replica's (lib/replicas/replica-auth.ts).
    const signed = (entry: Entry) => replica.auth.urlOf(entry.key, entry.value);
    // The election lives in the home cluster's etcd, whichever cluster asks.
    const home = homeDashboard();
    if (!home) return null;
    const view = inDashboard(home, () =>
      candidates(
        electionDir(home.getConfig().ownPrefix),
        (e) => e.session !== null && signed(e) !== null,
      ),
    ).then((all) => {
      const replicas = all.map((e) => ({ url: signed(e) ?? '', session: e.session ?? '' }));
      return { answeredBy: replica.self, leader: replicas[0]?.url ?? null, replicas };
    });
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
