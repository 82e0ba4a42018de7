import { createHmac, timingSafeEqual } from 'node:crypto';
import { isClientUrl } from '@/lib/config/fields';

// How replicas know each other: by DASHBOARD_REPLICA_SECRET. Signed election entries mean anyone
// who can write to etcd cannot name a leader; signed passed requests, that nobody can pose as one.

/** A passed request's signature holds this long: it is made the moment the request is passed. */
export const PASS_WINDOW_MS = 30_000;

type Signed = { url: string; sig: string };

export class ReplicaAuth {
  constructor(private readonly secret: string) {}

  /** The value of this replica's entry in the election, at `key`. */
  entry(key: string, url: string): string {
    return JSON.stringify({ url, sig: this.mac('entry', key, url) } satisfies Signed);
  }

  /** The URL the entry names, if a replica signed it for this very key; null otherwise. */
  urlOf(key: string, value: string): string | null {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      return null;
    }
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { url, sig } = parsed as Partial<Record<keyof Signed, unknown>>;
    if (typeof url !== 'string' || typeof sig !== 'string') return null;
    return this.same(sig, this.mac('entry', key, url)) && isClientUrl(url) ? url : null;
  }

  /** The signature replica `by` puts on a request it passes to the leader. */
  pass(by: string, method: string, path: string, now = Date.now()): string {
    return `${now}.${this.mac('pass', by, method, path, String(now))}`;
  }

  /** Whether `signature` is what replica `by` put on this request, lately. */
  passedBy(by: string, method: string, path: string, signature: string, now = Date.now()): boolean {
    const [at, sig] = signature.split('.', 2);
    const when = Number(at);
    if (!sig || !Number.isSafeInteger(when) || Math.abs(now - when) > PASS_WINDOW_MS) return false;
    return this.same(sig, this.mac('pass', by, method, path, String(when)));
  }

  private mac(...parts: string[]): string {
    return createHmac('sha256', this.secret).update(parts.join('\n')).digest('base64url');
  }

  private same(a: string, b: string): boolean {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
  }
}
