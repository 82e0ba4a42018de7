import 'server-only';
import { RateLimit } from '@/lib/access/rate-limit';
import type { AuditEntry, AuditRecord, AuditResponse } from '@/lib/shared/contract-audit';
import { auditPage, type AuditQuery } from '@/lib/shared/audit-query';
import type { AuditStore, HeldEntry } from '@/lib/audit/audit-store';
import { auditKey, entryBytes, oldestToDrop, type AuditBounds } from '@/lib/audit/ring';

// The audit trail of one dashboard: the newest entries within the bounds, kept in etcd by the
// leading replica (so every replica and every restart reads the same trail) and mirrored here, so
// a viewer's page costs etcd nothing. Entries are written one at a time, in order, each under a new
// number: a transaction puts it only if the number is free, so no entry is ever overwritten, by a
// replica that has just stopped leading or by anyone else. In read-only mode, which writes nothing
// to etcd, the trail is this process's own, in memory.

/** What became of one entry besides its line on stdout. */
export type AuditOutcome =
  /** kept in etcd */
  | 'stored'
  /** kept in this process only (read-only mode) */
  | 'memory'
  /** etcd did not take it (not answering, or this replica no longer leads) */
  | 'failed'
  /** a refused attempt beyond its client's allowance: on stdout only */
  | 'limited';
export type AuditTotals = Record<AuditOutcome, number>;
export const newAuditTotals = (): AuditTotals => ({ stored: 0, memory: 0, failed: 0, limited: 0 });

/**
 * Refused attempts one client may add to the trail in etcd in any minute. Anyone can send them
 * (with a sign-in token set, nobody else can change etcd), so without this anyone could make
 * the dashboard write to etcd as fast as they can ask. Every attempt still has its stdout line.
 */
export const REFUSED_PER_CLIENT_PER_MINUTE = 120;

/** Tries at writing one entry when another writer took its number each time. */
const ATTEMPTS = 3;

export type AuditTrailOptions = {
  /** where the entries are kept; null when the configuration cannot be read */
  store: AuditStore | null;
  bounds: AuditBounds;
  /** where in etcd, for the page to say */
  dir: string | null;
  /** read-only mode now: nothing goes to etcd */
  readOnly: () => boolean;
  /** replicas: whether this one leads now; alone, always */
  leading: () => boolean;
  /** counted for the metrics, kept across drops of the parts */
  totals: AuditTotals;
};

/** Entries that may wait to be written to etcd at once. */
const MAX_PENDING_WRITES = 1000;

export class AuditTrail {
  /** oldest first */
  private held: HeldEntry[] = [];
  private bytes = 0;
  private next = 1;
  /** whether `held` is what etcd holds; null before the first read */
  private loading: Promise<void> | null = null;
  private loaded = false;
  /** the last write, so the next waits for it: entries go to etcd in the order they came */
  private tail: Promise<unknown> = Promise.resolve();
  /** entries waiting for their turn to be written */
  private pending = 0;
  private readonly refused = new RateLimit(REFUSED_PER_CLIENT_PER_MINUTE);
  /** the last failure logged, so a failing etcd is not logged once per entry */
  private lastSaid = '';

  constructor(private readonly options: AuditTrailOptions) {}

  /** Reads the trail etcd holds (at start-up, or on becoming the leader); starts nothing else. */
  start(): void {
    if (this.inEtcd()) void this.ready().catch(() => undefined);
  }

  /** Whether entries are kept in etcd now, rather than in this process. */
  private inEtcd(): boolean {
    return this.options.store !== null && !this.options.readOnly();
  }

  /** The trail as etcd holds it, read once; a failed read is tried again on next use. */
  private ready(): Promise<void> {
    if (this.loaded) return Promise.resolve();
    this.loading ??= this.load().finally(() => (this.loading = null));
    return this.loading;
  }

  private async load(): Promise<void> {
    const store = this.options.store;
    if (!store) return;
    const { entries, unreadable } = await store.load();
    if (unreadable > 0)
      this.say(`${unreadable} keys under ${this.options.dir} are not audit entries; left alone`);
    this.held = entries;
    this.bytes = entries.reduce((n, e) => n + e.bytes, 0);
    // Numbers go on after the newest, never back: a number once used is never used again here.
    this.next = Math.max(this.next, (entries.at(-1)?.entry.seq ?? 0) + 1);
    this.loaded = true;
  }

