// A sliding one-minute window per client: at most `limit` events in any minute. Bounded memory:
// clients with nothing in the window are forgotten.

export const WINDOW_MS = 60_000;
const MAX_CLIENTS = 10_000;

export class RateLimit {
  private readonly seen = new Map<string, number[]>();

  constructor(private readonly limit: number) {}

  /** Counts one event for `client` if it is within the limit; else says how long to wait. */
  take(client: string, now = Date.now()): { ok: true } | { ok: false; retryAfterS: number } {
    const recent = (this.seen.get(client) ?? []).filter((t) => now - t < WINDOW_MS);
    if (recent.length >= this.limit) {
      this.seen.set(client, recent);
      const oldest = recent[0] ?? now;
      return { ok: false, retryAfterS: Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000)) };
    }
    recent.push(now);
    this.seen.set(client, recent);
    if (this.seen.size > MAX_CLIENTS) this.forgetIdle(now);
    return { ok: true };
  }

  private forgetIdle(now: number): void {
    for (const [client, times] of this.seen)
      if (times.every((t) => now - t >= WINDOW_MS)) this.seen.delete(client);
  }
}
