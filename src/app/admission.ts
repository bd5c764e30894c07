import type { Db } from '../db/client.js';
import { oldestUnclaimedAgeMs } from '../db/repositories/outbox.js';
import { EFFECT } from './effects.js';

/**
 * Honest acknowledgements: a vendor told "received" must see the receipt in their channel, and staff
 * the card, within seconds (2 s is the promise), not minutes later. The database takes submissions far
 * faster than Slack posts can be made, so acknowledging whatever arrives would hide a backlog that
 * grows for as long as the load lasts.
 *
 * The measure is how long the oldest receipt or card has waited for a worker to take it (in the
 * database, so it counts every instance's backlog; a post waiting out Slack's Retry-After is not
 * counted). Past `maxLagMs` the app is behind, and new submissions are turned away with "busy, try
 * again in a minute" until it has caught up. Sampled at most every `sampleMs`, off the request's path:
 * a submission reads the last sample.
 */
export class Admission {
  private lagMs = 0;
  private sampledAt = 0;
  private sampling = false;

  constructor(
    private readonly db: Db,
    private readonly maxLagMs = 500,
    private readonly sampleMs = 100,
    private readonly now: () => number = Date.now,
  ) {}

  /** True: the posts already accepted are late; take no more work now. */
  busy(): boolean {
    const t = this.now();
    if (t - this.sampledAt >= this.sampleMs) this.sample(t);
    // A sample from long ago says nothing about now.
    return t - this.sampledAt < 10 * this.sampleMs && this.lagMs > this.maxLagMs;
  }

  private sample(t: number): void {
    if (this.sampling) return;
    this.sampling = true;
    oldestUnclaimedAgeMs(this.db, [EFFECT.receiptPost, EFFECT.cardPost])
      .then((ms) => {
        this.lagMs = ms;
        this.sampledAt = t;
      })
      // The submission itself will meet a database that fails; the gauge just keeps its last value.
      .catch(() => undefined)
      .finally(() => {
        this.sampling = false;
      });
  }
}