  /**
   * Adds an entry after those before it; resolves with what became of it, never rejects: the
   * trail failing must never fail the change it records (its stdout line has it anyway).
   */
  append(record: AuditRecord): Promise<AuditOutcome> {
    // While etcd is slow the writes queue up: past a bound the rest are on stdout only.
    if (this.pending >= MAX_PENDING_WRITES) {
      this.options.totals.limited++;
      return Promise.resolve('limited');
    }
    this.pending++;
    const written = this.tail.then(() => this.write(record)).finally(() => this.pending--);
    this.tail = written;
    return written;
  }

  private async write(record: AuditRecord): Promise<AuditOutcome> {
    const outcome = await this.outcomeOf(record);
    this.options.totals[outcome]++;
    return outcome;
  }

  private async outcomeOf(record: AuditRecord): Promise<AuditOutcome> {
    if (!this.inEtcd()) {
      this.keep(this.next++, record, JSON.stringify(record));
      return 'memory';
    }
    // Refused attempts, and sign-outs without a session (which change nothing), are anyone's to
    // send: beyond the allowance they must not push the trail's entries out of its bounds.
    const free =
      record.result !== 'ok' || (record.action === 'sign-out' && record.who === 'anyone');
    if (free && !this.refused.take(record.from).ok) return 'limited';
    try {
      if (!this.options.leading()) throw new Error('this replica does not lead now');
      await this.ready();
      await this.store(record);
      this.lastSaid = '';
      return 'stored';
    } catch (err) {
      this.say(
        `an audit entry could not be kept in etcd (it is on stdout): ${err instanceof Error ? err.message : String(err)}`,
      );
      return 'failed';
    }
  }

  /** Puts the entry under the next free number, trimming the oldest beyond the bounds. */
  private async store(record: AuditRecord): Promise<void> {
    const store = this.options.store;
    if (!store) return;
    const value = JSON.stringify(record);
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const seq = this.next;
      const drop = this.dropFor(seq, value);
      const keepFrom = drop === 0 ? null : (this.held[drop]?.entry.seq ?? seq);
      if (await store.put(seq, value, keepFrom)) {
        this.keep(seq, record, value);
        return;
      }
      // Another writer has this number: what it wrote is read, and the next free one tried.
      this.loaded = false;
      await this.ready();
    }
    throw new Error(`another writer took the next ${ATTEMPTS} entries' numbers`);
  }

  /** How many of the oldest entries go to make room for entry `seq`. */
  private dropFor(seq: number, value: string): number {
    return oldestToDrop(
      this.held.map((e) => e.bytes),
      this.sizeOf(seq, value),
      this.options.bounds,
    );
  }

  /** What entry `seq` costs the byte bound, as etcd would hold it (in memory too). */
  private sizeOf(seq: number, value: string): number {
    return entryBytes(auditKey(this.options.dir ?? '', seq), value);
  }

  /** Holds an entry here, as etcd now holds it, trimmed as etcd trimmed it. */
  private keep(seq: number, record: AuditRecord, value: string): void {
    const held: HeldEntry = { entry: { ...record, seq }, bytes: this.sizeOf(seq, value) };
    const drop = this.dropFor(seq, value);
    for (const gone of this.held.splice(0, drop)) this.bytes -= gone.bytes;
    this.held.push(held);
    this.bytes += held.bytes;
    this.next = Math.max(this.next, seq + 1);
  }

  /** One page of the trail, as GET /api/audit answers it. Reads etcd only if it never has. */
  async page(query: AuditQuery): Promise<AuditResponse> {
    if (this.inEtcd()) await this.ready();
    const inEtcd = this.inEtcd();
    const entries: AuditEntry[] = this.held.map((h) => h.entry);
    return {
      kept: inEtcd ? 'etcd' : 'memory',
      prefix: inEtcd ? this.options.dir : null,
      maxEntries: this.options.bounds.maxEntries,
      maxBytes: this.options.bounds.maxBytes,
      held: { entries: this.held.length, bytes: this.bytes },
      ...auditPage(entries, query),
    };
  }

  /** Waits for every entry added so far (tests, shutdown). */
  async settled(): Promise<void> {
    await this.tail;
  }

  private say(said: string): void {
    if (said === this.lastSaid) return;
    this.lastSaid = said;
    console.error(`lease dashboard: ${said}`);
  }
}
