import 'server-only';
import { configOrNull, getConfig } from '@/lib/dashboard/registry';
import { deleteKey, keysUnder, putKey } from '@/lib/etcd/own-keys';
import {
  MAX_GRANTED_BYTES,
  MAX_GRANTED_RECORDS,
  grantedIdOf,
  grantedKey,
  grantedPrefix,
  grantedValue,
  parseGranted,
  type GrantedRecord,
} from '@/lib/mutations/granted-records';
import type { LeaseSampler } from '@/lib/sampler/lease-sampler';
import { mapLimit } from '@/lib/sampler/map-limit';
import { errorCodeOf, publicError } from '@/lib/shared/errors';
import { LeftAlone } from '@/lib/mutations/left-alone';

// Which leases this dashboard granted, kept in etcd (./granted-records.ts) beside the sampler's
// memory of them: noted at each grant, removed when the lease is seen gone, and loaded into the
// sampler when a dashboard starts or a replica starts leading, before the key prefix's rule asks.

/** Records of gone leases removed at once by a load. */
const PRUNES_IN_FLIGHT = 8;
/** How soon a load that failed (etcd not answering) may be tried again by the next change. */
const RETRY_MS = 2000;

export class GrantedLeases {
  private loading: Promise<void> | null = null;
  private loadedOk = false;
  private failedAt = -Infinity;
  /** records being written: a removal waits for its lease's write, so it never comes first */
  private readonly writing = new Map<string, Promise<void>>();
  private readonly leftAlone = new LeftAlone();
  /** why the last load failed, said once however often the next changes try again */
  private failureSaid = '';

  constructor(
    private readonly sampler: Pick<LeaseSampler, 'grantedBefore'>,
    /** throws when this dashboard may not write to etcd now (read-only, not leading) */
    private readonly mayWrite: () => void,
  ) {}

  /**
   * Notes in etcd that this dashboard granted the lease. If etcd does not take it, the grant still
   * stands (the lease exists, and this process knows it granted it) and the log says so.
   */
  async note(record: GrantedRecord): Promise<void> {
    const write = (async () => {
      this.mayWrite();
      await putKey(grantedKey(getConfig().ownPrefix, record.id), grantedValue(record));
    })();
    const settled = write.catch(() => undefined);
    this.writing.set(record.id, settled);
    try {
      await write;
    } catch (err) {
      console.error(
        `lease dashboard: lease ${record.id} was granted, but noting so in etcd failed; after a restart the dashboard will not know it granted it: ${publicError(err).text}`,
      );
    } finally {
      if (this.writing.get(record.id) === settled) this.writing.delete(record.id);
    }
  }

  /** The lease is gone: its record goes too. If etcd does not take that, the next load prunes it. */
  async forget(id: string): Promise<void> {
    await this.writing.get(id);
    try {
      this.mayWrite();
      await deleteKey(grantedKey(getConfig().ownPrefix, id));
    } catch (err) {
      // Another replica leads now: its own load removes the record.
      const code = errorCodeOf(err);
      if (code === 'not_leader' || code === 'read_only') return;
      console.error(
        `lease dashboard: lease ${id} is gone, but removing its record from etcd failed: ${publicError(err).text}`,
      );
    }
  }

  /**
   * Resolves once the records are loaded into the sampler, or once loading them failed (a keyless
   * lease is then judged as not granted here, as it would be without the record; a later call
   * tries again).
   */
  loaded(): Promise<void> {
    if (this.loadedOk) return Promise.resolve();
    if (!this.loading && Date.now() - this.failedAt >= RETRY_MS)
      this.loading = this.load().finally(() => (this.loading = null));
    return this.loading ?? Promise.resolve();
  }

  /**
   * Reads the records (at most MAX_GRANTED_RECORDS), hands them to the sampler, which reads each
   * lease, and removes those whose lease etcd says is gone. Read-only mode writes nothing and
   * changes nothing, so it loads nothing.
   */
  private async load(): Promise<void> {
    try {
      // Without a configuration the dashboard changes nothing either.
      const config = configOrNull();
      if (!config || config.access.readOnly) {
        this.loadedOk = true;
        return;
      }
      const prefix = config.ownPrefix;
      const read = await keysUnder(grantedPrefix(prefix), {
        wanted: (key) => grantedIdOf(prefix, key) !== null,
        maxValueBytes: MAX_GRANTED_BYTES,
        maxKeys: MAX_GRANTED_RECORDS,
      });
      const { records, unreadable } = parseGranted(prefix, read.values);
      this.leftAlone.tell(
        grantedPrefix(prefix),
        'records of granted leases',
        read.notRead,
        unreadable,
        read.capped
          ? `more than ${MAX_GRANTED_RECORDS} records of granted leases under ${grantedPrefix(prefix)}: only the first ${MAX_GRANTED_RECORDS} were read`
          : '',
      );
      const gone = await this.sampler.grantedBefore(records.map((r) => r.id));
      this.loadedOk = true;
      await mapLimit(gone, PRUNES_IN_FLIGHT, (id) => this.forget(id));
    } catch (err) {
      this.failedAt = Date.now();
      const said = `reading which leases this dashboard granted from etcd failed: ${publicError(err).text}`;
      if (said !== this.failureSaid) console.error(`lease dashboard: ${said}`);
      this.failureSaid = said;
    }
  }
}
