/**
 * The other mixed pairing: a vendor in a Teams shared channel (another tenant), staff in Slack. The
 * app has Slack (TRIAGE_CHANNEL_ID, Slack staff) and Teams credentials, and no
 * TEAMS_TRIAGE_CONVERSATION_ID. The vendor files through the intake dialog; the receipt roots the
 * request's reply chain in Teams; the card is in the fake Slack's triage channel, where staff click
 * through the Slack harness (claim, ask, Altinn, fødselsnummer, confirmation). The vendor's answer and
 * what they write in the chain reach the Slack card (the answer on it, as a Slack vendor's; a reply in its thread); one 429 with Retry-After on a
 * vendor note is waited out and the note posted once, in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { texts } from '../../src/domain/texts/index.js';
import { generate } from '../support/fnr.js';
import { STAFF, TRIAGE } from '../support/harness.js';
import { cardText, startTeamsVendorHarness, type TeamsTriageHarness } from '../support/teamsTriageHarness.js';
import { advanceToFnrRegistered, allText, awaitCard, awaitModal, byNumber, clickCard, openConfirmationPreview, reload, submitModal, text } from '../support/triage.js';
import { invokeActivity, OTHER_TENANT_ID, postActivity } from './support.js';
import { chainOf, dialogCard, dialogText, fictitious, fileInTeams, VENDOR_CONV, vendorInvoke, vendorMessage, VERA } from './vendorSupport.js';

let h: TeamsTriageHarness;
beforeAll(async () => {
  h = await startTeamsVendorHarness();
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

const ref = (r: { number: number }) => `TT02-${String(r.number).padStart(4, '0')}`;
/** A post in the Slack card's thread whose text satisfies `pred`. */
const awaitCardThread = (r: { triageTs: string | null }, pred: (s: string) => boolean) =>
  h.slack.waitFor('chat.postMessage', (a) => a.channel === TRIAGE && a.thread_ts === r.triageTs && pred(allText(a)));
/** The posts in the request's Teams reply chain, in the order the fake kept them. */
const chainPosts = (r: { receiptTs: string | null }) => h.teams.channel(VENDOR_CONV).find((m) => m.id === r.receiptTs)?.replies ?? [];

