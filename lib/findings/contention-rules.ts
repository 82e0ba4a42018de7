import type { LeaseView } from '@/lib/shared/contract';
import type { FindingThresholds } from '@/lib/shared/contract-findings';
import type { Contender } from '@/lib/shared/contract-holdings';
import { contenderLayout, type GroupReading } from '@/lib/shared/holdings';
import { durationMessage } from '@/lib/shared/countdown';
import { message } from '@/lib/shared/i18n';
import type { Hit } from '@/lib/findings/lease-rules';

// The rules on locks and elections, from each group's last reading (lib/sampler/contention.ts) and
// the sampler's view of its leases, with no etcd request of their own:
// - stuck-lock: a holder held longer than the threshold while others wait;
// - leaderless-election: the first key cannot lead (no lease, so clientv3's Campaign waits for
//   ever; or its lease is gone and etcd still lists the key);
// - holder-expiring: a holder not kept alive here, read below half its TTL (clientv3 renews at a
//   third, so a live session never gets there).

export type GroupHit = Hit & { group: string };

export type GroupFindings = {
  'stuck-lock': GroupHit[];
  'leaderless-election': GroupHit[];
  'holder-expiring': GroupHit[];
};

/** How long each group's current holder has held, as this engine has seen it. */
export class HolderClock {
  private readonly holders = new Map<string, { key: string; revision: string; since: number }>();
  private pass = new Set<string>();

  /** Since when the group's first contender has been first (`now` when it just became so). */
  since(group: string, head: Contender, now: number): number {
    this.pass.add(group);
    const known = this.holders.get(group);
    if (known && known.key === head.key && known.revision === head.createRevision)
      return known.since;
    this.holders.set(group, { key: head.key, revision: head.createRevision, since: now });
    return now;
  }

  /** Forgets groups not seen since the last call. */
  sweep(): void {
    for (const group of this.holders.keys()) if (!this.pass.has(group)) this.holders.delete(group);
    this.pass = new Set();
  }
}

/** Whether the group is a lock (clientv3, every value empty) or an election; null: not laid out. */
function kindOf(contenders: readonly Contender[]): 'lock' | 'election' | null {
  const laid = contenders.find((c) => c.lease !== '' && contenderLayout(c.key, c.lease));
  if (!laid) return null;
  const layout = contenderLayout(laid.key, laid.lease);
  if (layout?.recipe === 'clientv3' && contenders.every((c) => c.value === '')) return 'lock';
  return 'election';
}

export function contentionRules(
  groups: Iterable<[string, GroupReading]>,
  lease: (id: string) => LeaseView | null,
  keptAlive: (id: string) => boolean,
  clock: HolderClock,
  thresholds: FindingThresholds,
  now: number,
): GroupFindings {
  const out: GroupFindings = { 'stuck-lock': [], 'leaderless-election': [], 'holder-expiring': [] };
  for (const [group, reading] of groups) {
    const { contenders } = reading;
    const head = contenders[0];
    const kind = kindOf(contenders);
    if (!head || !kind) continue;
    const name = group.slice(0, -1);
    const since = clock.since(group, head, now);
    const view = head.lease ? lease(head.lease) : null;
    if (view?.status === 'alive') {
      const waiters = contenders.length - 1;
      const heldS = (now - since) / 1000;
      if (kind === 'lock' && waiters > 0 && heldS > thresholds.stuckLockSeconds)
        out['stuck-lock'].push({
          group,
          lease: view.id,
          detail: () =>
            message('findings.example.stuck-lock', {
              name,
              held: durationMessage(heldS),
              waiters,
            }),
        });
      // Judged by the reading, not by a projection from it: a lease renewed since its last reading
      // is re-read near its projected end (lib/sampler/quick-reads.ts) before anyone is warned.
      const left = Math.min(view.ttl, (view.readAt + view.ttl * 1000 - now) / 1000);
      if (
        !keptAlive(view.id) &&
        view.ttl <= thresholds.holderExpiringSeconds &&
        view.ttl < view.grantedTTL / 2
      )
        out['holder-expiring'].push({
          group,
          lease: view.id,
          detail: () =>
            message('findings.example.holder-expiring', {
              name,
              kind,
              left: Math.max(0, Math.floor(left)),
              ttl: view.grantedTTL,
            }),
        });
      continue;
    }
    if (kind !== 'election') continue;
    const stuck =
      head.lease === '' ||
      ((view?.status === 'expired' || view?.status === 'revoked') &&
        reading.readAt > view.goneAt + 1000);
    const candidate = contenders.find((c) => c.lease && lease(c.lease)?.status === 'alive');
    if (!stuck || !candidate) continue;
    out['leaderless-election'].push({
      group,
      lease: candidate.lease,
      detail: () =>
        message('findings.example.leaderless-election', {
          name,
          head: head.key,
          why: head.lease === '' ? 'no-lease' : (view?.status ?? 'no-lease'),
          candidates: contenders.length - 1,
        }),
    });
  }
  clock.sweep();
  return out;
}
