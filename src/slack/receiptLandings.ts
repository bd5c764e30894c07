/**
 * The triage card shows a link to the vendor's receipt, so it is best posted just after the receipt.
 * But Slack may hold the receipt's answer for a long time (75 s in one drill), and staff must see a
 * new request within 2 s whatever happens to the receipt. So the card waits for the receipt only a
 * short while (in this process), then goes without the link; the card gains it when the receipt
 * lands (src/slack/delivery.ts).
 */
export class ReceiptLandings {
  private readonly waiting = new Map<string, Set<() => void>>();
  /** Settled before anyone waited (the card's row was claimed a moment later). */
  private readonly recent = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The receipt's attempt for this request is over (posted, deferred or failed). */
  settled(requestId: string): void {
    const waiters = this.waiting.get(requestId);
    if (waiters) {
      this.waiting.delete(requestId);
      for (const w of waiters) w();
      return;
    }
    const t = this.now();
    if (this.recent.size >= 1000) for (const [id, at] of this.recent) if (at < t - 10_000) this.recent.delete(id);
    this.recent.set(requestId, t);
  }

  /** Resolves when the request's receipt has settled, or after `ms`, whichever comes first. */
  wait(requestId: string, ms: number): Promise<void> {
    if (this.recent.delete(requestId)) return Promise.resolve();
    return new Promise((resolve) => {
      const set = this.waiting.get(requestId) ?? new Set<() => void>();
      this.waiting.set(requestId, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0 && this.waiting.get(requestId) === set) this.waiting.delete(requestId);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      set.add(done);
    });
  }
}
