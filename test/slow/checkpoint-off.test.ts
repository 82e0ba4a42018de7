import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointRun, LEASE_TTL_S } from './leader-change';

// etcd 3.5 without lease checkpointing (as 3.4 always is): a new leader gives a long lease its full
// TTL again, and the dashboard's chart marks that refresh.

/** A reading is floored, and taken a moment after the new leader took over. */
const SLACK_S = 3;

const cluster = new CheckpointRun([]);
beforeAll(() => cluster.start(), 60_000);
afterAll(() => cluster.stop(), 60_000);

describe('a leader change on etcd 3.5 without lease checkpointing', () => {
  it('gives a long lease its full TTL again, and the chart marks the refresh', async () => {
    const seen = await cluster.leaderChangeAfterCheckpoint();

    for (const r of seen.after) expect(r.ttl).toBeGreaterThanOrEqual(LEASE_TTL_S - SLACK_S);
    const refreshes = seen.marks.filter(
      (m) => m.kind === 'refreshed' && m.at >= seen.before.readAt,
    );
    expect(refreshes).toHaveLength(1);
    const top = seen.history.find((p) => p.mark === 'refreshed');
    expect(top?.ttl).toBeGreaterThanOrEqual(LEASE_TTL_S - SLACK_S);
  });
});
