/**
 * The rest of a Teams vendor's side (Teams alone, the register on, test/support/fakeRegister.ts): the
 * intake dialog's "Check" button showing the register's answer under the organisation number (a
 * bankrupt one's warning, a deleted one's refusal at sending), 👎 with its why-dialog (the rows, the
 * audit event, and what the vendor sees), and the entry card brought back by an @mention or posted
 * when the app is installed in a chat.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestEvents } from '../../src/db/schema.js';
import { texts } from '../../src/domain/texts/index.js';
import { enhet, startFakeRegister, type FakeRegister } from '../support/fakeRegister.js';
import { generate } from '../support/fnr.js';
import { freshOrgNumber } from '../support/intake.js';
import { cardText, startTeamsTriageHarness, TEAMS_APP_ID, TEAMS_STAFF, TEAMS_TENANT, TEAMS_TRIAGE, type TeamsTriageHarness } from '../support/teamsTriageHarness.js';
import { byNumber } from '../support/triage.js';
import { expectClosed, invokeActivity, OTHER_TENANT_ID, postActivity, staffInvokes, textBlocks, type CardJson, type El, type TeamsUser } from './support.js';
import * as vendor from './vendorSupport.js';
import { chainOf, dialogCard, dialogText, fictitious, VENDOR_CONV, VERA } from './vendorSupport.js';

const KARI: TeamsUser = { id: TEAMS_STAFF.teamsUserId, name: TEAMS_STAFF.name, aad: TEAMS_STAFF.aadObjectId, locale: 'nb-NO' };
const en = texts('en');

let h: TeamsTriageHarness;
let reg: FakeRegister;
beforeAll(async () => {
  reg = await startFakeRegister();
  h = await startTeamsTriageHarness({
    env: { SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: '', SLACK_API_URL: '', STAFF_USER_IDS: '', STAFF_USERGROUP_ID: '', ENHETSREGISTERET_URL: reg.url },
  });
}, 60_000);
afterAll(async () => {
  await h?.stop();
  await reg?.close();
});

/** An element anywhere in a card's body, by id. */
function byId(card: CardJson, id: string): El | undefined {
  const walk = (els: El[]): El | undefined => {
    for (const e of els) {
      if (e.id === id) return e;
      const inner = walk([...(e.items ?? []), ...(((e.columns as El[] | undefined) ?? []).flatMap((c) => c.items ?? []))]);
      if (inner) return inner;
    }
    return undefined;
  };
  return walk(card.body);
}

const check = async (values: Record<string, unknown>) => dialogCard((await vendor.intake(h, 'check', 'en', randomUUID(), values)).body);

