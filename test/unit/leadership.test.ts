import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Candidacy, Entry } from '@/lib/etcd/election';
import { ReplicaAuth } from '@/lib/replicas/replica-auth';

// The leadership's decisions on fake timers, with the election's etcd side replaced by a
// hand-driven one: which entry etcd names, when a session renewal got through. What etcd itself
// does is the replica tests' (test/replicas/: real etcd and dashboard processes).

type Campaign = {
  key: string;
  heldUntil: number;
  ready(): void;
  failed(err: Error): void;
  resigned: boolean;
};

const etcd = vi.hoisted(() => ({
  campaigns: [] as Campaign[],
  heard: undefined as ((leader: Entry | null) => void) | undefined,
  removed: [] as string[],
}));

vi.mock('@/lib/etcd/election', () => ({
  campaign: (
    dir: string,
    valueFor: (key: string) => string,
    ttlS: number,
    on: { ready(): void; failed(err: Error): void },
  ): Candidacy => {
    const c: Campaign = {
      key: `${dir}${1000 + etcd.campaigns.length}`,
      heldUntil: Date.now() + ttlS * 1000,
      ready: on.ready,
      failed: on.failed,
      resigned: false,
    };
    valueFor(c.key);
    etcd.campaigns.push(c);
    return {
      key: () => c.key,
      heldUntil: () => c.heldUntil,
      resign: async () => {
        c.resigned = true;
      },
    };
  },
  observe: async (_dir: string, _accept: unknown, onChange: (leader: Entry | null) => void) => {
    etcd.heard = onChange;
    return async () => undefined;
  },
  removeEntry: async (entry: Entry) => {
    etcd.removed.push(entry.key);
  },
}));

const { Leadership, electionDir } = await import('@/lib/replicas/leadership');

const SELF = 'http://10.0.0.11:3000';
const OTHER = 'http://10.0.0.12:3000';
const auth = new ReplicaAuth('a shared secret of some length');
const dir = electionDir('/lease-dashboard/');

/** An entry as a replica at `url` signs it, on the session its key names. */
const entry = (key: string, url: string, at = 1n): Entry => ({
  key,
  value: auth.entry(key, url),
  session: key.slice(dir.length).padStart(16, '0'),
  createRevision: at,
  modRevision: String(at),
});

function start() {
  const duties = { lead: vi.fn(), stepDown: vi.fn(), follow: vi.fn() };
  const leadership = new Leadership(SELF, '/lease-dashboard/', auth, duties);
  leadership.start();
  return { leadership, duties };
}

/** A replica that campaigned and heard its own key named first: it leads. */
async function leading() {
  const started = start();
  await vi.advanceTimersByTimeAsync(0);
  const mine = etcd.campaigns[0];
  if (!mine) throw new Error('no campaign');
  etcd.heard?.(entry(mine.key, SELF));
  expect(started.leadership.role).toBe('leader');
  return { ...started, mine };
}

beforeEach(() => {
  vi.useFakeTimers();
  etcd.campaigns.length = 0;
  etcd.removed.length = 0;
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('Leadership', () => {
  it('leads once its own key leads, and steps down when no renewal got through in time', async () => {
    const { leadership, duties, mine } = await leading();
    expect(leadership.mayAct()).toBe(true);
    expect(duties.lead).toHaveBeenCalledTimes(1);

    // A renewal got through a second in: the fence moves on by as much.
    await vi.advanceTimersByTimeAsync(1000);
    mine.heldUntil = Date.now() + 2000;
    await vi.advanceTimersByTimeAsync(1700);
    expect(leadership.role).toBe('leader');
    // Then none: it stops acting before etcd could have let the session run out.
    await vi.advanceTimersByTimeAsync(100);
    expect(leadership.role).toBe('candidate');
    expect(leadership.mayAct()).toBe(false);
    expect(duties.stepDown).toHaveBeenCalledTimes(1);
    expect(Date.now()).toBeLessThan(mine.heldUntil);
    expect(mine.resigned).toBe(true);
    // And campaigns again.
    await vi.advanceTimersByTimeAsync(500);
    expect(etcd.campaigns).toHaveLength(2);
  });

  it('follows the leader it hears while stepping down, at once', async () => {
    const { leadership, duties } = await leading();
    // Its session was revoked: etcd names the other replica now.
    etcd.heard?.(entry(`${dir}2000`, OTHER, 2n));
    expect(duties.stepDown).toHaveBeenCalledTimes(1);
    expect(leadership.role).toBe('follower');
    expect(leadership.leader).toBe(OTHER);
  });

  it('removes an entry that names it under a key not its own, rather than wait behind it', async () => {
    const { leadership } = start();
    await vi.advanceTimersByTimeAsync(0);
    etcd.heard?.(entry(`${dir}7`, SELF));
    expect(leadership.role).toBe('candidate');
    expect(etcd.removed).toEqual([`${dir}7`]);
  });

  it('accepts only entries a replica signed, on the session their key names, and says so once', () => {
    const { leadership } = start();
    const good = entry(`${dir}42`, OTHER);
    expect(leadership.accept(good)).toBe(true);
    expect(leadership.accept({ ...good, session: null })).toBe(false);
    const forged = {
      ...good,
      value: JSON.stringify({ url: OTHER, sig: 'forged' }),
      modRevision: '2',
    };
    expect(leadership.accept(forged)).toBe(false);
    expect(leadership.accept(forged)).toBe(false);
    expect(console.error).toHaveBeenCalledTimes(2);
  });
});
