import 'server-only';
import { Worker } from 'node:worker_threads';
import { connection } from '@/lib/etcd/client';
import type { Connection } from '@/lib/etcd/client-options';
import { errorData, fromErrorData, toDashboardError } from '@/lib/etcd/errors';
import type { LeaseReading } from '@/lib/etcd/leases';
import type { LeaseListDiff, ReaderAnswer, ReaderRequest } from '@/lib/etcd/reader-messages';
import { countRequest } from '@/lib/etcd/request-counts';

export type { LeaseListDiff } from '@/lib/etcd/reader-messages';

// The sampler's reads of etcd (LeaseLeases and TimeToLive), done in a worker thread:
// ./reader.worker.ts says why, and holds the reading logic. One reader per sampler, so each keeps
// its own list to tell what changed.

/** One lease's read: its reading, gone (TTL -1, nothing granted), or the error it failed with. */
export type ReadOutcome = { id: string } & (
  { reading: LeaseReading } | { gone: true } | { error: Error }
);

/**
 * The worker, found from this file's location, not the working directory: Next bundles it as an
 * entry of its own, and under the tests Node loads the TypeScript.
 */
function startWorker(workerData: Connection): Worker {
  return new Worker(new URL('./reader.worker.ts', import.meta.url), { workerData });
}

export class EtcdReader {
  private worker: Worker | null = null;
  private seq = 0;
  private readonly waiting = new Map<number, (answer: ReaderAnswer) => void>();

  /** `connect`: where etcd is and how to sign in (the configuration's, unless given). */
  constructor(private readonly connect: () => Connection = connection) {}

  /** LeaseLeases, as the difference since the last call. Throws when etcd does not answer. */
  async list(): Promise<LeaseListDiff> {
    const answer = await this.ask({ type: 'list' });
    countRequest('LeaseLeases', answer.ok ? 'ok' : 'error');
    if (!answer.ok) throw fromErrorData(answer.error);
    if ('outcomes' in answer) throw new Error('the reader answered a list with readings');
    return answer;
  }

  /** TimeToLive for each lease, with its keys where `keys` says; one outcome per lease. */
  async read(ids: string[], keys: (id: string) => boolean): Promise<ReadOutcome[]> {
    if (ids.length === 0) return [];
    const answer = await this.ask({ type: 'read', ids, keys: ids.map(keys) });
    if (!answer.ok) {
      countRequest('LeaseTimeToLive', 'error', ids.length);
      const error = fromErrorData(answer.error);
      return ids.map((id) => ({ id, error }));
    }
    if (!('outcomes' in answer)) throw new Error('the reader answered readings with a list');
    const failed = answer.outcomes.filter((o) => 'error' in o).length;
    countRequest('LeaseTimeToLive', 'error', failed);
    countRequest('LeaseTimeToLive', 'ok', answer.outcomes.length - failed);
    return answer.outcomes.map((o) =>
      'error' in o ? { id: o.id, error: fromErrorData(o.error) } : o,
    );
  }

  close(): void {
    this.worker?.postMessage({ type: 'close' } satisfies ReaderRequest);
    this.worker = null;
  }

  private ask(
    request: { type: 'list' } | { type: 'read'; ids: string[]; keys: boolean[] },
  ): Promise<ReaderAnswer> {
    const seq = ++this.seq;
    return new Promise<ReaderAnswer>((resolve) => {
      this.waiting.set(seq, resolve);
      this.start().postMessage({ ...request, seq } satisfies ReaderRequest);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const connection = this.connect();
    const worker = startWorker(connection);
    worker.unref();
    worker.on('message', (answer: ReaderAnswer) => {
      this.waiting.get(answer.seq)?.(answer);
      this.waiting.delete(answer.seq);
    });
    const failed = (message: string) => {
      const error = errorData(
        toDashboardError(new Error(message), { endpoints: connection.endpoints }),
      );
      for (const [seq, resolve] of this.waiting) resolve({ seq, ok: false, error });
      this.waiting.clear();
      if (this.worker === worker) this.worker = null;
    };
    worker.on('error', (err) => failed(`the dashboard's etcd reader failed: ${err.message}`));
    worker.on('exit', () => failed("the dashboard's etcd reader stopped"));
    this.worker = worker;
    return worker;
  }
}