describe('the intake dialog with the register on', () => {
  it('"Check" shows the register’s answer under the organisation number, the typed values kept', async () => {
    const orgnr = freshOrgNumber();
    reg.set(orgnr, { kind: 'ok', body: enhet({ organisasjonsnummer: orgnr, navn: 'ACME REGNSKAP AS', poststed: 'OSLO' }) });
    const opened = dialogCard((await vendor.vendorInvoke(h, 'task/fetch', { data: { verb: 'vendor_open_intake' } })).body);
    // The button beside the field, and nothing looked up before it is pressed.
    expect(JSON.stringify(opened)).toContain(en.intake.teamsCheck);
    const hitsBefore = reg.hits(orgnr);
    const card = await check({ ...fictitious(), vendor_org_number: orgnr });
    expect(reg.hits(orgnr)).toBe(hitsBefore + 1);
    const note = byId(card, 'vendor_org_number_register');
    expect(note?.text).toContain('ACME REGNSKAP AS');
    expect(note?.text).toContain('Oslo');
    expect(byId(card, 'vendor_org_number')?.value).toBe(orgnr);
    expect(byId(card, 'contact_name')?.value).toBe('Kari Nordmann');
  });

  it('a bankrupt enterprise is flagged under its number; an unknown one says so', async () => {
    const bankrupt = freshOrgNumber();
    reg.set(bankrupt, { kind: 'ok', body: enhet({ organisasjonsnummer: bankrupt, navn: 'KONKURS OG SØNN AS', konkurs: true }) });
    const note = byId(await check({ ...fictitious(), vendor_org_number: bankrupt }), 'vendor_org_number_register');
    expect(note?.text).toContain('KONKURS OG SØNN AS');
    expect(note?.text).toContain(en.registerNote.bankrupt);
    const unknown = freshOrgNumber();
    reg.set(unknown, { kind: 'not_found' });
    expect(byId(await check({ ...fictitious(), vendor_org_number: unknown }), 'vendor_org_number_register')?.text).toContain('Not found in the Central Coordinating Register');
  });

  it('a deleted enterprise: the warning at "Check", and sending is refused with the error under the field', async () => {
    const deleted = freshOrgNumber();
    reg.set(deleted, { kind: 'ok', body: enhet({ organisasjonsnummer: deleted, navn: 'BORTE AS', slettedato: '2023-05-01' }) });
    const values = { ...fictitious(), vendor_org_number: deleted };
    expect(byId(await check(values), 'vendor_org_number_register')?.text).toContain('Deleted in the Central Coordinating Register');
    const refused = dialogCard((await vendor.intake(h, 'submit', 'en', randomUUID(), values)).body);
    expect(byId(refused, 'vendor_org_number_error')?.text).toContain(en.errors.register_deleted.slice(0, 40));
    expect(dialogText(refused)).not.toMatch(/TT02-\d{4}/);
  });
});

describe('👎 and its why', () => {
  it('records the 👎 at the click, replaces the buttons for everyone, and keeps the why on the request, not in the audit trail', async () => {
    const values = fictitious();
    reg.set(values.vendor_org_number, { kind: 'ok', body: enhet({ organisasjonsnummer: values.vendor_org_number, navn: 'ACME REGNSKAP AS' }) });
    const r = await vendor.fileInTeams(h, values);
    const kari = staffInvokes(h, h.teams, KARI, TEAMS_TRIAGE);
    expect((await kari.execute('card_claim', { r: r.id, s: 'submitted' })).status).toBe(200);
    expectClosed(await kari.submit(await kari.open('card_altinn', await byNumber(h, r.number)), { fictitious_org_number: freshOrgNumber() }));
    expectClosed(await kari.submit(await kari.open('card_register_fnr', await byNumber(h, r.number)), { login_fnr: generate('228190', 0, 42) }));
    expectClosed(await kari.submit(await kari.open('card_send_confirmation', await byNumber(h, r.number)), {}));
    const chain = chainOf(r);
    const note = await h.waitForCall((c) => c.conversationId === chain && cardText(c).includes('vendor_feedback_down'));

    // The 👎 button, clicked on the note in the reply chain: stored at once, the why asked in a dialog.
    const fromNote = (name: string, value: unknown) =>
      postActivity(h, h.teams, { ...invokeActivity(h.teams, name, value, VERA, { conversationId: VENDOR_CONV }), conversation: { id: chain, conversationType: 'channel', tenantId: OTHER_TENANT_ID }, replyToId: note.answeredId });
    const why = await fromNote('task/fetch', { data: { verb: 'vendor_feedback_down', r: r.id } });
    const whyCard = dialogCard(why.body);
    expect(JSON.stringify(whyCard)).toContain('"id":"feedback_why"');
    expect(dialogText(why.body)).toContain(en.feedback.modalTitle);
    expect(await byNumber(h, r.number)).toMatchObject({ feedback: 'down', feedbackComment: null, feedbackUserId: VERA.aad });
    // Everyone now sees the answered note: its buttons gone.
    const replaced = h.teams.connectorCalls.find((c) => c.method === 'PUT' && c.conversationId === chain && c.activityId === note.answeredId);
    expect(replaced).toBeTruthy();
    expect(cardText(replaced)).not.toContain('vendor_feedback_down');

    // An empty why is an error under its input; then the why is kept on the request.
    const empty = dialogCard((await fromNote('task/submit', { data: { ...whyCard.actions[0]!.data, feedback_why: '   ' } })).body);
    expect(textBlocks(empty).join('\n')).toContain(en.staff.errors.required.slice(0, 20));
    const thanks = await fromNote('task/submit', { data: { ...whyCard.actions[0]!.data, feedback_why: 'Det tok for lang tid.' } });
    expect(dialogText(thanks.body)).toContain('Thank you for your feedback. We will look into it.');
    expect(await byNumber(h, r.number)).toMatchObject({ feedback: 'down', feedbackComment: 'Det tok for lang tid.' });
    const events = await h.db.database.db.select().from(requestEvents).where(and(eq(requestEvents.requestId, r.id), eq(requestEvents.kind, 'feedback')));
    expect(events.map((e) => e.details)).toEqual([
      expect.objectContaining({ value: 'down', withComment: false }),
      expect.objectContaining({ value: 'down', withComment: true }),
    ]);
    expect(JSON.stringify(events)).not.toContain('Det tok for lang tid.');
    expect(h.logs.join('\n')).not.toContain('Det tok for lang tid.');
  });
});

