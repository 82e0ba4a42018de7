// The phone's renewals: one now, then one every `everyMs` while its page is visible. A hidden page
// (a locked phone, another tab) sends none, so its lease runs out as a crashed client's would.
// One beat at a time: the next is planned when the last has answered. A beat that failed (Wi-Fi
// gone for a moment, etcd slow) is tried again soon, as clientv3 resends an overdue keep-alive, and
// less soon each time after, up to the usual pace, so a struggling server is not swamped.

/** What one beat came to: renewed (or skipped on purpose), failed for now, or nothing left to renew. */
export type BeatOutcome = 'done' | 'retry' | 'stop';

export type HeartbeatOptions = {
  everyMs: number;
  /** renews once; 'stop' when there is nothing left to renew (the lease is gone, the member left) */
  beat: () => Promise<BeatOutcome>;
  visible: () => boolean;
};

/** The first retry after a failed beat comes this soon; each one after waits twice as long. */
export const FIRST_RETRY_MS = 1000;

export class HeartbeatLoop {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private beating = false;
  private stopped = false;
  /** failed beats in a row */
  private failures = 0;

  constructor(private readonly options: HeartbeatOptions) {}

  start(): void {
    this.stopped = false;
    void this.beatNow();
  }

  /** The page was shown or hidden: shown, it renews at once; hidden, it stops renewing. */
  visibilityChanged(): void {
    if (this.stopped) return;
    if (this.options.visible()) void this.beatNow();
    else this.clear();
  }

  stop(): void {
    this.stopped = true;
    this.clear();
  }

  private async beatNow(): Promise<void> {
    this.clear();
    if (this.beating || this.stopped || !this.options.visible()) return;
    this.beating = true;
    let outcome: BeatOutcome = 'retry';
    try {
      outcome = await this.options.beat();
    } catch {
      // A failed request is tried again, below.
    } finally {
      this.beating = false;
    }
    if (outcome === 'stop') return this.stop();
    this.failures = outcome === 'retry' ? this.failures + 1 : 0;
    const { everyMs } = this.options;
    const wait =
      this.failures === 0 ? everyMs : Math.min(everyMs, FIRST_RETRY_MS * 2 ** (this.failures - 1));
    if (!this.stopped && this.options.visible())
      this.timer = setTimeout(() => void this.beatNow(), wait);
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
