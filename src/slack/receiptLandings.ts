/**
 * The triage card shows a link to the vendor's receipt, so it is best posted just after the receipt.
 * But Slack may hold the receipt's answer for a long time (75 s in one drill), and staff must see a
 * new request within 2 s whatever happens to the receipt. So the card waits for the receipt only a
 * short while (in this process), then goes without the link; the card gains it when the receipt
 * lands (src/slack/delivery.ts).
 *
 * A receipt that lands hands its link to the waiting card here, in memory, as soon as Slack answers:
 * the card need not wait for the database to record it too (it waits for that only before recording
 * its own post, so that the two records see each other and the card is not updated for nothing).
 */
export interface Landing {
  ts: string;
  permalink: string | null;
  /** Settles when the receipt's place is recorded in the database. */
  recorded: Promise<unknown>;
}

export class ReceiptLandings {
  private readonly waiting = new Map<string, Set<(landing: Landing | undefined) => void>>();
  /** Settled before anyone waited (the card's row was claimed a moment later). */
  private readonly recent = new Map<string, { at: number; landing: Landing | undefined }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The receipt's attempt for this request is over: landed (with where), or deferred or failed (undefined). */
  settled(requestId: string, landing?: Landing): void {
    const waiters = this.waiting.get(requestId);
    if (waiters) {
      this.waiting.delete(requestId);
      for (const w of waiters) w(landing);
      return;
    }
    const t = this.now();
    if (this.recent.size >= 1000) for (const [id, r] of this.recent) if (r.at < t - 10_000) this.recent.delete(id);
    this.recent.set(requestId, { at: t, landing });
  }

  /** Resolves when the request's receipt has settled (with its landing, if it landed), or after `ms` (undefined). */
  wait(requestId: string, ms: number): Promise<Landing | undefined> {
    const recent = this.recent.get(requestId);
    if (recent) {
      this.recent.delete(requestId);
      return Promise.resolve(recent.landing);
    }
    return new Promise((resolve) => {
      const set = this.waiting.get(requestId) ?? new Set<(landing: Landing | undefined) => void>();
      this.waiting.set(requestId, set);
      const done = (landing: Landing | undefined) => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0 && this.waiting.get(requestId) === set) this.waiting.delete(requestId);
        resolve(landing);
      };
      const timer = setTimeout(() => done(undefined), ms);
      timer.unref();
      set.add(done);
    });
  }
}
