import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema.js';
import type { Args } from '../support/fakeSlack.js';
import { OTHER_VENDOR_CHANNEL, TRIAGE, VENDOR_CHANNEL, VENDOR_USER, startHarness, type Harness } from '../support/harness.js';
import { FICTITIOUS, fileRequest, freshOrgNumber } from '../support/intake.js';
import { RateLimiter } from '../support/rateLimit.js';
import { allText, awaitStored, byNumber } from '../support/triage.js';

const referenceIn = (body: unknown): string | undefined => /TT02-\d{4}/.exec(allText(body))?.[0];

/** Resolves with the first post or update of `ref`'s card that links its receipt. */
function linkedCard(h: Harness, ref: string, timeoutMs: number) {
  const linked = (a: Args) => a.channel === TRIAGE && allText(a.blocks).includes(ref) && allText(a.blocks).includes('|kvittering>');
  return Promise.any([h.slack.waitFor('chat.postMessage', linked, timeoutMs), h.slack.waitFor('chat.update', linked, timeoutMs)]);
}

const topLevelPosts = (h: Harness, channel: string, ref: string) =>
  h.slack
    .callsOf('chat.postMessage')
    .filter((c) => !c.failed && c.args.channel === channel && !c.args.thread_ts && allText(c.args.blocks).includes(ref));

describe('a receipt whose answer Slack holds', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('posts the card with the receipt link as soon as the receipt lands, with both permalinks built from the workspace URL, not asked of Slack', async () => {
    const calledBefore = h.slack.callsOf('chat.getPermalink').length;
    const { res } = await fileRequest(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
    const ref = referenceIn(res.body)!;
    const card = await h.slack.waitFor('chat.postMessage', (a) => a.channel === TRIAGE && allText(a.blocks).includes(ref), 5_000);
    const [receipt] = topLevelPosts(h, VENDOR_CHANNEL, ref);
    const receiptTs = String(receipt!.response.ts);
    // The fake's auth.test gives https://fake.slack.com/: Slack's permalink format under it.
    expect(allText(card.args.blocks)).toContain(`<https://fake.slack.com/archives/${VENDOR_CHANNEL}/p${receiptTs.replace('.', '')}|kvittering>`);
    const row = await awaitStored(h, Number(ref.slice(5)));
    expect(row.receiptPermalink).toBe(`https://fake.slack.com/archives/${VENDOR_CHANNEL}/p${receiptTs.replace('.', '')}`);
    expect(row.triagePermalink).toBe(`https://fake.slack.com/archives/${TRIAGE}/p${row.triageTs!.replace('.', '')}`);
    expect(h.slack.callsOf('chat.getPermalink')).toHaveLength(calledBefore);
    // Posted with its link: no update needed to add it.
    expect(h.slack.callsOf('chat.update').filter((c) => c.args.channel === TRIAGE && allText(c.args.blocks).includes(ref))).toHaveLength(0);
  });

  it('does not hold the triage card: the card appears at once and gains the receipt link when the receipt lands', async () => {
    const HOLD_MS = 6_000;
    // The receipt is the request's first post: Slack posts it, and holds the answer.
    h.slack.failNext('chat.postMessage', { delayMs: HOLD_MS });
    const { res } = await fileRequest(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
    const submittedAt = Date.now();
    const ref = referenceIn(res.body)!;
    expect(ref).toBeDefined();

    const card = await h.slack.waitFor('chat.postMessage', (a) => a.channel === TRIAGE && allText(a.blocks).includes(ref), HOLD_MS);
    expect(card.at - submittedAt).toBeLessThan(2_000);
    // Posted while the receipt's answer was still held: no link yet.
    expect(allText(card.args.blocks)).not.toContain('|kvittering>');

    const update = await h.slack.waitFor(
      'chat.update',
      (a) => a.channel === TRIAGE && allText(a.blocks).includes(ref) && allText(a.blocks).includes('|kvittering>'),
      HOLD_MS + 5_000,
    );
    expect(update.at - submittedAt).toBeGreaterThanOrEqual(HOLD_MS - 500);
    const row = await byNumber(h, Number(ref.slice(5)));
    expect(update.args.ts).toBe(row.triageTs);
    expect(topLevelPosts(h, VENDOR_CHANNEL, ref)).toHaveLength(1);
    expect(topLevelPosts(h, TRIAGE, ref)).toHaveLength(1);
  });
});

describe("under Slack's per-channel posting limit", () => {
  const limiter = new RateLimiter({ perSecond: 1, burst: 3 });
  let h: Harness;
  beforeAll(async () => {
    // Two claims per row at most: a 429 counted as an attempt would give the row up.
    h = await startHarness({ rateLimiter: limiter, env: { OUTBOX_MAX_ATTEMPTS: '2' } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('a burst of requests gets every receipt and card once, none given up, no call before its Retry-After', async () => {
    const N = 8;
    const refs: string[] = [];
    // One after the other (each waits for its own modal), faster than Slack's one post a second.
    for (let i = 0; i < N; i++) {
      const { res } = await fileRequest(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() }, i % 2 ? OTHER_VENDOR_CHANNEL : VENDOR_CHANNEL);
      refs.push(referenceIn(res.body)!);
    }
    expect(new Set(refs).size).toBe(N);

    // 8 cards in one channel: 3 at once, then one a second.
    await Promise.all(refs.map((ref) => linkedCard(h, ref, 20_000)));

    expect(limiter.limited.length).toBeGreaterThan(0);
    expect(limiter.premature).toEqual([]);
    refs.forEach((ref, i) => {
      expect(topLevelPosts(h, i % 2 ? OTHER_VENDOR_CHANNEL : VENDOR_CHANNEL, ref)).toHaveLength(1);
      expect(topLevelPosts(h, TRIAGE, ref)).toHaveLength(1);
    });
    // Slack has answered every post; the app records each answer just after.
    for (const ref of refs) await awaitStored(h, Number(ref.slice(5)));
    const rows = await h.db.database.db.select().from(outbox);
    expect(rows.filter((r) => r.status === 'failed')).toEqual([]);
  });
});
