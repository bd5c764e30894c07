import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema.js';
import type { FakeSlackCall } from '../support/fakeSlack.js';
import { OTHER_VENDOR_CHANNEL, TRIAGE, VENDOR_CHANNEL, VENDOR_USER, startHarness, type Harness } from '../support/harness.js';
import { FICTITIOUS, fileRequest, freshOrgNumber, openIntakeByButton, submitIntake } from '../support/intake.js';
import { RateLimiter } from '../support/rateLimit.js';
import { allText, awaitStored, byNumber } from '../support/triage.js';

const referenceIn = (body: unknown): string | undefined => /TT02-\d{4}/.exec(allText(body))?.[0];

/** Waits until the outbox has nothing left to deliver. */
async function outboxDrained(h: Harness): Promise<void> {
  const worker = h.server.worker!;
  for (;;) {
    // A row delivered or given up may have been the last.
    let settle!: () => void;
    const next = new Promise<void>((resolve) => (settle = resolve));
    worker.events.once('delivered', settle).once('failed', settle);
    const pending = await h.db.database.db.select({ id: outbox.id }).from(outbox).where(eq(outbox.status, 'pending'));
    if (pending.length === 0) return;
    await next;
    worker.events.off('delivered', settle).off('failed', settle);
  }
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

  it('a burst of requests gets every receipt and card exactly once and in order, none given up, no call before its Retry-After', async () => {
    const N = 8;
    // The modals opened one by one, then submitted all at once: far faster than one post a second.
    const channelOf = (i: number) => (i % 2 ? OTHER_VENDOR_CHANNEL : VENDOR_CHANNEL);
    const modals = [];
    for (let i = 0; i < N; i++) modals.push(await openIntakeByButton(h, VENDOR_USER, channelOf(i)));
    const refs = await Promise.all(
      modals.map(async (modal) => {
        const shown = h.slack.view(modal.id)!.view as { private_metadata: string };
        const fields = { ...FICTITIOUS, vendor_org_number: freshOrgNumber() };
        const res = await submitIntake(h, { viewId: modal.id, privateMetadata: shown.private_metadata, user: VENDOR_USER, fields });
        return referenceIn(res.body)!;
      }),
    );
    expect(new Set(refs).size).toBe(N);

    // 8 cards in one channel: 3 at once, then one a second; a card whose receipt Slack told to wait
    // goes without the receipt's link and gains it later.
    await outboxDrained(h);

    // Slack told the app to wait, in the triage channel at least, and the app waited every time.
    expect(limiter.limited.filter((l) => l.channel === TRIAGE).length).toBeGreaterThan(0);
    expect(limiter.premature).toEqual([]);
    refs.forEach((ref, i) => {
      const receipts = topLevelPosts(h, channelOf(i), ref);
      const cards = topLevelPosts(h, TRIAGE, ref);
      expect(receipts).toHaveLength(1);
      expect(cards).toHaveLength(1);
      // In order: the card before any update to it. A card links its receipt, so a card posted with the
      // link came after the receipt; one that went first (its receipt was told to wait) gains the link.
      const card = cards[0]!;
      const updates = h.slack.callsOf('chat.update').filter((c) => c.args.channel === TRIAGE && allText(c.args.blocks).includes(ref));
      for (const u of updates) expect(u.at).toBeGreaterThan(card.at);
      const linking = (c: FakeSlackCall) => !c.failed && allText(c.args.blocks).includes('|kvittering>');
      if (linking(card)) expect(receipts[0]!.at).toBeLessThan(card.at);
      else expect(updates.some(linking)).toBe(true);
    });
    const rows = await h.db.database.db.select().from(outbox);
    expect(rows.filter((r) => r.status === 'failed')).toEqual([]);
  });
});
