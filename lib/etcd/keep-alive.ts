import 'server-only';
import type { IDuplexStream, ILeaseKeepAliveRequest, ILeaseKeepAliveResponse } from 'etcd3';
import { leaseIdToDecimal, leaseIdToHex } from '@/lib/shared/lease-id';
import { REQUEST_TIMEOUT_MS, endpoints, getEtcd } from '@/lib/etcd/client';
import { LeaseNotFoundError, TimeoutError, toDashboardError } from '@/lib/etcd/errors';
import { countRenewal } from '@/lib/etcd/request-counts';

// clientv3's KeepAlive: one LeaseKeepAlive stream per process carries the renewals of every lease the
// dashboard keeps alive. Each renewal is one request on it; etcd answers with the lease's TTL, or 0
// when the lease is gone. A broken or silent stream fails every renewal waiting on it and is opened
// again by the next one.

type Stream = IDuplexStream<ILeaseKeepAliveRequest, ILeaseKeepAliveResponse>;
type Waiter = { resolve: (ttl: number) => void; reject: (err: Error) => void };

export class KeepAliveStream {
  private stream: Stream | null = null;
  private opening: Promise<Stream> | null = null;
  /** renewals waiting for their answer, by hex lease ID, oldest first (etcd answers in order) */
  private readonly waiting = new Map<string, Waiter[]>();

  /** Renews one lease; resolves to the TTL etcd renewed it to, rejects with LeaseNotFoundError if gone. */
  async renew(id: string): Promise<number> {
    const ttl = await this.answer(id).catch((err: unknown) => {
      countRenewal('error');
      throw err;
    });
    countRenewal(ttl > 0 ? 'ok' : 'error');
    if (ttl <= 0) throw new LeaseNotFoundError(id);
    return ttl;
  }

  /** One request on the stream and etcd's answer: the TTL (0: the lease is gone). */
  private async answer(id: string): Promise<number> {
    const stream = await this.open();
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        // A stream that does not answer is as good as broken: drop it so the next renewal opens one.
        this.broken(new TimeoutError(`no keep-alive answer in ${REQUEST_TIMEOUT_MS} ms`), stream);
      }, REQUEST_TIMEOUT_MS);
      const waiter: Waiter = {
        resolve: (ttl) => {
          clearTimeout(timer);
          resolve(ttl);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      this.waiting.set(id, [...(this.waiting.get(id) ?? []), waiter]);
      try {
        stream.write({ ID: leaseIdToDecimal(id) });
      } catch (err) {
        this.broken(err, stream);
      }
    });
  }

  close(): void {
    const stream = this.stream;
    this.stream = null;
    this.failAll(new Error('keep-alive stream closed'));
    stream?.end();
  }

  private open(): Promise<Stream> {
    if (this.stream) return Promise.resolve(this.stream);
    this.opening ??= getEtcd()
      .leaseClient.leaseKeepAlive()
      .then((stream) => {
        stream.on('data', (res) => this.answered(res));
        stream.on('error', (err) => this.broken(err, stream));
        stream.on('end', () => this.broken(new Error('etcd closed the keep-alive stream'), stream));
        this.stream = stream;
        return stream;
      })
      .catch((err: unknown) => {
        throw toDashboardError(err, { endpoints: endpoints() });
      })
      .finally(() => {
        this.opening = null;
      });
    return this.opening;
  }

  private answered(res: ILeaseKeepAliveResponse): void {
    const id = leaseIdToHex(res.ID);
    const queue = this.waiting.get(id);
    const waiter = queue?.shift();
    if (queue?.length === 0) this.waiting.delete(id);
    waiter?.resolve(Number(res.TTL));
  }

  private broken(err: unknown, stream: Stream): void {
    if (this.stream !== stream) return;
    this.stream = null;
    try {
      stream.cancel();
    } catch {
      // already closed
    }
    this.failAll(toDashboardError(err, { endpoints: endpoints() }));
  }

  private failAll(err: Error): void {
    const waiters = [...this.waiting.values()].flat();
    this.waiting.clear();
    waiters.forEach((w) => w.reject(err));
  }
}
