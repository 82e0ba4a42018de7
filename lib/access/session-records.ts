import 'server-only';
import { z } from 'zod';
import { jsonValue } from '@/lib/shared/json-value';
import { createHash } from 'node:crypto';
import type { Dashboard } from '@/lib/dashboard/dashboard';
import { inDashboard } from '@/lib/dashboard/registry';
import { revokeLease } from '@/lib/etcd/leases';
import { keysUnder, putOnOwnLease } from '@/lib/etcd/own-keys';
import { replicaState } from '@/lib/replicas/replica-state';
import { DashboardError, errorCodeOf, isLeaseGone } from '@/lib/shared/errors';
import { say } from '@/lib/shared/english';
import { leaseIdToHex } from '@/lib/shared/lease-id';
import { waitAtMost } from '@/lib/shared/wait';

// Sessions that outlive the process and its leadership: each record is a key of the dashboard's own
// in etcd, on a lease that runs out when the session would have ended, so etcd forgets it then by
// itself. Only the leader answers requests, so it keeps them in memory and writes through; a replica
// that starts leading (or a process that starts) reads them again.

/** Sessions one set of records holds at once: a sign-in past it is refused. */
export const MAX_SESSIONS = 10_000;
/** How long a request waits for the first read of the records before it goes on without. */
const READ_WAIT_MS = 1500;
/** How soon a failed read of the records is tried again, by the next request after it. */
const RETRY_READ_MS = 2000;
/** A record larger than this was not written by the dashboard, and is not read. */
const MAX_RECORD_BYTES = 1024;

/** The key a session's record is kept under: a digest, so reading etcd gives nobody a session. */
export const sessionDigest = (id: string) => createHash('sha256').update(id).digest('hex');

export type SessionRecord = { value: string; expiresAt: number; lease: string | null };

export class SessionRecords {
  private records: Map<string, SessionRecord> = new Map();
  private loading: Promise<void> | null = null;
  /** the replica's role change the records were read after (alone: always 0) */
  private readAfter: number | null = null;
  /** whether the last read failed (said once until one succeeds) */
  private failing = false;

  /**
   * `home`: the dashboard whose etcd keeps the records under `prefix`, or null to keep them in
   * memory only (read-only: the dashboard writes nothing).
   */
  constructor(
    private readonly home: Dashboard | null,
    private readonly prefix: string,
  ) {}

  /**
   * The record of a session (by sessionDigest), if it has one that has not run out. A first read
   * of etcd is waited for only so long: past it, what is known answers (a page must not hang).
   */
  async get(digest: string, now = Date.now()): Promise<SessionRecord | null> {
    await waitAtMost(this.current(), READ_WAIT_MS);
    const record = this.records.get(digest);
    return record && record.expiresAt > now ? record : null;
  }

  /** Keeps a session's record until `expiresAt` (in etcd, on a lease of its own). */
  async add(digest: string, value: string, expiresAt: number, now = Date.now()): Promise<void> {
    assertMayWrite();
    await this.current();
    this.prune(now);
    if (this.records.size >= MAX_SESSIONS)
      throw new DashboardError(
        'rate_limited',
        say('errors.tooManySessions', { max: MAX_SESSIONS }),
      );
    const ttl = Math.max(1, Math.ceil((expiresAt - now) / 1000));
    const lease = this.home
      ? await inDashboard(this.home, () => putOnOwnLease(this.prefix + digest, value, ttl))
      : null;
    this.records.set(digest, { value, expiresAt, lease });
  }

  /**
   * Forgets a session's record, in etcd too (its lease is revoked), also when it was not read yet.
   * Forgotten here only once etcd has done so: a failed revoke leaves it to be tried again.
   */
  async remove(digest: string): Promise<void> {
    const { home } = this;
    if (home) {
      assertMayWrite();
      const lease = this.records.get(digest)?.lease ?? (await this.leaseInEtcd(home, digest));
      if (lease)
        await inDashboard(home, () => revokeLease(lease)).catch((err: unknown) => {
          if (!isLeaseGone(errorCodeOf(err))) throw err;
        });
    }
    this.records.delete(digest);
  }

  /** The sessions whose records match, oldest expiry first. */
  matching(wanted: (record: SessionRecord) => boolean): [string, SessionRecord][] {
    return [...this.records]
      .filter(([, r]) => wanted(r))
      .sort((a, b) => a[1].expiresAt - b[1].expiresAt);
  }

  private async leaseInEtcd(home: Dashboard, digest: string): Promise<string | null> {
    const key = this.prefix + digest;
    const { meta } = await inDashboard(home, () =>
      keysUnder(key, { wanted: (k) => k === key, maxValueBytes: MAX_RECORD_BYTES }),
    );
    const lease = meta.get(key)?.lease ?? '0';
    return lease === '0' ? null : leaseIdToHex(lease);
  }

  /**
   * Read from etcd once, and again after each change of the replica's role. A failed read is tried
   * again in the background: requests go on with what is known rather than each wait for etcd.
   */
  private current(): Promise<void> {
    const after = replicaState()?.since ?? 0;
    if (this.loading && this.readAfter === after) return this.loading;
    this.readAfter = after;
    const loading: Promise<void> = this.read().catch((err: unknown) => {
      if (!this.failing)
        console.error(`lease dashboard: reading the sessions under ${this.prefix} failed:`, err);
      this.failing = true;
      setTimeout(() => {
        if (this.loading === loading) this.loading = null;
      }, RETRY_READ_MS).unref();
    });
    this.loading = loading;
    return loading;
  }

  private async read(): Promise<void> {
    const { home } = this;
    if (!home) return;
    await this.readOnce(home);
    this.failing = false;
  }

  private async readOnce(home: Dashboard): Promise<void> {
    const { values, meta } = await inDashboard(home, () =>
      keysUnder(this.prefix, {
        wanted: (key) => /^[0-9a-f]{64}$/.test(key.slice(this.prefix.length)),
        maxValueBytes: MAX_RECORD_BYTES,
      }),
    );
    const records = new Map<string, SessionRecord>();
    for (const [key, value] of values) {
      const expiresAt = expiryOf(value);
      const lease = meta.get(key)?.lease ?? '0';
      if (expiresAt === null || lease === '0') continue;
      records.set(key.slice(this.prefix.length), { value, expiresAt, lease: leaseIdToHex(lease) });
    }
    this.records = records;
  }

  private prune(now: number): void {
    for (const [digest, record] of this.records)
      if (record.expiresAt <= now) this.records.delete(digest);
  }
}

/** Only the replica that leads writes: one that no longer does would write past the next one's read. */
function assertMayWrite(): void {
  const replica = replicaState();
  if (replica && !replica.mayAct()) throw new DashboardError('not_leader', say('errors.notLeader'));
}

/** A record's value is JSON with the session's expiry, epoch ms. */
const expirySchema = z.object({ expiresAt: z.number().int() });

function expiryOf(value: string): number | null {
  return jsonValue(value, expirySchema)?.expiresAt ?? null;
}