describe('Teams vendor, Slack staff', () => {
  it('the entry card when added to the shared channel; its button opens the intake dialog', async () => {
    const added = {
      ...invokeActivity(h.teams, 'x', undefined, VERA, { conversationId: VENDOR_CONV }),
      type: 'conversationUpdate',
      name: undefined,
      conversation: { id: VENDOR_CONV, conversationType: 'channel', tenantId: OTHER_TENANT_ID },
      membersAdded: [{ id: '28:11111111-2222-3333-4444-555555555555' }],
      channelData: { eventType: 'channelMemberAdded', tenant: { id: OTHER_TENANT_ID } },
    };
    expect((await postActivity(h, h.teams, added)).status).toBe(200);
    await h.waitForCall((c) => c.conversationId === VENDOR_CONV && cardText(c).includes('Request TT02 access'));
    const open = await vendorInvoke(h, 'task/fetch', { data: { verb: 'vendor_open_intake' } });
    expect(JSON.stringify(dialogCard(open.body))).toContain('"id":"vendor_org_number"');
  });

  it('files in Teams, works in Slack: receipt in the chain root, card in Slack, question with Answer after one 429, the answer on the card, a reply mirrored to its thread, confirmation by email', async () => {
    const r0 = await fileInTeams(h, fictitious());
    expect(r0).toMatchObject({ platform: 'teams', channelId: VENDOR_CONV });
    // The receipt is a root message of the vendor's conversation; the card is in Slack's triage channel.
    const receipts = h.teams.channel(VENDOR_CONV).filter((m) => cardText(m).includes(ref(r0)));
    expect(receipts.map((m) => m.id)).toEqual([r0.receiptTs]);
    const card = allText(h.slack.message(TRIAGE, r0.triageTs!)?.history.at(-1)?.blocks);
    expect(card).toContain(ref(r0));
    expect(card).toContain('kari@acme.no');
    expect(h.teams.connectorCalls.some((c) => c.conversationId.startsWith('19:tt02triage'))).toBe(false);

    // Claim in Slack.
    await clickCard(h, { user: STAFF, actionId: 'card_claim', request: r0, extra: '' });
    await awaitCard(h, r0, (c) => c.includes(`<@${STAFF}>`));
    expect((await reload(h, r0)).assigneeUserId).toBe(STAFF);

    // Ask for information in Slack; the connector refuses the question note once with Retry-After: 1.
    const chain = chainOf(r0);
    h.teams.failNext({ match: (c) => c.conversationId === chain, retryAfterSeconds: 1, times: 1 });
    const opened = h.slack.callsOf('views.open').length;
    await clickCard(h, { user: STAFF, actionId: 'card_ask_info', request: await reload(h, r0) });
    const ask = await awaitModal(h, 'staff_ask_info', opened);
    const asked = await submitModal(h, { user: STAFF, callbackId: 'staff_ask_info', privateMetadata: ask.view.private_metadata, values: text('question', 'Hvilket miljø gjelder det?') });
    expect(asked.text).toBe('');
    const question = await h.waitForCall((c) => c.conversationId === chain && cardText(c).includes('Hvilket miljø gjelder det?'));
    expect(cardText(question)).toContain('vendor_answer');
    // The question's email sends the vendor to where they are: the Teams channel, not Slack.
    const questionMail = await h.smtp.awaitMessage((m) => m.envelope.to.includes('kari@acme.no') && (m.parsed.text ?? '').includes('Hvilket miljø gjelder det?'));
    expect(questionMail.parsed.text).toContain('Teams channel you share with us');
    expect(questionMail.parsed.text).not.toContain('Slack');
    const refused = h.teams.refusedCalls.filter((c) => c.conversationId === chain);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.status).toBe(429);
    // Not retried before Retry-After.
    expect(question.at - refused[0]!.at).toBeGreaterThanOrEqual(1000);

    // The vendor answers through the dialog; the answer shows on the Slack card (as a Slack vendor's does).
    const answerDialog = await vendorInvoke(h, 'task/fetch', { data: { verb: 'vendor_answer', r: r0.id } });
    expect(dialogText(answerDialog.body)).toContain('Hvilket miljø gjelder det?');
    const answered = await vendorInvoke(h, 'task/submit', { data: { verb: 'vendor_answer', r: r0.id, answer: 'TT02, takk.' } });
    expect(dialogText(answered.body)).toContain(texts('en').answerModal.thanks.slice(0, 20));
    await awaitCard(h, r0, (c) => c.includes('TT02, takk.'));
    expect((await reload(h, r0)).status).toBe('submitted');

    // What the vendor writes in the reply chain is mirrored to the card's thread too.
    expect((await vendorMessage(h, chain, '<p>Vi har også et spørsmål om <b>Maskinporten</b></p>', { id: '1700000009999' })).status).toBe(200);
    await awaitCardThread(r0, (s) => s.includes('Vi har også et spørsmål om Maskinporten'));

    // Altinn, fødselsnummer and the confirmation, all clicked in Slack.
    const fnr = generate('228190', 0, 41);
    const r1 = await advanceToFnrRegistered(h, await reload(h, r0), STAFF, fnr);
    expect(r1.status).toBe('fnr_registered');
    const preview = await openConfirmationPreview(h, r1, STAFF);
    await submitModal(h, { user: STAFF, callbackId: 'staff_send_confirmation', privateMetadata: preview.view.private_metadata, values: {} });
    const mail = await h.smtp.awaitMessage((m) => m.envelope.to.includes('kari@acme.no') && (m.parsed.subject ?? '').includes(ref(r0)) && (m.parsed.text ?? '').includes(fnr));
    expect(mail.parsed.text).toContain(fnr);
    expect(mail.parsed.text).toContain('Teams channel you share with us');
    expect(mail.parsed.text).not.toContain('Slack');
    expect((await byNumber(h, r0.number)).status).toBe('completed');
    await h.waitForCall((c) => c.conversationId === chain && cardText(c).includes('vendor_feedback_up'));

    // Exactly once and in order: the question once, before the completion note.
    const posts = chainPosts(r0).map((m) => cardText(m));
    expect(posts.filter((p) => p.includes('Hvilket miljø gjelder det?'))).toHaveLength(1);
    expect(h.teams.connectorCalls.filter((c) => c.conversationId === chain && cardText(c).includes('Hvilket miljø gjelder det?'))).toHaveLength(1);
    const qi = posts.findIndex((p) => p.includes('Hvilket miljø gjelder det?'));
    const ci = posts.findIndex((p) => p.includes('vendor_feedback_up'));
    expect(qi).toBeGreaterThanOrEqual(0);
    expect(ci).toBeGreaterThan(qi);

    // Never an email address, a phone number or a fødselsnummer in the vendor's conversation.
    const shared = JSON.stringify(h.teams.channel(VENDOR_CONV)) + JSON.stringify(h.teams.connectorCalls.filter((c) => c.conversationId.startsWith(VENDOR_CONV)));
    for (const secret of ['kari@acme.no', '412 34 567', '41234567', fnr]) expect(shared).not.toContain(secret);
  });
});
