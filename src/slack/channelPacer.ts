/**
 * Slack's posting limit, per channel: chat.postMessage about once a second, short bursts pass, more
 * is answered 429 with Retry-After. Every triage card goes to one channel, so a burst of requests
 * meets the limit there. Left alone, every card told to wait would come back at the same moment,
 * one would pass and the rest be told to wait again, each holding an outbox slot meanwhile.
 *
 * So once a channel has answered 429, each post to it gets its own slot: the first when the
 * Retry-After ends, then one interval apart. A post whose slot has not come is deferred to it
 * (the outbox's RetryLaterError, not counted as an attempt) without calling Slack, which frees its
 * outbox slot for posts to other channels. No call goes before its Retry-After. Once its slots are
 * spent, the channel is unpaced again (Slack allows short bursts) until the next 429. Slots are this process's own: another instance is told
 * its own Retry-After by Slack.
 */
export class ChannelPacer {
  private readonly channels = new Map<string, { openAt: number; next: number; slots: Map<string, number> }>();

  /**
   * `intervalMs`: Slack's one post a second, plus a little, because the limit counts from when each
   * call arrives and ours arrive a few milliseconds apart from their slots.
   */
  constructor(
    private readonly intervalMs = 1010,
    private readonly now: () => number = Date.now,
  ) {}

  /** 0: post now. Otherwise come back in this many ms; the slot is kept for `key`. */
  wait(channel: string, key: string): number {
    const c = this.channels.get(channel);
    if (!c) return 0;
    const t = this.now();
    let slot = c.slots.get(key);
    if (slot === undefined) {
      // Nobody waiting: post, and let Slack say whether the channel is still limited.
      if (c.slots.size === 0 && c.openAt <= t) {
        this.channels.delete(channel);
        return 0;
      }
      slot = this.take(c, t, key);
    }
    if (slot > t) return slot - t;
    c.slots.delete(key);
    return 0;
  }

  /** Slack answered `key`'s post with 429: returns how long it waits (until its slot). */
  limited(channel: string, key: string, retryAfterMs: number): number {
    const t = this.now();
    const c = this.channels.get(channel) ?? { openAt: 0, next: 0, slots: new Map<string, number>() };
    this.channels.set(channel, c);
    c.openAt = Math.max(c.openAt, t + retryAfterMs);
    c.slots.delete(key);
    return this.take(c, t, key) - t;
  }

  private take(c: { openAt: number; next: number; slots: Map<string, number> }, t: number, key: string): number {
    // A slot left behind (its row taken over by another instance) must not keep the channel paced.
    for (const [k, at] of c.slots) if (at < t - 60_000) c.slots.delete(k);
    const at = Math.max(t, c.openAt, c.next);
    c.next = at + this.intervalMs;
    if (at > t) c.slots.set(key, at);
    return at;
  }
}
