/**
 * Vendors in Teams, staff in Teams, and no Slack at all (config.teamsOnly): the entry card when the
 * app is added to a shared channel, the intake dialog (errors in the vendor's language, the language
 * switch, the customer's fields, a duplicate), the receipt and notes in the request's reply chain, the
 * vendor's reply mirrored to the triage card's chain, Answer and 👍, the confirmation email, and one
 * 429 on the vendor's side delivered exactly once. Staff work the card entirely through Teams: signed
 * invokes and dialogs as a staff member (claim, ask, Altinn, fødselsnummer, confirmation).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { texts } from '../../src/domain/texts/index.js';
import { generate } from '../support/fnr.js';
import { freshOrgNumber } from '../support/intake.js';
import { cardText, startTeamsTriageHarness, TEAMS_STAFF, TEAMS_TRIAGE, type TeamsTriageHarness } from '../support/teamsTriageHarness.js';
import { byNumber, eventsOf } from '../support/triage.js';
import { expectClosed, invokeActivity, OTHER_TENANT_ID, postActivity, staffInvokes, textBlocks, type TeamsUser } from './support.js';
import * as vendor from './vendorSupport.js';
import { chainOf, dialogCard, dialogText, fictitious, submitDataOf, VENDOR_CONV, VERA } from './vendorSupport.js';

const KARI: TeamsUser = { id: TEAMS_STAFF.teamsUserId, name: TEAMS_STAFF.name, aad: TEAMS_STAFF.aadObjectId, locale: 'nb-NO' };

let h: TeamsTriageHarness;
beforeAll(async () => {
  // No Slack setting at all: Teams alone.
  h = await startTeamsTriageHarness({ env: { SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: '', SLACK_API_URL: '', STAFF_USER_IDS: '', STAFF_USERGROUP_ID: '' } });
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

const vendorInvoke = (name: string, value: unknown, who = VERA) => vendor.vendorInvoke(h, name, value, who);
const intake = (op: string, l: 'nb' | 'en', k: string, values: Record<string, unknown>) => vendor.intake(h, op, l, k, values);
const fileInTeams = (values: Record<string, unknown>) => vendor.fileInTeams(h, values);
const vendorChannelText = () => JSON.stringify(h.teams.channel(VENDOR_CONV));

describe('Teams alone: vendors and staff in Teams', () => {
  it('starts with no Slack setting, and /healthz says triage is in Teams', async () => {
    const body = (await (await fetch(`${h.server.url}/healthz`)).json()) as { status: string; triage: string; teams: { state: string } };
    expect(body).toMatchObject({ status: 'ok', triage: 'teams', teams: { state: 'connected' } });
  });

  it('posts the entry card when added to a shared channel, and its button opens the intake dialog with the contract ids', async () => {
    const added = {
      ...invokeActivity(h.teams, 'x', undefined, VERA, { conversationId: VENDOR_CONV }),
      type: 'conversationUpdate',
      name: undefined,
      conversation: { id: VENDOR_CONV, conversationType: 'channel', tenantId: OTHER_TENANT_ID },
      membersAdded: [{ id: `28:${'11111111-2222-3333-4444-555555555555'}` }],
      channelData: { eventType: 'channelMemberAdded', tenant: { id: OTHER_TENANT_ID } },
    };
    expect((await postActivity(h, h.teams, added)).status).toBe(200);
    await h.waitForCall((c) => c.conversationId === VENDOR_CONV && cardText(c).includes('Request TT02 access'));
    const open = await vendorInvoke('task/fetch', { data: { verb: 'vendor_open_intake' } });
    const card = dialogCard(open.body);
    const ids = JSON.stringify(card).match(/"id":"[a-z_]+"/g) ?? [];
    for (const id of ['vendor_org_number', 'vendor_org_name', 'contact_name', 'contact_email', 'contact_phone', 'access_type']) expect(ids).toContain(`"id":"${id}"`);
    // English for an en-US vendor, with the switch to Norsk.
    expect(dialogText(open.body)).toContain(texts('en').intake.labels.contact_name);
    expect(dialogText(open.body)).toContain('Norsk');
  });

  it('shows errors under their fields in the chosen language, switches language keeping values, and shows the customer fields on Update', async () => {
    const k = randomUUID();
    const bad = { vendor_org_number: '123', contact_name: 'Vera', contact_email: 'not-an-email', contact_phone: '+47 412 34 567', access_type: 'fictitious_enterprise' };
    const en = dialogCard((await intake('submit', 'en', k, bad)).body);
    const after = (id: string) => en.body[en.body.findIndex((e) => e.id === id) + 1];
    expect(after('vendor_org_number')?.text).toContain(texts('en').errors.org_format.slice(0, 30));
    expect(after('contact_email')?.text).toContain(texts('en').errors.email_format.slice(0, 20));
    const nbDialog = (await intake('lang', 'en', k, bad)).body;
    expect(dialogText(nbDialog)).toContain(texts('nb').intake.labels.contact_name);
    expect(dialogText(nbDialog)).toContain('not-an-email');
    const nb = dialogCard((await intake('submit', 'nb', k, bad)).body);
    expect(textBlocks(nb).join('\n')).toContain(texts('nb').errors.email_format.slice(0, 20));
    const customer = await intake('update', 'nb', k, { ...bad, access_type: 'customer_delegation' });
    expect(dialogText(customer.body)).toContain('"id":"customer_org_number"');
    expect(dialogText(customer.body)).toContain('"id":"production_data_ack"');
    expect(dialogText(customer.body)).toContain(texts('nb').intake.productionDataAck);
  });

  it('files a request: receipt in the channel, card in Teams triage, a duplicate pointed out by its reference', async () => {
    h.teams.failNext({ match: (c) => c.conversationId === VENDOR_CONV, retryAfterSeconds: 1, times: 1 });
    const values = fictitious();
    const r = await fileInTeams(values);
    expect(r.platform).toBe('teams');
    expect(r.channelId).toBe(VENDOR_CONV);
    const ref = `TT02-${String(r.number).padStart(4, '0')}`;
    const receipts = h.teams.channel(VENDOR_CONV).filter((m) => cardText(m).includes(ref));
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.id).toBe(r.receiptTs);
    expect(h.teams.refusedCalls.some((c) => c.conversationId === VENDOR_CONV && c.status === 429)).toBe(true);
    expect(cardText(h.card(r))).toContain('kari@acme.no');
    const dup = dialogCard((await intake('submit', 'en', randomUUID(), values)).body);
    expect(textBlocks(dup).join('\n')).toContain(ref);
  });

  it('staff work the card by invokes and dialogs: a question reaches the reply chain with Answer; the answer, a vendor reply mirrored, Altinn, fødselsnummer, confirmation and 👍', async () => {
    const r = await fileInTeams(fictitious());
    const kari = staffInvokes(h, h.teams, KARI, TEAMS_TRIAGE);
    const claim = await kari.execute('card_claim', { r: r.id, s: 'submitted' });
    expect(claim.status).toBe(200);
    expect((await byNumber(h, r.number)).assigneeUserId).toBe(KARI.aad);

    // Ask: a dialog on the card; the question goes to the vendor's reply chain with Answer.
    expectClosed(await kari.submit(await kari.open('card_ask_info', await byNumber(h, r.number)), { question: 'Hvilket miljø?' }));
    expect((await byNumber(h, r.number)).status).toBe('needs_info');
    const chain = chainOf(r);
    const question = await h.waitForCall((c) => c.conversationId === chain && cardText(c).includes('Hvilket miljø?'));
    expect(cardText(question)).toContain('vendor_answer');
    const opened = await vendorInvoke('task/fetch', { data: { verb: 'vendor_answer', r: r.id } });
    expect(dialogText(opened.body)).toContain('Hvilket miljø?');
    // What the dialog's submit button carries back (its key included), with the typed answer.
    const data = { ...submitDataOf(opened.body, 'vendor_answer'), answer: 'TT02, takk.' };
    const answered = await vendorInvoke('task/submit', { data });
    expect(dialogText(answered.body)).toContain(texts('en').answerModal.thanks.slice(0, 20));
    expect((await byNumber(h, r.number)).status).toBe('submitted');
    // Sent again, as after a slow answer: the one answer, thanked again, not "there is no open question".
    const again = await vendorInvoke('task/submit', { data });
    expect(dialogText(again.body)).toContain(texts('en').answerModal.thanks.slice(0, 20));
    expect((await eventsOf(h, r)).filter((e) => e.kind === 'info_answered')).toHaveLength(1);

    expect((await vendor.vendorMessage(h, chain, '<p>Vi har også et spørsmål om <b>Maskinporten</b></p>', { id: '1700000009999' })).status).toBe(200);
    await h.waitForReply(r, (t) => t.includes('Vi har også et spørsmål om Maskinporten'));

    // Altinn (fictitious) and the fødselsnummer in their dialogs; the confirmation from its preview.
    expectClosed(await kari.submit(await kari.open('card_altinn', await byNumber(h, r.number)), { fictitious_org_number: freshOrgNumber() }));
    expect((await byNumber(h, r.number)).status).toBe('altinn_done');
    const fnr = generate('228190', 0, 40);
    expectClosed(await kari.submit(await kari.open('card_register_fnr', await byNumber(h, r.number)), { login_fnr: fnr }));
    expect((await byNumber(h, r.number)).status).toBe('fnr_registered');
    const preview = await kari.open('card_send_confirmation', await byNumber(h, r.number));
    expect(dialogText(preview.body)).toContain('kari@acme.no');
    expectClosed(await kari.submit(preview, {}));
    expect((await byNumber(h, r.number)).status).toBe('completed');
    const mail = await h.smtp.awaitMessage((m) => m.envelope.to.includes('kari@acme.no') && (m.parsed.text ?? '').includes(fnr));
    expect(mail.parsed.subject).toContain(`TT02-${String(r.number).padStart(4, '0')}`);
    const note = await h.waitForCall((c) => c.conversationId === chain && cardText(c).includes('vendor_feedback_up'));
    expect(note).toBeTruthy();
    const up = await vendorInvoke('adaptiveCard/action', { action: { verb: 'vendor_feedback_up', data: { r: r.id } } });
    expect(up.status).toBe(200);
    expect((await byNumber(h, r.number)).feedback).toBe('up');

    // Never an email address, a phone number or a fødselsnummer in the vendor's conversation.
    const shared = vendorChannelText() + JSON.stringify(h.teams.connectorCalls.filter((c) => c.conversationId.startsWith(VENDOR_CONV)));
    for (const secret of ['kari@acme.no', '412 34 567', '41234567', fnr]) expect(shared).not.toContain(secret);
  });

  it('a vendor (another tenant) cannot take a staff step, and withdraw is the requester’s', async () => {
    const r = await fileInTeams(fictitious());
    const refused = await postActivity(h, h.teams, invokeActivity(h.teams, 'adaptiveCard/action', { action: { verb: 'card_claim', data: { r: r.id, s: 'submitted' } } }, VERA, { conversationId: TEAMS_TRIAGE }));
    expect(JSON.stringify(refused.body)).toContain(texts('en').staff.notAllowed.slice(0, 20));
    const withdrawn = await vendorInvoke('adaptiveCard/action', { action: { verb: 'vendor_withdraw', data: { r: r.id } } });
    expect(withdrawn.status).toBe(200);
    expect((await byNumber(h, r.number)).status).toBe('withdrawn');
  });
});