describe('the entry card', () => {
  const entryPosts = (conversationId: string) => h.teams.connectorCalls.filter((c) => c.conversationId === conversationId && cardText(c).includes('vendor_open_intake'));

  it('is posted again when the app is @mentioned in the channel, once per message', async () => {
    const before = entryPosts(VENDOR_CONV).length;
    const mention = [{ type: 'mention', text: '<at>tt02-access</at>', mentioned: { id: `28:${TEAMS_APP_ID}`, name: 'tt02-access' } }];
    const id = `1700${Date.now()}`;
    expect((await vendor.vendorMessage(h, VENDOR_CONV, '<at>tt02-access</at> hei', { id, entities: mention })).status).toBe(200);
    await h.waitForCall((c) => c.conversationId === VENDOR_CONV && cardText(c).includes('vendor_open_intake') && entryPosts(VENDOR_CONV).length > before);
    // The same activity again (Teams may deliver one twice): no second card.
    expect((await vendor.vendorMessage(h, VENDOR_CONV, '<at>tt02-access</at> hei', { id, entities: mention })).status).toBe(200);
    // A message without a mention: nothing.
    expect((await vendor.vendorMessage(h, VENDOR_CONV, 'bare en melding', { id: `${id}1` })).status).toBe(200);
    expect(entryPosts(VENDOR_CONV)).toHaveLength(before + 1);
  });

  it('is posted when the app is installed in a chat of our tenant (install.add), and not in an outside user’s chat', async () => {
    const install = (who: TeamsUser, conversationId: string, conversationType: string, tenant: string) => ({
      ...invokeActivity(h.teams, 'x', undefined, who, { conversationId }),
      type: 'installationUpdate',
      action: 'add',
      name: undefined,
      value: undefined,
      id: `1700${Math.floor(Math.random() * 1e9)}`,
      conversation: { id: conversationId, conversationType, tenantId: tenant },
      channelData: { tenant: { id: tenant } },
    });
    const colleague: TeamsUser = { id: '29:colleague', name: 'Per Kollega', aad: 'bbbbbbbb-0000-4000-8000-000000000077', locale: 'nb-NO' };
    const groupChat = '19:groupchat-ours@thread.v2';
    expect((await postActivity(h, h.teams, install(colleague, groupChat, 'groupChat', TEAMS_TENANT))).status).toBe(200);
    const posted = await h.waitForCall((c) => c.conversationId === groupChat && cardText(c).includes('vendor_open_intake'));
    expect(cardText(posted)).toContain('Request TT02 access');

    const outsideChat = '19:groupchat-theirs@thread.v2';
    expect((await postActivity(h, h.teams, install(VERA, outsideChat, 'groupChat', OTHER_TENANT_ID))).status).toBe(200);
    expect(entryPosts(outsideChat)).toHaveLength(0);
  });
});
