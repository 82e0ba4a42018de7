import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHECKPOINT_FLAGS,
  CheckpointRun,
  ELECTION_TIMEOUT_S,
  LEASE_TTL_S,
  countedDown,
} from './leader-change';

// etcd 3.5 with lease checkpointing: a new leader takes over a long lease with the remaining TTL
// etcd last checkpointed, so the dashboard's countdown goes on instead of jumping back to the TTL.
// Not to the second: the new leader adds its election timeout and the time since the checkpoint,
// and the chart marks that small lift as kept by the checkpoint, never as a refresh.

/** etcd rounds the checkpoint up, and the leader moves a moment after it. */
const SLACK_S = 3;

const cluster = new CheckpointRun(CHECKPOINT_FLAGS);
beforeAll(() => cluster.start(), 60_000);
afterAll(() => cluster.stop(), 60_000);

describe('a leader change on etcd 3.5 with lease checkpointing', () => {
  it('keeps a long lease counting down, and the chart shows no jump back to its TTL', async () => {
    const seen = await cluster.leaderChangeAfterCheckpoint();

    const most = (at: number) => countedDown(seen.before, at) + ELECTION_TIMEOUT_S + SLACK_S;
    for (const r of seen.after) expect(r.ttl).toBeLessThanOrEqual(most(r.readAt));
    expect(seen.history.filter((p) => p.mark === 'refreshed')).toEqual([]);
    const kept = seen.history.filter((p) => p.mark === 'restored');
    for (const p of kept) expect(p.ttl).toBeLessThanOrEqual(most(p.t));
    expect(
      Math.max(...seen.history.filter((p) => p.t > seen.before.readAt).map((p) => p.ttl)),
    ).toBeLessThan(LEASE_TTL_S / 2);
    // The chart still says a leader was elected: the change happened, it moved next to nothing.
    expect(seen.marks.some((m) => m.kind === 'leader' && m.at >= seen.movedAt)).toBe(true);
  });
});
