import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startCluster } from '../../scripts/etcd.mjs';
import { etcdBinDir } from '../../scripts/etcd-versions.mjs';
import { waitFor } from '../integration/helpers';
import { samplerWithKeepAlive } from '../integration/parts';
import type { ChartMark } from '@/lib/shared/chart-marks';
import type { TtlPoint } from '@/lib/shared/contract-history';

// One long lease on a real three-member etcd 3.5 cluster, watched by the dashboard's own parts the
// way the detail panel watches it, and one leader change after etcd's first lease checkpoint.
// The dashboard reads its configuration from the environment once, so a file holds one cluster.

const run = promisify(execFile);

/** Both flags, as an operator who wants remaining TTLs kept over leader changes sets them. */
export const CHECKPOINT_FLAGS = [
  '--experimental-enable-lease-checkpoint',
  '--experimental-enable-lease-checkpoint-persist',
];
/** etcd checkpoints a lease this long after grant, and only a lease with more than this left. */
export const CHECKPOINT_AFTER_S = 300;
/** Long enough to be checkpointed, short enough that the wait for the checkpoint stays short. */
export const LEASE_TTL_S = 330;
/** A new leader adds its election timeout (etcd's default) to every lease it takes over. */
export const ELECTION_TIMEOUT_S = 1;
/** Past the checkpoint by this much: etcd checks its checkpoint schedule every half second. */
const PAST_CHECKPOINT_S = 2;
/** The viewer polling the chart, as lib/api/responses.ts marks it. */
const VIEWER = 'slow-test-viewer';

export type Reading = { readAt: number; ttl: number };

export type LeaderChange = {
  leaseId: string;
  from: string;
  to: string;
  /** the dashboard's last reading before the leader moved */
  before: Reading;
  /** its readings once it had seen the new leader */
  after: Reading[];
  /** when move-leader was asked for (epoch ms) */
  movedAt: number;
  history: TtlPoint[];
  marks: ChartMark[];
};

type Cluster = Awaited<ReturnType<typeof startCluster>>;
type Parts = Awaited<ReturnType<typeof samplerWithKeepAlive>> & {
  monitor: import('@/lib/cluster/cluster-monitor').ClusterMonitor;
};

export class CheckpointRun {
  private dir = '';
  private cluster: Cluster | undefined;
  private parts: Parts | undefined;
  private leaseId: string | null = null;
  private readonly bin = etcdBinDir('3.5');

  constructor(private readonly flags: string[]) {}

  async start(): Promise<void> {
    this.dir = mkdtempSync(path.join(tmpdir(), 'lease-dashboard-checkpoint-'));
    this.cluster = await startCluster({
      dir: this.dir,
      binary: path.join(this.bin, 'etcd'),
      flags: this.flags,
      token: path.basename(this.dir),
    });
    process.env.ETCD_ENDPOINTS = this.cluster.endpoints.join(',');
    const built = await samplerWithKeepAlive();
    this.parts = { ...built, monitor: built.cluster };
    this.parts.monitor.start();
    await this.parts.sampler.start();
  }

  async stop(): Promise<void> {
    const parts = this.parts;
    if (parts && this.leaseId) await parts.changes.revoke(this.leaseId).catch(() => undefined);
    parts?.keepAlive.close();
    parts?.monitor.stop();
    parts?.sampler.stop();
    await this.cluster?.stopAll();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * Grants a lease through the dashboard's grant, waits on the dashboard's readings until etcd has
   * checkpointed it, moves the leader to another member, and returns what the dashboard read.
   */
  async leaderChangeAfterCheckpoint(): Promise<LeaderChange> {
    const { sampler, changes, monitor } = this.need();
    const { chartMarks } = await import('@/lib/shared/chart-marks');
    const { boundedEvents } = await import('@/lib/api/bounded');
    const leader = await waitFor(() => monitor.view().leaderName, 10_000, 'a leader');

    const granted = await changes.grant({ client: VIEWER, as: null }, LEASE_TTL_S);
    const id = granted.id;
    this.leaseId = id;
    const readings = this.record(id);
    try {
      const checkpointed = LEASE_TTL_S - CHECKPOINT_AFTER_S - PAST_CHECKPOINT_S;
      const before = await waitFor(
        () => {
          const last = readings.at(-1);
          return last && last.ttl <= checkpointed ? last : null;
        },
        (CHECKPOINT_AFTER_S + 30) * 1000,
        `the dashboard to read ${checkpointed} s or less left on lease ${id}`,
      );

      const others = monitor.view().members.filter((m) => m.name !== leader);
      const target = others[0];
      const leaderEndpoint = this.cluster?.member(leader)?.endpoint;
      if (!target || !leaderEndpoint) throw new Error(`no member to move leader ${leader} to`);
      const movedAt = Date.now();
      await run(path.join(this.bin, 'etcdctl'), [
        '--endpoints',
        leaderEndpoint,
        'move-leader',
        target.id,
      ]);
      await waitFor(
        () => monitor.view().leaderName === target.name,
        10_000,
        `the dashboard to see ${target.name} lead`,
      );
      const seenAt = Date.now();
      // A few readings on the new leader: one could still be an answer from the old term.
      const after = await waitFor(
        () => {
          const since = readings.filter((r) => r.readAt > seenAt);
          return since.length >= 3 ? since : null;
        },
        10_000,
        'three readings after the leader change',
      );
      const history = sampler.history(id);
      const marks = chartMarks(
        history,
        boundedEvents(sampler.events.forLease(id)),
        (history[0]?.t ?? 0) - 1000,
      );
      return { leaseId: id, from: leader, to: target.name, before, after, movedAt, history, marks };
    } finally {
      readings.stop();
    }
  }

  /**
   * Keeps the lease in focus as an open detail panel does, so the sampler reads it more than once a
   * round, and notes each new reading.
   */
  private record(id: string): Reading[] & { stop: () => void } {
    const { sampler } = this.need();
    const readings: Reading[] = [];
    const timer = setInterval(() => {
      sampler.viewed(VIEWER, [id], Date.now(), true);
      const view = sampler.lease(id);
      if (view?.status !== 'alive' || readings.at(-1)?.readAt === view.readAt) return;
      readings.push({ readAt: view.readAt, ttl: view.ttl });
    }, 100);
    return Object.assign(readings, { stop: () => clearInterval(timer) });
  }

  private need(): Parts {
    if (!this.parts) throw new Error('start() first');
    return this.parts;
  }
}

/** The countdown `from` would show at `at`, in etcd's whole seconds. */
export function countedDown(from: Reading, at: number): number {
  return from.ttl - (at - from.readAt) / 1000;
}
