// What a lease holds, recognised from the layout of its keys (see ../shared/LEASES.md, "Leases as
// people use them"). Pure: keys and group readings in, a holding and its words out.
//
// - clientv3's concurrency package (`etcdctl lock`, `etcdctl elect`): `<name>/<lease ID in lowercase
//   hex, unpadded>`. The lowest create revision under `<name>/` holds the lock or leads. A lock's key
//   is empty; an election key holds the proposal: a group whose values are all empty is a lock.
// - the etcd3 npm client's Election: `[namespace]election/<name>/<lease ID in decimal>`. (Its Lock
//   is one key named by the caller, with no layout to tell it from any other key: not guessed.)
// - Kubernetes: `/registry/events/<namespace>/<name>` on shared leases, `/registry/masterleases/<ip>`.
// - Service registries: `/services/<name>/<instance>` (or `/service/<name>`).
// The lease ID in the key must be the lease's own: a key that merely looks like a lock key on some
// other lease is not a contender.
import type { Contender, Holding, HoldingKind, Recipe } from '@/lib/shared/contract-holdings';
import { plural } from '@/lib/shared/words';

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

export const HOLDING_KINDS: readonly HoldingKind[] = [
  'lock',
  'election',
  'registration',
  'kubernetes',
  'plain',
];

export const KIND_LABELS: Record<HoldingKind, string> = {
  lock: 'Locks',
  election: 'Elections',
  registration: 'Service registrations',
  kubernetes: 'Kubernetes',
  plain: 'Other keys',
};

const ordinal = (n: number): string => {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
};

const recipeNote = (recipe: Recipe) => (recipe === 'etcd3' ? ' (etcd3 client)' : '');

/** What a lease holds, in a sentence: "holds lock /jobs/db-migration". */
export function holdingLabel(holding: Holding): string {
  switch (holding.kind) {
    case 'lock':
      return holding.position === 1
        ? `holds lock ${holding.name}`
        : `waits for lock ${holding.name} (${ordinal(holding.position)} in line)`;
    case 'election':
      return holding.position === 1
        ? `leads election ${holding.name}${recipeNote(holding.recipe)}: ${holding.proposal}`
        : `candidate in election ${holding.name}${recipeNote(holding.recipe)} (${ordinal(holding.position)} in line)`;
    case 'contending':
      return `contends in ${holding.name}${recipeNote(holding.recipe)}`;
    case 'k8s-events':
      return `Kubernetes events lease: ${plural(holding.count, 'event')}`;
    case 'k8s-master':
      return `Kubernetes master lease for ${holding.ip}`;
    case 'registration': {
      const what = holding.instance ? `${holding.service}/${holding.instance}` : holding.service;
      return `registers ${what}${holding.count > 1 ? ` and ${holding.count - 1} more` : ''}`;
    }
  }
}

/** What revoking the lease breaks, before anyone is asked to confirm it. */
export function revokeConsequences(holding: Holding | null, keyCount: number): string[] {
  const out = [keyCount === 0 ? 'deletes no keys' : `deletes ${plural(keyCount, 'key')}`];
  if (holding?.kind === 'lock')
    out.push(
      holding.position > 1
        ? `leaves the line for lock ${holding.name}`
        : holding.contenders > 1
          ? `releases lock ${holding.name}: the next waiter takes it`
          : `releases lock ${holding.name}: no one is waiting`,
    );
  else if (holding?.kind === 'election')
    out.push(
      holding.position > 1
        ? `withdraws a candidate (${holding.proposal}) from election ${holding.name}`
        : holding.contenders > 1
          ? `ends the leadership of ${holding.leader}: the next candidate leads`
          : `ends the leadership of ${holding.leader}: no other candidate`,
    );
  else if (holding?.kind === 'k8s-events')
    out.push(`deletes ${plural(holding.count, 'Kubernetes event')} before their time is up`);
  else if (holding?.kind === 'k8s-master')
    out.push(`drops ${holding.ip} from the API servers' endpoints until it renews`);
  else if (holding?.kind === 'registration')
    out.push(
      `deregisters ${holdingLabel(holding).replace(/^registers /, '')}: clients stop finding it`,
    );
  return out;
}
