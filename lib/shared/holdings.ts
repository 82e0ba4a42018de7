// What a lease holds, recognised from the layout of its keys (the layouts: docs/using.md, "What a
// lease holds"). Pure. A contender's key must name its own lease: a look-alike is not one.
import {
  HOLDING_KINDS,
  type Contender,
  type Holding,
  type HoldingKind,
  type Recipe,
} from '@/lib/shared/contract-holdings';
import { english } from '@/lib/shared/english';
import type { Translate } from '@/lib/shared/i18n';

export type ContenderLayout = { recipe: Recipe; name: string; group: string };

export type KeyLayout =
  | ({ kind: 'contender' } & ContenderLayout)
  | { kind: 'k8s-event' }
  | { kind: 'k8s-master'; ip: string }
  | { kind: 'registration'; service: string; instance: string | null };

/** A group's contenders as last read, in create-revision order. */
export type GroupReading = { contenders: Contender[]; readAt: number };

const K8S_EVENT = /(?:^|\/)registry\/events\/[^/]+\/[^/]+$/;
const K8S_MASTER = /(?:^|\/)registry\/masterleases\/([^/]+)$/;
const REGISTRATION = /(?:^|\/)services?\/([^/]+)(?:\/([^/]+))?$/;
const REGISTRATION_INSTANCE = /(?:^|\/)services?\/[^/]+\/[^/]+$/;
const ETCD3_ELECTION = /(?:^|\/)election\/(.+)\/\d+$/;

/** The lease's ID as clientv3 writes it in a key: lowercase hex without leading zeros. */
export const clientv3Id = (leaseHex: string): string => leaseHex.replace(/^0+(?=.)/, '');

/** A key's layout on lease `leaseHex` (16-digit hex), or null for a key with none. */
export function layoutOf(key: string, leaseHex: string): KeyLayout | null {
  const contender = contenderLayout(key, leaseHex);
  if (contender) return { kind: 'contender', ...contender };
  if (K8S_EVENT.test(key)) return { kind: 'k8s-event' };
  const master = K8S_MASTER.exec(key);
  if (master?.[1]) return { kind: 'k8s-master', ip: master[1] };
  const registration = REGISTRATION.exec(key);
  if (registration?.[1])
    return { kind: 'registration', service: registration[1], instance: registration[2] ?? null };
  return null;
}

/** The lock or election a key contends in, if it is laid out as one on this very lease. */
export function contenderLayout(key: string, leaseHex: string): ContenderLayout | null {
  const slash = key.lastIndexOf('/');
  if (slash <= 0) return null;
  // A registry that names its instances by lease ID (`/services/web/<ID>`) registers, not contends.
  if (REGISTRATION_INSTANCE.test(key)) return null;
  const last = key.slice(slash + 1);
  if (last === clientv3Id(leaseHex))
    return { recipe: 'clientv3', name: key.slice(0, slash), group: key.slice(0, slash + 1) };
  if (!/^\d+$/.test(last) || BigInt(last) !== BigInt('0x' + leaseHex)) return null;
  const etcd3 = ETCD3_ELECTION.exec(key);
  if (etcd3?.[1]) return { recipe: 'etcd3', name: etcd3[1], group: key.slice(0, slash + 1) };
  return null;
}

/**
 * What a lease with these keys holds, apart from the group readings: a lock or election layout
 * (its holding depends on the group's reading), another holding, or null for plain keys.
 */
export function keysHold(
  leaseHex: string,
  keys: readonly string[],
): ContenderLayout | Holding | null {
  let events = 0;
  const registrations: { service: string; instance: string | null }[] = [];
  let master: string | null = null;
  for (const key of keys) {
    const layout = layoutOf(key, leaseHex);
    if (layout?.kind === 'contender')
      return { recipe: layout.recipe, name: layout.name, group: layout.group };
    if (layout?.kind === 'k8s-event') events++;
    else if (layout?.kind === 'k8s-master') master = layout.ip;
    else if (layout?.kind === 'registration') registrations.push(layout);
  }
  if (events > 0) return { kind: 'k8s-events', count: events };
  if (master !== null) return { kind: 'k8s-master', ip: master };
  const first = registrations[0];
  if (first) return { kind: 'registration', ...first, count: registrations.length };
  return null;
}

/**
 * What a lease with these keys holds; null for plain keys. `groups` answers a lock's or election's
 * reading (undefined while it has not been read).
 */
