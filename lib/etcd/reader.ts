import 'server-only';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as etcd3 from 'etcd3';
import { endpoints, workerConnection } from '@/lib/etcd/client';
import { toDashboardError } from '@/lib/etcd/errors';
import type { LeaseReading } from '@/lib/etcd/leases';
import { countRequest } from '@/lib/etcd/request-counts';

// The sampler's reads of etcd (LeaseLeases and TimeToLive), done in a worker thread:
// ./reader.worker.mjs says why, and holds the reading logic. One reader per sampler, so each keeps
// its own list to tell what changed.

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

/** One lease's read: its reading, gone (TTL -1, nothing granted), or the error it failed with. */
export type ReadOutcome = { id: string } & (
  { reading: LeaseReading } | { gone: true } | { error: Error }
);

type WorkerFailure = { name: string; message: string };
type WorkerOutcome = { id: string } & (
  { reading: LeaseReading } | { gone: true } | { error: WorkerFailure }
);
type Answer = { seq: number } & (
  ({ ok: true } & (LeaseListDiff | { outcomes: WorkerOutcome[] })) | ({ ok: false } & WorkerFailure)
);

const WORKER = path.join(process.cwd(), 'lib/etcd/reader.worker.mjs');

/** The worker's error as the etcd3 error it was, as a DashboardError with the usual code. */
function rebuild({ name, message }: WorkerFailure, leaseId?: string): Error {
  const known = (etcd3 as Record<string, unknown>)[name];
  let err: Error;
  if (typeof known === 'function' && known.prototype instanceof Error) {
    const ErrorClass = known as new (message: string) => Error;
    err = new ErrorClass(message);
  } else {
    err = new Error(message);
    err.name = name;
  }
  return toDashboardError(err, { endpoints: endpoints(), leaseId });
}

export class EtcdReader {
  private worker: Worker | null = null;
  private seq = 0;
  private readonly waiting = new Map<number, (answer: Answer) => void>();

  /** LeaseLeases, as the difference since the last call. Throws when etcd does not answer. */
  async list(): Promise<LeaseListDiff> {
    const answer = await this.ask({ type: 'list' });
    countRequest('LeaseLeases', answer.ok ? 'ok' : 'error');
    if (!answer.ok) throw rebuild(answer);
    if ('outcomes' in answer) throw new Error('the reader answered a list with readings');
    return answer;
  }

  /** TimeToLive for each lease, with its keys where `keys` says; one outcome per lease. */
  async read(ids: string[], keys: (id: string) => boolean): Promise<ReadOutcome[]> {
    if (ids.length === 0) return [];
    const answer = await this.ask({ type: 'read', ids, keys: ids.map(keys) });
    if (!answer.ok) {
      countRequest('LeaseTimeToLive', 'error', ids.length);
      const error = rebuild(answer);
      return ids.map((id) => ({ id, error }));
    }
    if (!('outcomes' in answer)) throw new Error('the reader answered readings with a list');
    const failed = answer.outcomes.filter((o) => 'error' in o).length;
    countRequest('LeaseTimeToLive', 'error', failed);
    countRequest('LeaseTimeToLive', 'ok', answer.outcomes.length - failed);
    return answer.outcomes.map((o) =>
      'error' in o ? { id: o.id, error: rebuild(o.error, o.id) } : o,
    );
  }

  close(): void {
    this.worker?.postMessage({ type: 'close' });
    this.worker = null;
  }

  private ask(message: object): Promise<Answer> {
    const seq = ++this.seq;
    return new Promise<Answer>((resolve) => {
      this.waiting.set(seq, resolve);
      this.start().postMessage({ ...message, seq });
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER, { workerData: workerConnection() });
    worker.unref();
    worker.on('message', (answer: Answer) => {
      this.waiting.get(answer.seq)?.(answer);
      this.waiting.delete(answer.seq);
    });
    const failed = (message: string) => {
      for (const [seq, resolve] of this.waiting)
        resolve({ seq, ok: false, name: 'Error', message });
      this.waiting.clear();
      if (this.worker === worker) this.worker = null;
    };
    worker.on('error', (err) => failed(`the dashboard's etcd reader failed: ${err.message}`));
    worker.on('exit', () => failed("the dashboard's etcd reader stopped"));
    this.worker = worker;
    return worker;
  }
}
