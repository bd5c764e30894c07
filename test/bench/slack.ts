/**
 * The fake Slack API as the bench runs it (in this process): the vendor channels and users, the
 * opt-in rate limit (off until the rate-limited run), and views.open timed per trigger_id for the
 * saturation runs.
 */
import { performance } from 'node:perf_hooks';
import { startFakeSlack, type FakeSlack } from '../support/fakeSlack.js';
import { RateLimiter } from '../support/rateLimit.js';
import { BURST_CHANNELS, STAFF, STAFF_2, TRIAGE, VENDOR_CHANNEL, VENDOR_TEAM, VENDOR_USERS, setResponseUrl } from './payloads.js';

/** Send time per trigger_id, and the time until views.open with it reached the fake. */
export class OpenTimer {
  readonly sentAt = new Map<string, number>();
  readonly latencies: number[] = [];
  clear(): void {
    this.sentAt.clear();
    this.latencies.length = 0;
  }
}

export interface BenchSlack {
  fake: FakeSlack;
  /** Slack's posting limit; disabled except in the rate-limited run. */
  limiter: RateLimiter;
  opens: OpenTimer;
  /** Forgets recorded calls, messages and views (the fake keeps them all otherwise). */
  clear(): void;
}

export async function startBenchSlack(): Promise<BenchSlack> {
  const users = Object.fromEntries(VENDOR_USERS.map((u) => [u, { team_id: VENDOR_TEAM, locale: 'nb-NO', is_stranger: true }]));
  const burstChannels = Object.fromEntries(BURST_CHANNELS.map((c, i) => [c, { name: `ext-vendor-${i + 1}`, is_ext_shared: true, is_shared: true }]));
  const limiter = new RateLimiter({ perSecond: 1, burst: 3 });
  limiter.enabled = false;
  const fake = await startFakeSlack({
    channels: {
      [VENDOR_CHANNEL]: { name: 'ext-acme', is_ext_shared: true, is_shared: true },
      ...burstChannels,
      [TRIAGE]: { name: 'tt02-triage', is_ext_shared: false },
    },
    users: { ...users, [STAFF]: { team_id: 'THOST', locale: 'nb-NO' }, [STAFF_2]: { team_id: 'THOST', locale: 'nb-NO' } },
    rateLimiter: limiter,
  });
  const opens = new OpenTimer();
  let openCounter = 0;
  // A lean views.open answer (the view echoed back), plus the arrival time of each timed trigger_id.
  fake.setHandler('views.open', (args) => {
    const now = performance.now();
    const trigger = typeof args.trigger_id === 'string' ? args.trigger_id : '';
    const sent = opens.sentAt.get(trigger);
    if (sent !== undefined) {
      opens.latencies.push(now - sent);
      opens.sentAt.delete(trigger);
    }
    if (!trigger) return { ok: false, error: 'invalid_arguments' };
    const view = (args.view ?? {}) as Record<string, unknown>;
    openCounter += 1;
    const id = `VO${String(openCounter).padStart(8, '0')}`;
    return {
      ok: true,
      view: { ...view, id, team_id: 'THOST', state: { values: {} }, hash: `1700000000.o${openCounter}`, app_id: 'AAPP', bot_id: 'BBOT', root_view_id: id, previous_view_id: null },
    };
  });
  setResponseUrl(`${fake.origin}/hooks/response/bench`);
  return {
    fake,
    limiter,
    opens,
    clear() {
      fake.reset();
      fake.messages.clear();
      fake.views.clear();
    },
  };
}
