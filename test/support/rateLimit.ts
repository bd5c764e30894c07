/**
 * Slack's per-channel rate limit for posting, for the fake Web API (opt-in: `startFakeSlack({ rateLimiter })`).
 *
 * Slack allows `chat.postMessage` about once a second per channel, with short bursts, and answers
 * more with HTTP 429 and `Retry-After` (whole seconds). Modelled as a token bucket per channel
 * (`burst` tokens, `perSecond` refill). After a 429 the channel stays closed until its Retry-After
 * has passed, and a call repeated before then (the same method, channel, thread and text) is recorded
 * as premature: the client did not wait as it was told.
 */
import type { Args } from './fakeSlack.js';

export interface RateLimitOptions {
  /** Methods limited per channel (default: chat.postMessage). */
  methods?: string[];
  /** Calls per second per channel once the burst is spent (default 1). */
  perSecond?: number;
  /** Calls allowed back to back on a fresh channel (default 3). */
  burst?: number;
  /** What makes two calls "the same call" (a retry); default: method, channel, thread and text. */
  identify?: (method: string, args: Args) => string;
  /** Clock in ms (default Date.now, the clock of the fake's `call.at`). */
  now?: () => number;
}

export interface RateLimitRecord {
  method: string;
  channel: string;
  identity: string;
  at: number;
  /** Seconds the client was told to wait. */
  retryAfterS: number;
  /** Repeated before the Retry-After it was given had passed. */
  premature: boolean;
}

export interface RateLimitVerdict {
  retryAfterS: number;
  premature: boolean;
}

const defaultIdentity = (method: string, args: Args): string =>
  JSON.stringify([method, args.channel ?? null, args.thread_ts ?? null, args.text ?? null]);

export class RateLimiter {
  /** Off: every call passes (the records are kept). */
  enabled = true;
  /** Every 429 answered, in order. */
  readonly limited: RateLimitRecord[] = [];
  readonly perSecond: number;
  readonly burst: number;
  private readonly methods: Set<string>;
  private readonly identify: (method: string, args: Args) => string;
  private readonly now: () => number;
  private readonly buckets = new Map<string, { tokens: number; at: number; closedUntil: number }>();
  /** Retry-After deadline per call identity. */
  private readonly deadlines = new Map<string, number>();

  constructor(o: RateLimitOptions = {}) {
    this.methods = new Set(o.methods ?? ['chat.postMessage']);
    this.perSecond = o.perSecond ?? 1;
    this.burst = o.burst ?? 3;
    this.identify = o.identify ?? defaultIdentity;
    this.now = o.now ?? Date.now;
  }

  /** The calls repeated before their Retry-After had passed. */
  get premature(): RateLimitRecord[] {
    return this.limited.filter((r) => r.premature);
  }

  /** Undefined: the call goes through. Otherwise answer 429 with this Retry-After. */
  check(method: string, args: Args): RateLimitVerdict | undefined {
    if (!this.enabled || !this.methods.has(method)) return undefined;
    const channel = typeof args.channel === 'string' ? args.channel : '';
    const now = this.now();
    const identity = this.identify(method, args);
    const premature = (this.deadlines.get(identity) ?? -Infinity) > now;
    const key = `${method} ${channel}`;
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now, closedUntil: -Infinity };
    this.buckets.set(key, b);
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    if (b.closedUntil <= now && b.tokens >= 1) {
      b.tokens -= 1;
      return undefined;
    }
    // A call while the channel is closed is told the time that remains (it does not extend it).
    const closed = b.closedUntil > now;
    const waitMs = closed ? b.closedUntil - now : ((1 - b.tokens) / this.perSecond) * 1000;
    const retryAfterS = Math.max(1, Math.ceil(waitMs / 1000));
    if (!closed) b.closedUntil = now + retryAfterS * 1000;
    this.deadlines.set(identity, now + retryAfterS * 1000);
    this.limited.push({ method, channel, identity, at: now, retryAfterS, premature });
    return { retryAfterS, premature };
  }

  /** Fresh buckets and records (e.g. before a measured run). */
  reset(): void {
    this.buckets.clear();
    this.deadlines.clear();
    this.limited.length = 0;
  }
}

/**
 * The earliest times at which posts arriving at `arrivals` (ms, any order) can all go through one
 * channel under the limit, starting with a full bucket: the best any client could do.
 */
export function earliestSchedule(arrivals: number[], o: { perSecond: number; burst: number }): number[] {
  const sorted = [...arrivals].sort((a, b) => a - b);
  const out: number[] = [];
  let tokens = o.burst;
  let at = sorted[0] ?? 0;
  for (const arrival of sorted) {
    let t = Math.max(arrival, at);
    tokens = Math.min(o.burst, tokens + ((t - at) / 1000) * o.perSecond);
    if (tokens < 1) {
      t += ((1 - tokens) / o.perSecond) * 1000;
      tokens = 1;
    }
    tokens -= 1;
    at = t;
    out.push(t);
  }
  return out;
}
