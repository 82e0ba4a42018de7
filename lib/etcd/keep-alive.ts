import 'server-only';
import type { IDuplexStream, ILeaseKeepAliveRequest, ILeaseKeepAliveResponse } from 'etcd3';
import { leaseIdToDecimal, leaseIdToHex } from '@/lib/shared/lease-id';
import { REQUEST_TIMEOUT_MS, endpoints, getEtcd } from '@/lib/etcd/client';
import { LeaseNotFoundError, TimeoutError, toDashboardError } from '@/lib/etcd/errors';
import { countRenewal } from '@/lib/etcd/request-counts';

// clientv3's KeepAlive: one LeaseKeepAlive stream per process carries the renewals of every lease the
// dashboard keeps alive. Each renewal is one request on it; etcd answers with the lease's TTL, or 0
// when the lease is gone. A broken or silent stream is dropped, and each renewal waiting on it is
// sent once more on a new one: one slow answer (etcd stalled on a disk write) must not cost every
// lease renewed meanwhile its renewal, and a renewal is safe to repeat.

type Stream = IDuplexStream<ILeaseKeepAliveRequest, ILeaseKeepAliveResponse>;
type Waiter = {
  id: string;
  resolve: (ttl: number) => void;
  reject: (err: Error) => void;
  /** how many times the renewal was sent */
  sends: number;
  timer?: ReturnType<typeof setTimeout>;
};

/** A renewal is sent at most this often: once, and once more if the stream it went on broke. */
const MAX_SENDS = 2;

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
  private answer(id: string): Promise<number> {
    return new Promise<number>(
      (resolve, reject) => void this.send({ id, resolve, reject, sends: 0 }),
    );
  }

  private async send(waiter: Waiter): Promise<void> {
    let stream: Stream;
    try {
      stream = await this.open();
    } catch (err) {
      waiter.reject(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    // Broken while it opened: a renewal waiting on it would never hear again.
    if (stream !== this.stream) return this.send(waiter);
    waiter.sends++;
    waiter.timer = setTimeout(() => {
      // A stream that does not answer is as good as broken: drop it so the next renewal opens one.
      this.broken(new TimeoutError(`no keep-alive answer in ${REQUEST_TIMEOUT_MS} ms`), stream);
    }, REQUEST_TIMEOUT_MS);
    this.waiting.set(waiter.id, [...(this.waiting.get(waiter.id) ?? []), waiter]);
    try {
      stream.write({ ID: leaseIdToDecimal(waiter.id) });
    } catch (err) {
      this.broken(err, stream);
    }
  }

  close(): void {
    const stream = this.stream;
    this.stream = null;
    const err = new Error('keep-alive stream closed');
    for (const waiter of this.takeWaiting()) waiter.reject(err);
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
    if (!waiter) return;
    clearTimeout(waiter.timer);
    waiter.resolve(Number(res.TTL));
  }

  private broken(err: unknown, stream: Stream): void {
    if (this.stream !== stream) return;
    this.stream = null;
    try {
      stream.cancel();
    } catch {
      // already closed
    }
    const error = toDashboardError(err, { endpoints: endpoints() });
    for (const waiter of this.takeWaiting())
      if (waiter.sends < MAX_SENDS) void this.send(waiter);
      else waiter.reject(error);
  }

  /** Every renewal still waiting for an answer, oldest first by lease, their timers stopped. */
  private takeWaiting(): Waiter[] {
    const waiters = [...this.waiting.values()].flat();
    this.waiting.clear();
    for (const waiter of waiters) clearTimeout(waiter.timer);
    return waiters;
  }
}
