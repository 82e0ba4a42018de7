import 'server-only';
import { scenarioPrefix } from '@/lib/scenarios/tutorial';
import { clientv3Id } from '@/lib/shared/holdings';

// Where a room's keys live in etcd: every one under the room's prefix, so ending the room clears
// them all. The election's and the lock's lines are clientv3's layout, `NAME/<lease ID in hex>`,
// which `etcdctl elect -l NAME` observes and `etcdctl lock NAME` queues in.

export const LINES = ['election', 'lock'] as const;
export type LineKind = (typeof LINES)[number];

export const isLine = (kind: string): kind is LineKind => kind === 'election' || kind === 'lock';
/** What a place in the line holds: clientv3's election proposes a value (the name), a lock none. */
export const lineValue = (kind: LineKind, name: string) => (kind === 'election' ? name : '');

export const roomPrefix = (code: string) => `${scenarioPrefix('room')}${code}/`;
export const membersPrefix = (code: string) => `${roomPrefix(code)}members/`;
export const lineName = (code: string, kind: LineKind) => `${roomPrefix(code)}${kind}`;
export const lineKey = (code: string, kind: LineKind, leaseHex: string) =>
  `${lineName(code, kind)}/${clientv3Id(leaseHex)}`;
