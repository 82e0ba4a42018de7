import 'server-only';
import { AccessError, InputError, type RequestContext } from '@/lib/access/guard';
import { getChanges, getKeepAlive, getMonitor, getSampler } from '@/lib/server';
import { scenarioPrefix } from '@/lib/scenarios/tutorial';
import { serially } from '@/lib/scenarios/serially';
import { contestMessages, type LeaseEnd } from '@/lib/shared/contest';
import { clientv3Id } from '@/lib/shared/holdings';
import type { ContestEntry, ContestMember, ContestState } from '@/lib/shared/contract-actions';
import type { Message, MessageValue } from '@/lib/shared/contract';
import { english, say } from '@/lib/shared/english';
import { message, render } from '@/lib/shared/i18n';
import { reasons } from '@/lib/keep-alive/narration';
import { currentDashboard, slot } from '@/lib/dashboard/registry';

// A lock and a leader election on clientv3's concurrency layout, so `etcdctl lock` and `etcdctl
// elect` join as equals. "Crash" stops a keep-alive without revoking: etcd's expiry hands over.
// Bounded by MAX_MEMBERS and DASHBOARD_GRANTS_PER_MINUTE; steps run one at a time.

export const CONTEST_TTL_S = 5;
export const MAX_MEMBERS = 6;
const MAX_TIMELINE = 50;

type Kind = ContestState['kind'];
const NAMES: Record<Kind, string[]> = {
  lock: ['worker-1', 'worker-2', 'worker-3', 'worker-4', 'worker-5', 'worker-6'],
  election: ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'],
};
const NAME_OF: Record<Kind, string> = { lock: 'jobs/db-migration', election: 'scheduler' };

type Stored = ContestState & {
  lastLine: ContestEntry[] | null;
  /** readings from before the last start or reset show contenders that are gone: ignored */
  resetAt: number;
};
const CONTESTS = slot('scenarios.contests', (): Partial<Record<Kind, Stored>> => ({}));

function stored(kind: Kind): Stored {
  const all = currentDashboard().get(CONTESTS);
  return (all[kind] ??= {
    kind,
    name: `${scenarioPrefix(kind)}${NAME_OF[kind]}`,
    ttl: CONTEST_TTL_S,
    members: [],
    line: null,
    timeline: [],
    lastLine: null,
    resetAt: 0,
  });
}

/** The scenario as it stands: its contenders as etcd last showed them, and what happened. */
export function contestState(kind: Kind, now = Date.now()): ContestState {
  const state = stored(kind);
  // No reading: not read yet, or dropped once it held no one (then the line is empty).
  const read = getMonitor().contention.reading(`${state.name}/`);
  const reading =
    read && read.readAt > state.resetAt
      ? read
      : !read && state.lastLine
        ? { contenders: [], readAt: now }
        : undefined;
  if (reading) {
    const line = reading.contenders.map((c) => ({
      lease: c.lease,
      key: c.key,
      value: c.value,
      who: whoIs(state.members, c.lease),
    }));
    const who = (e: ContestEntry) => whoSaid(state.members, e);
    for (const said of contestMessages(kind, state.lastLine, line, endOf, who))
      note(state, said, Math.min(now, reading.readAt));
    state.lastLine = line;
    state.line = line;
  }
  const { kind: k, name, ttl, members, line, timeline } = state;
  return { kind: k, name, ttl, members, line, timeline: [...timeline].sort((a, b) => a.at - b.at) };
}

export type ContestOp = 'start' | 'join' | 'crash' | 'reset';

export function contestStep(
  kind: Kind,
  op: ContestOp,
  member: string | undefined,
  caller: RequestContext,
): Promise<ContestState> {
  return serially(`contest-${kind}`, async () => {
    if (op === 'reset' || op === 'start') await reset(kind);
    if (op === 'start') for (let i = 0; i < 3; i++) await join(kind, caller);
    if (op === 'join') await join(kind, caller);
    if (op === 'crash') crash(kind, member);
    return contestState(kind);
  });
}

