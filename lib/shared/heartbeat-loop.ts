// The phone's renewals: one now, then one every `everyMs` while its page is visible. A hidden page
// (a locked phone, another tab) sends none, so its lease runs out as a crashed client's would.
// One beat at a time: the next is planned when the last has answered.

export type HeartbeatOptions = {
  everyMs: number;
  /** renews once; false when there is nothing left to renew (the lease is gone, the member left) */
  beat: () => Promise<boolean>;
  visible: () => boolean;
};

export class HeartbeatLoop {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private beating = false;
  private stopped = false;

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
    let goOn = false;
    try {
      goOn = await this.options.beat();
    } catch {
      // A failed request (Wi-Fi gone for a moment) is tried again on schedule.
      goOn = true;
    } finally {
      this.beating = false;
    }
    if (!goOn) return this.stop();
    if (!this.stopped && this.options.visible())
      this.timer = setTimeout(() => void this.beatNow(), this.options.everyMs);
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