export function holdingOf(
  leaseHex: string,
  keys: readonly string[] | ContenderLayout | Holding | null,
  groups: (group: string) => GroupReading | undefined,
): Holding | null {
  const held = isKeyList(keys) ? keysHold(leaseHex, keys) : keys;
  if (held === null || 'kind' in held) return held;
  return contention(leaseHex, held, groups(held.group));
}

const isKeyList = (k: unknown): k is readonly string[] => Array.isArray(k);

function contention(
  leaseHex: string,
  layout: ContenderLayout,
  reading: GroupReading | undefined,
): Holding {
  const { recipe, name } = layout;
  const contenders = reading?.contenders ?? [];
  const index = contenders.findIndex((c) => c.lease === leaseHex);
  const mine = contenders[index];
  if (!mine) return { kind: 'contending', recipe, name };
  const common = { recipe, name, position: index + 1, contenders: contenders.length };
  const isLock = recipe === 'clientv3' && contenders.every((c) => c.value === '');
  if (isLock) return { kind: 'lock', ...common };
  return { kind: 'election', ...common, proposal: mine.value, leader: contenders[0]?.value ?? '' };
}

/** The family a holding belongs to, for filtering and counting. */
export function holdingKind(holding: Holding | null): HoldingKind {
  switch (holding?.kind) {
    case undefined:
      return 'plain';
    case 'lock':
    case 'election':
      return holding.kind;
    case 'contending':
      return holding.recipe === 'etcd3' ? 'election' : 'lock';
    case 'k8s-events':
    case 'k8s-master':
      return 'kubernetes';
    case 'registration':
      return 'registration';
  }
}

export { HOLDING_KINDS };

/** A family's name, for the filter and the counts: "Locks", "Service registrations". */
export function kindLabel(kind: HoldingKind, t: Translate = english): string {
  return t(`holdings.kinds.${kind}`);
}

/** What a lease holds, in a sentence: "holds lock /jobs/db-migration". */
export function holdingLabel(holding: Holding, t: Translate = english): string {
  switch (holding.kind) {
    case 'lock':
      return holding.position === 1
        ? t('holdings.holdsLock', { name: holding.name })
        : t('holdings.waitsForLock', { name: holding.name, position: holding.position });
    case 'election': {
      const { name, recipe, proposal, position } = holding;
      return position === 1
        ? t('holdings.leadsElection', { name, recipe, proposal })
        : t('holdings.candidate', { name, recipe, position });
    }
    case 'contending':
      return t('holdings.contends', { name: holding.name, recipe: holding.recipe });
    case 'k8s-events':
      return t('holdings.k8sEvents', { count: holding.count });
    case 'k8s-master':
      return t('holdings.k8sMaster', { ip: holding.ip });
    case 'registration':
      return t('holdings.registers', registered(holding));
  }
}

const registered = (holding: Extract<Holding, { kind: 'registration' }>) => ({
  what: holding.instance ? `${holding.service}/${holding.instance}` : holding.service,
  more: holding.count - 1,
});

/** What revoking the lease breaks, before anyone is asked to confirm it. */
export function revokeConsequences(
  holding: Holding | null,
  keyCount: number,
  t: Translate = english,
): string[] {
  const out = [t('revokeConsequences.deletesKeys', { count: keyCount })];
  if (holding?.kind === 'lock') {
    const { name } = holding;
    out.push(
      holding.position > 1
        ? t('revokeConsequences.leavesLockLine', { name })
        : holding.contenders > 1
          ? t('revokeConsequences.releasesLockToNext', { name })
          : t('revokeConsequences.releasesLock', { name }),
    );
  } else if (holding?.kind === 'election') {
    const { name, proposal, leader } = holding;
    out.push(
      holding.position > 1
        ? t('revokeConsequences.withdrawsCandidate', { proposal, name })
        : holding.contenders > 1
          ? t('revokeConsequences.endsLeadershipToNext', { leader })
          : t('revokeConsequences.endsLeadership', { leader }),
    );
  } else if (holding?.kind === 'k8s-events')
    out.push(t('revokeConsequences.deletesK8sEvents', { count: holding.count }));
  else if (holding?.kind === 'k8s-master')
    out.push(t('revokeConsequences.dropsMaster', { ip: holding.ip }));
  else if (holding?.kind === 'registration')
    out.push(t('revokeConsequences.deregisters', registered(holding)));
  return out;
}