async function join(kind: Kind, caller: RequestContext): Promise<void> {
  const state = stored(kind);
  // Crashed contenders whose lease has run out are done: they leave the list.
  state.members = state.members.filter((m) => !m.crashed || alive(m.leaseId));
  const running = state.members.filter((m) => !m.crashed && alive(m.leaseId));
  if (running.length >= MAX_MEMBERS)
    throw new AccessError('rate_limited', say('errors.tooManyContenders', { max: MAX_MEMBERS }));
  const used = new Set(state.members.map((m) => m.name));
  const name = NAMES[kind].find((n) => !used.has(n)) ?? `${kind}-${state.members.length + 1}`;
  const changes = getChanges();
  const lease = await changes.grant(caller, CONTEST_TTL_S);
  // clientv3's layout: NAME/<lease ID in lowercase hex, unpadded>; etcdctl lock/elect use the same.
  const key = `${state.name}/${clientv3Id(lease.id)}`;
  try {
    await changes.put(lease.id, key, kind === 'lock' ? '' : name);
    // Not noted in etcd (like the registry): after a restart these leases are left to expire.
    await getKeepAlive().start(lease.id, 'third', { remember: false });
  } catch (err) {
    await changes.revokeIfAlive(lease.id);
    throw err;
  }
  state.members.push({ name, leaseId: lease.id, key, crashed: false });
  note(
    state,
    message(kind === 'lock' ? 'contest.timeline.asks' : 'contest.timeline.runs', {
      who: name,
      id: lease.id,
    }),
  );
}

/** The contender stops renewing, as a process that dies would; nothing is revoked. */
function crash(kind: Kind, name: string | undefined): void {
  const state = stored(kind);
  const first = state.line?.map((e) => state.members.find((m) => m.leaseId === e.lease))[0];
  const member = name ? state.members.find((m) => m.name === name) : first;
  if (!member)
    throw new InputError(
      'member',
      name ? say('errors.noContender', { name }) : say('errors.holderNotOurs'),
    );
  if (member.crashed) return;
  member.crashed = true;
  getKeepAlive().stop(member.leaseId, reasons.contenderCrashed());
  note(state, message('contest.timeline.crashed', { who: member.name, ttl: CONTEST_TTL_S }));
}

async function reset(kind: Kind): Promise<void> {
  const state = stored(kind);
  for (const m of state.members) getKeepAlive().stop(m.leaseId, reasons.scenarioReset());
  // Only the scenario's own leases: an `etcdctl lock` waiting in the same line is someone's shell.
  for (const m of state.members) await getChanges().revokeIfAlive(m.leaseId);
  Object.assign(state, {
    members: [],
    line: null,
    lastLine: null,
    timeline: [],
    resetAt: Date.now(),
  });
  // The line is shown from a reading made after the reset: without one, whoever still holds (an
  // `etcdctl lock` in the same line) would show only at the group's next periodic reading.
  getMonitor().contention.readSoon(`${state.name}/`);
}

function note(state: Stored, said: Message, at = Date.now()): void {
  state.timeline.push({ at, text: render(english, said), message: said });
  if (state.timeline.length > MAX_TIMELINE) state.timeline.splice(0, 1);
}

function whoIs(members: ContestMember[], lease: string): string {
  const who = whoSaid(members, { lease });
  return typeof who === 'object' ? render(english, who) : String(who);
}

/**
 * A contender's name in sentences: the scenario's own, or who else it is, in the viewer's words. A
 * contender read before keeps the name it had then: a crashed member leaves `members` once its
 * lease is gone, which may be before the reading that sees it leave the line.
 */
function whoSaid(members: ContestMember[], entry: { lease: string; who?: string }): MessageValue {
  const member = members.find((m) => m.leaseId === entry.lease);
  if (member) return member.name;
  const other = entry.lease
    ? message('contest.otherClient', { id: entry.lease })
    : message('contest.noLease');
  return entry.who === undefined || entry.who === render(english, other) ? other : entry.who;
}

function alive(id: string): boolean {
  const status = getSampler().lease(id)?.status;
  return status === 'alive' || status === 'unread';
}

function endOf(lease: string): LeaseEnd {
  const status = getSampler().lease(lease)?.status;
  return status === 'expired' || status === 'revoked' ? status : 'unknown';
}
