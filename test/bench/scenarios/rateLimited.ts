/**
 * The burst again under Slack's real limits: the fake allows chat.postMessage about once a second
 * per channel after a burst of 3, and answers more with 429 + Retry-After. The vendors' receipts go
 * to their own channels, all the cards to the one triage channel. Checked: every receipt and card
 * appears exactly once, the receipt before the card for each request, and no call repeated before its
 * Retry-After (the issue's target). How late the last card lands after the earliest moment the limit
 * allows (given when the submissions were made) is reported beside it.
 */
import type { Child } from '../children.js';
import type { Bench } from '../context.js';
import { earliestSchedule } from '../../support/rateLimit.js';
import { percentile } from '../load.js';
import { count, waitUntil } from '../measure.js';
import { TRIAGE } from '../payloads.js';
import type { Scenario } from '../report.js';
import { round, say, sleep } from '../util.js';
import { DeliveryWatch } from '../watch.js';
import { vendorBurst } from './bursts.js';

export async function rateLimited(b: Bench, app: Child): Promise<Scenario> {
  const n = b.P.limitedVendors;
  const { limiter } = b.slack;
  await waitUntil('outbox empty before the rate-limited burst', async () => (await count(b.db.sql, 'pending')) === 0, 20_000);
  b.slack.clear();
  limiter.reset();
  limiter.enabled = true;
  const watch = new DeliveryWatch(b.slack.fake, TRIAGE);
  const expectedS = Math.max(0, n - limiter.burst) / limiter.perSecond;
  let results;
  try {
    results = await vendorBurst(b, app, 'app', 'R1', n, watch, (expectedS + 20) * 1000);
    // Anything still queued (a duplicate would show up now).
    await waitUntil('outbox empty after the rate-limited burst', async () => (await count(b.db.sql, 'pending')) === 0, 5_000);
    await sleep(300);
    watch.take();
  } finally {
    limiter.enabled = false;
  }
  const submitted = results.filter((r) => r.submittedAt !== undefined);
  const missing = results.filter((r) => r.receipts.length === 0 || r.cards.length === 0).length;
  const duplicates = results.filter((r) => r.receipts.length > 1 || r.cards.length > 1).length;
  const outOfOrder = results.filter((r) => r.receipts[0] !== undefined && r.cards[0] !== undefined && r.receipts[0] > r.cards[0]).length;
  const premature = limiter.premature.length;
  const earliest = earliestSchedule(submitted.map((r) => r.submittedAt!), limiter);
  const earliestLast = Math.max(...earliest);
  const cardTimes = results.map((r) => r.cards[0]).filter((x): x is number => x !== undefined);
  const lastCard = cardTimes.length ? Math.max(...cardTimes) : NaN;
  // With a card missing there is no last card to time.
  const late = missing ? NaN : lastCard - earliestLast;
  const failedRows = (await b.db.sql`select count(*)::int as n from outbox where status = 'failed' and kind like 'slack.%'`)[0] as { n: number };
  const cardMs = results.map((r) => r.cardMs).filter((x): x is number => x !== undefined);
  const met = missing === 0 && duplicates === 0 && outOfOrder === 0 && premature === 0;
  say(
    `rate-limited burst: ${n} vendors; ${missing} missing, ${duplicates} duplicated, ${outOfOrder} out of order, ` +
      `${limiter.limited.length} answered 429 (${premature} premature); last card ${missing ? 'missing' : `${round(late, 0)} ms after the earliest the limit allows`}`,
  );
  const problems = [
    missing ? `${missing} requests without their receipt or card${failedRows.n ? ` (the outbox gave up ${failedRows.n} posts)` : ''}` : '',
    duplicates ? `${duplicates} requests with a message posted twice` : '',
    outOfOrder ? `${outOfOrder} cards before their receipt` : '',
    premature ? `${premature} calls repeated before their Retry-After` : '',
    results.find((r) => r.failure)?.failure ?? '',
  ].filter(Boolean);
  return {
    name: `rate-limited triage channel: ${n} vendors at once, last card vs the earliest the limit allows`,
    rps: null,
    p50_ms: round(percentile(cardMs, 50), 0),
    p99_ms: cardMs.length ? Math.round(Math.max(...cardMs)) : null,
    ratio_to_bare_bolt: null,
    target: 'each message once, in order; no call before its Retry-After',
    target_met: met,
    database: 'postgres',
    limit: { per_second: limiter.perSecond, burst: limiter.burst },
    last_card_after_earliest_ms: round(late, 0),
    earliest_last_card_ms: round(earliestLast - Math.min(...submitted.map((r) => r.submittedAt!)), 0),
    answered_429: limiter.limited.length,
    premature_calls: premature,
    missing,
    outbox_given_up: failedRows.n,
    duplicated: duplicates,
    out_of_order: outOfOrder,
    ...(problems.length ? { notes: problems.join('; ') } : {}),
  };
}
