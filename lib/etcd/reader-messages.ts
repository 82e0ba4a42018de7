import type { DashboardErrorData } from '@/lib/etcd/errors';
import type { LeaseReading } from '@/lib/etcd/leases';

// What the sampler's reader (./reader.ts) and its worker thread (./reader.worker.ts) say to each
// other. Only data crosses: errors as DashboardErrorData, never as an error object.

export type LeaseListDiff = {
  /** hex IDs listed now that were not listed last time (every ID, the first time) */
  added: string[];
  /** hex IDs listed last time that are gone now */
  removed: string[];
  /** how many leases etcd lists now */
  count: number;
  /** how the answer was decoded: from its bytes, or by etcd3 when that call failed */
  decoded: 'bytes' | 'etcd3';
};

export type ReaderRequest =
  | { seq: number; type: 'list' }
  /** `keys[i]`: whether to read the keys of `ids[i]` */
  | { seq: number; type: 'read'; ids: string[]; keys: boolean[] }
  | { type: 'close' };

/** One lease's read: its reading, gone (TTL -1, nothing granted), or the error it failed with. */
export type WorkerOutcome = { id: string } & (
  { reading: LeaseReading } | { gone: true } | { error: DashboardErrorData }
);

export type ReaderAnswer = { seq: number } & (
  | ({ ok: true } & (LeaseListDiff | { outcomes: WorkerOutcome[] }))
  | { ok: false; error: DashboardErrorData }
);
