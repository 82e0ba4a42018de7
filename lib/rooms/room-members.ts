import 'server-only';
import { keysUnder } from '@/lib/etcd/own-keys';
import { getChanges } from '@/lib/server';
import { errorCodeOf, isLeaseGone } from '@/lib/shared/errors';
import { leaseIdToHex } from '@/lib/shared/lease-id';
import { LINES, lineKey, lineValue, membersPrefix, type LineKind } from '@/lib/rooms/room-keys';

// A room's members as etcd holds them, and their places in the rounds' lines: clientv3's layout on
// each member's own lease (./room-keys.ts).

export type Member = { name: string; key: string; lease: string };

/** Members as etcd holds them, oldest first: each key under the room's members folder and its lease. */
export async function readMembers(code: string, max: number): Promise<Member[]> {
  const prefix = membersPrefix(code);
  const { meta } = await keysUnder(prefix, {
    wanted: () => true,
    maxValueBytes: 256,
    maxKeys: max,
  });
  // In the order they joined: the order their places are taken in a line.
  return [...meta]
    .sort(([, a], [, b]) => Number(BigInt(a.createRevision) - BigInt(b.createRevision)))
    .map(([key, m]) => ({
      key,
      name: key.slice(prefix.length),
      lease: m.lease === '0' ? '' : leaseIdToHex(m.lease),
    }));
}

/** Members leave every line: only their own keys, as an `etcdctl lock` waiting there is someone's shell. */
export async function leaveLines(code: string, members: Member[]): Promise<void> {
  const changes = getChanges();
  for (const line of LINES)
    for (const m of members) if (m.lease) await changes.withdraw(lineKey(code, line, m.lease));
}

/** Members take places in the line in the order given, as clientv3 would campaign or lock for each. */
export async function takePlaces(code: string, kind: LineKind, members: Member[]): Promise<void> {
  for (const m of members)
    if (m.lease)
      await contendIfAlive(lineKey(code, kind, m.lease), m.lease, lineValue(kind, m.name));
}

/** A member takes its place in the line; a member whose lease has just gone is left out. */
async function contendIfAlive(key: string, lease: string, value: string): Promise<void> {
  try {
    await getChanges().contend(lease, key, value);
  } catch (err) {
    if (!isLeaseGone(errorCodeOf(err))) throw err;
  }
}
