import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF, TRIAGE, VENDOR_CHANNEL, VENDOR_USER, startHarness, type Harness } from '../support/harness.js';
import { FICTITIOUS, freshOrgNumber } from '../support/intake.js';
import { allText, awaitLinkedCard, awaitThreadNote, fileAndAwaitCard } from '../support/triage.js';
import { fileRequest } from '../support/intake.js';
import { generate } from '../support/fnr.js';
import { advanceToFnrRegistered, openConfirmationPreview, submitModal, reload } from '../support/triage.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const postsOf = (channel: string, ref: string) =>
  [...h.slack.messages.values()].filter((m) => m.channel === channel && !m.thread_ts && allText(m.blocks).includes(ref));

describe('side effects survive crashes and uncertain answers', () => {
  it('a post whose answer was lost is found by its outbox key on retry instead of being posted twice', async () => {
    h.slack.failNext('chat.postMessage', { status: 500, afterHandling: true });
    const r = await fileAndAwaitCard(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
    const ref = `TT02-${String(r.number).padStart(4, '0')}`;
    expect(h.slack.callsOf('chat.postMessage').some((c) => c.failed)).toBe(true);
    expect(h.slack.callsOf('conversations.history').length).toBeGreaterThan(0);
    expect(postsOf(VENDOR_CHANNEL, ref)).toHaveLength(1);
    expect(postsOf(TRIAGE, ref)).toHaveLength(1);
  });

  it('the app killed after a commit but before delivery delivers at the next start, once', async () => {
    await h.stopApp();
    await h.restartApp({}, false); // commits outbox rows, delivers nothing: the process "dies" right after
    const fields = { ...FICTITIOUS, vendor_org_number: freshOrgNumber() };
    const { res } = await fileRequest(h, VENDOR_USER, fields);
    const ref = /TT02-\d{4}/.exec(allText(res.body))![0];
    expect(postsOf(VENDOR_CHANNEL, ref)).toHaveLength(0);
    await h.stopApp();

    await h.restartApp();
    await awaitLinkedCard(h, ref);
    expect(postsOf(VENDOR_CHANNEL, ref)).toHaveLength(1);
    expect(postsOf(TRIAGE, ref)).toHaveLength(1);
  });

  it('a confirmation committed just before a crash is emailed once after restart', async () => {
    const contact = `crash.${Date.now()}@acme.no`;
    const r0 = await fileAndAwaitCard(h, VENDOR_USER, { ...FICTITIOUS, contact_email: contact, vendor_org_number: freshOrgNumber() });
    const r = await advanceToFnrRegistered(h, r0, STAFF, generate('228190'));
    const preview = await openConfirmationPreview(h, r, STAFF);
    await h.stopApp();
    await h.restartApp({}, false);
    await submitModal(h, { user: STAFF, callbackId: 'staff_send_confirmation', privateMetadata: preview.view.private_metadata, values: {} });
    expect((await reload(h, r)).status).toBe('completed');
    await h.stopApp();
    expect(h.smtp.messages.filter((m) => m.envelope.to.includes(contact))).toHaveLength(0);

    await h.restartApp();
    await awaitThreadNote(h, r, (s) => s.includes('sendt på e-post'));
    expect(h.smtp.messages.filter((m) => m.envelope.to.includes(contact))).toHaveLength(1);
  });
});

describe('a Slack call that never answers', () => {
  let slow: Harness;
  beforeAll(async () => {
    slow = await startHarness({ slackTimeoutMs: 300 });
  });
  afterAll(async () => {
    await slow?.stop();
  });

  it('times out, and the retry finds the post by its key instead of posting twice', async () => {
    // Slack posts the receipt but its answer hangs far longer than the test waits for the card.
    slow.slack.failNext('chat.postMessage', { delayMs: 8_000 });
    const r = await fileAndAwaitCard(slow, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
    const ref = `TT02-${String(r.number).padStart(4, '0')}`;
    const posts = [...slow.slack.messages.values()].filter((m) => m.channel === VENDOR_CHANNEL && !m.thread_ts && allText(m.blocks).includes(ref));
    expect(posts).toHaveLength(1);
    expect(r.receiptTs).toBe(posts[0]!.ts);
    expect(slow.slack.callsOf('conversations.history').length).toBeGreaterThan(0);
  });
});
