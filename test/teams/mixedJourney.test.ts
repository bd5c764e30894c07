/**
 * The mixed set-up end to end, driven as people drive it: a vendor files in a Slack Connect channel
 * (the Slack harness), the card appears in the Teams triage channel, and a Teams staff member works it
 * entirely by signed invokes on the card and its dialogs. Each step's card update reaches the fake Bot
 * Connector as a PUT (for everyone), the notes reach the vendor's Slack thread, the vendor's Slack
 * replies are mirrored to the card's reply chain @mentioning the assignee, and the confirmation email
 * reaches the SMTP sink. No personal data in Slack, the reply chain or the log.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestEvents } from '../../src/db/schema.js';
import { texts } from '../../src/domain/texts/index.js';
import { generate } from '../support/fnr.js';
import { VENDOR_CHANNEL, VENDOR_USER } from '../support/harness.js';
import { FICTITIOUS, freshOrgNumber } from '../support/intake.js';
import {
  cardText,
  fileAndAwaitTeamsCard,
  startTeamsTriageHarness,
  TEAMS_STAFF,
  TEAMS_TENANT,
  TEAMS_TRIAGE,
  type TeamsPersonFixture,
  type TeamsTriageHarness,
} from '../support/teamsTriageHarness.js';
import { writeInThread } from '../support/threadMessages.js';
import { allText, eventsOf, reload } from '../support/triage.js';
import type { ConnectorCall } from '../support/fakeTeams.js';
import type { RequestRow } from '../../src/db/schema.js';
import { answeredCard, answeredMessage, closed, dialogCard, inputOf, invokeActivity, postActivity, OTHER_TENANT_ID, teamsInvokers, type TeamsUser } from './support.js';

let h: TeamsTriageHarness;
beforeAll(async () => {
  h = await startTeamsTriageHarness();
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

const { execute, openDialog, submitDialog } = teamsInvokers(() => ({ h, teams: h.teams }), { conversationId: TEAMS_TRIAGE });
const asUser = (p: TeamsPersonFixture, locale = 'nb-NO'): TeamsUser => ({ id: p.teamsUserId, name: p.name, aad: p.aadObjectId, locale });
const KARI = asUser(TEAMS_STAFF);
const nb = texts('nb');
const en = texts('en');
const ref = (r: { number: number }) => `TT02-${String(r.number).padStart(4, '0')}`;

/** The card's next update for everyone (a PUT on its activity) made after `since` calls, whose card satisfies `pred`. */
async function cardPut(r: Pick<RequestRow, 'triageTs'>, since: number, pred: (text: string) => boolean): Promise<ConnectorCall> {
  const put = (c: ConnectorCall) => c.method === 'PUT' && c.activityId === r.triageTs && c.conversationId === TEAMS_TRIAGE && h.teams.connectorCalls.indexOf(c) >= since;
  return h.waitForCall((c) => put(c) && pred(cardText(c))).catch((err: Error) => {
    const last = h.teams.connectorCalls.filter(put).at(-1);
    throw new Error(`${err.message}: the card's last update since then was ${last ? cardText(last) : 'none'}`);
  });
}

/** The vendor's Slack thread: a post under the receipt that satisfies `pred`. */
const vendorNote = (r: Pick<RequestRow, 'receiptTs'>, pred: (text: string) => boolean) =>
  h.slack.waitFor('chat.postMessage', (a) => a.channel === VENDOR_CHANNEL && a.thread_ts === r.receiptTs && pred(allText(a)));

const replyChainCalls = () => h.teams.connectorCalls.filter((c) => c.conversationId.includes(';messageid='));

describe('a Slack vendor, Teams staff: the whole journey', () => {
  it('claim, ask → the vendor answers in Slack → resume, reply, Altinn, fødselsnummer, preview, send', async () => {
    const stamp = Date.now();
    const email = `journey.${stamp}@acme.no`;
    const phone = `+47 9${String(stamp).slice(-7)}`;
    const phoneDigits = phone.replace(/\D/g, '').slice(2);
    const fnr = generate('010180', 0, 300); // not synthetic: needs the explicit test-identity confirmation
    const r0 = await fileAndAwaitTeamsCard(h, VENDOR_USER, { ...FICTITIOUS, contact_email: email, contact_phone: phone, vendor_org_number: freshOrgNumber() });
    expect(r0.platform).toBe('slack');
    expect(cardText(h.card(r0))).toContain(email); // personal data on the card only

    // Claim: the clicker gets the card at once; everyone gets it by PUT.
    let since = h.teams.connectorCalls.length;
    const claimed = answeredCard(await execute('card_claim', { r: r0.id, s: 'submitted', x: '' }, KARI));
    // Staff are named on the card (the people the app has met), not shown as Entra ids.
    const assigneeFact = JSON.stringify({ title: nb.card.assignee, value: KARI.name }).slice(1, -1);
    expect(JSON.stringify(claimed)).toContain(assigneeFact);
    await cardPut(r0, since, (t) => t.includes(assigneeFact));

    // Ask for information: the question reaches the vendor's Slack thread; the card says it waits.
    since = h.teams.connectorCalls.length;
    closed(await submitDialog(await openDialog('card_ask_info', r0, KARI), { question: 'Hvilket system gjelder det?' }, KARI));
    await vendorNote(r0, (t) => t.includes('Hvilket system gjelder det?'));
    await cardPut(r0, since, (t) => t.includes(nb.status.needs_info));

    // The vendor answers in Slack: mirrored to the card's reply chain, Kari @mentioned.
    await writeInThread(h, r0, { user: VENDOR_USER, text: 'Det gjelder Regnskap Pro.' });
    const mirrored = await h.waitForReply(r0, (t) => t.includes('Regnskap Pro'));
    expect(mirrored).toContain(`<at>${KARI.name}</at>`);
    const mirroredCall = replyChainCalls().find((c) => cardText(c).includes('Regnskap Pro'))!;
    const entities = (mirroredCall.activity.attachments as { content: { msteams: { entities: { mentioned: { id: string } }[] } } }[])[0]!.content.msteams.entities;
    expect(entities.map((e) => e.mentioned.id)).toEqual([KARI.id]);

    // Resume: the dialog offers the vendor's answer; the request is back at its step.
    const needsInfo = await reload(h, r0);
    expect(needsInfo.status).toBe('needs_info');
    const resume = await openDialog('card_resume', needsInfo, KARI);
    expect(inputOf(dialogCard(resume), 'answer')?.value).toBe('Det gjelder Regnskap Pro.');
    since = h.teams.connectorCalls.length;
    closed(await submitDialog(resume, { answer: 'Det gjelder Regnskap Pro.' }, KARI));
    const resumed = await reload(h, r0);
    expect(resumed.status).toBe('submitted');
    await cardPut(r0, since, (t) => !t.includes(nb.status.needs_info));

    // A reply to the vendor, in their Slack thread, naming a case officer (never an Entra id).
    since = h.teams.connectorCalls.length;
    closed(await submitDialog(await openDialog('card_reply_vendor', resumed, KARI), { reply: 'Takk, vi fortsetter.' }, KARI));
    const reply = await vendorNote(r0, (t) => t.includes('Takk, vi fortsetter.'));
    await cardPut(r0, since, (t) => t.includes(`${nb.eventLabel.staff_replied} · ${KARI.name}`));
    expect(allText(reply.args)).not.toContain(KARI.aad);

    // The Altinn step (fictitious enterprise): a dialog; the vendor hears of it in Slack.
    since = h.teams.connectorCalls.length;
    closed(await submitDialog(await openDialog('card_altinn', resumed, KARI), { fictitious_org_number: '991825827' }, KARI));
    await cardPut(r0, since, (t) => t.includes(nb.statusFictitiousCreated) && t.includes('991 825 827'));
    await vendorNote(r0, (t) => t.includes(JSON.stringify(nb.notes.altinnFictitious).slice(1, -1)));

    // The fødselsnummer through its dialog, confirmed as a test identity; the card shows it masked.
    const altinnDone = await reload(h, r0);
    since = h.teams.connectorCalls.length;
    closed(await submitDialog(await openDialog('card_register_fnr', altinnDone, KARI), { login_fnr: fnr, test_identity: 'confirmed_test_identity' }, KARI));
    await cardPut(r0, since, (t) => t.includes(`${'•'.repeat(9)}${fnr.slice(-2)}`));

    // The preview, then send: the confirmation reaches the mail server; the card says completed.
    const preview = dialogCard(await openDialog('card_send_confirmation', await reload(h, r0), KARI));
    expect(JSON.stringify(preview)).toContain(email);
    since = h.teams.connectorCalls.length;
    closed(await submitDialog({ card: preview }, {}, KARI));
    // (The question went by email too: the confirmation is the one that carries the fødselsnummer.)
    const mail = await h.smtp.awaitMessage((m) => m.envelope.to.includes(email) && (m.parsed.text ?? '').includes(fnr));
    expect(mail.parsed.subject).toContain(ref(r0));
    await cardPut(r0, since, (t) => t.includes(nb.status.completed));
    expect((await reload(h, r0)).status).toBe('completed');

    // One card, updated in place: no second card in the channel.
    expect(h.teams.channel(TEAMS_TRIAGE).filter((m) => cardText(m).includes(ref(r0)))).toHaveLength(1);
    // Every step audited as the Teams user.
    expect((await eventsOf(h, r0)).filter((e) => e.actorUserId === KARI.aad).map((e) => e.kind)).toEqual(
      ['claimed', 'needs_info', 'info_answered', 'staff_replied', 'altinn_done', 'fnr_real_confirmed', 'fnr_registered', 'completed'],
    );

    // No personal data in any Slack post, in the Teams reply chain, or in the log.
    const slack = allText(h.slack.calls);
    const chain = allText(replyChainCalls().map((c) => c.activity));
    const logs = h.logs.join('\n');
    for (const secret of [email, fnr, phone, phoneDigits]) {
      expect(slack, secret).not.toContain(secret);
      expect(chain, secret).not.toContain(secret);
      expect(logs, secret).not.toContain(secret);
    }
  });
});

describe('refusals in the mixed set-up', () => {
  const COLLEAGUE: TeamsUser = { id: '29:colleague', name: 'Per Kollega', aad: 'bbbbbbbb-0000-4000-8000-000000000077', locale: 'en-US' };
  const GUEST: TeamsUser = { ...KARI, id: '29:guest', tenant: OTHER_TENANT_ID };

  it('a colleague who is not staff, and a staff id from another tenant, get a refusal only they see; audited; the card is not touched', async () => {
    const r = await fileAndAwaitTeamsCard(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
    const before = h.teams.connectorCalls.length;
    expect(answeredMessage(await execute('card_claim', { r: r.id, s: 'submitted', x: '' }, COLLEAGUE))).toBe(en.staff.notAllowed);
    expect(answeredMessage(await execute('card_claim', { r: r.id, s: 'submitted', x: '' }, GUEST))).toBe(nb.staff.notAllowed);
    const dialog = await openDialog('card_reject', r, COLLEAGUE);
    expect(dialog.body?.task).toEqual({ type: 'message', value: en.staff.notAllowed });
    // Nothing posted or updated in Teams, nothing said in Slack.
    expect(h.teams.connectorCalls.length).toBe(before);
    expect((await reload(h, r)).assigneeUserId).toBeNull();
    const denied = await h.db.database.db.select().from(requestEvents).where(and(eq(requestEvents.requestId, r.id), eq(requestEvents.kind, 'denied')));
    expect(denied.map((e) => [e.actorUserId, e.details])).toEqual([
      [COLLEAGUE.aad, { action: 'claim', reason: 'not_staff' }],
      [KARI.aad, { action: 'claim', reason: 'other_tenant' }],
      [COLLEAGUE.aad, { action: 'reject', reason: 'not_staff' }],
    ]);
    expect(denied.map((e) => e.actorTeamId)).toEqual([TEAMS_TENANT, OTHER_TENANT_ID, TEAMS_TENANT]);
  });
});

describe('old clients: the Action.Submit fallback of an Action.Execute button', () => {
  /** The message activity a client without Universal Actions sends: the button's fallback data as `value`, in the card's reply chain. */
  const fallbackClick = (r: Pick<RequestRow, 'triageTs'>, data: Record<string, unknown>, who: TeamsUser) => {
    const a = invokeActivity(h.teams, 'unused', data, who, { conversationId: TEAMS_TRIAGE });
    delete a.name;
    return postActivity(h, h.teams, { ...a, type: 'message', text: '', replyToId: r.triageTs, conversation: { ...(a.conversation as object), id: `${TEAMS_TRIAGE};messageid=${r.triageTs}` } });
  };

  it('takes the same path as the invoke: the step is taken and the card updated for everyone, once', async () => {
    const r = await fileAndAwaitTeamsCard(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
    const since = h.teams.connectorCalls.length;
    const answer = await fallbackClick(r, { r: r.id, s: 'submitted', x: '', verb: 'card_claim' }, KARI);
    expect(answer.status).toBeLessThan(300);
    await cardPut(r, since, (t) => t.includes(KARI.aad));
    expect((await reload(h, r)).assigneeUserId).toBe(KARI.aad);
    // Nothing said in the channel: what the invoke would tell the clicker alone has no private way back here.
    expect(h.teams.connectorCalls.slice(since).filter((c) => c.method === 'POST')).toEqual([]);
    // Sent again (a double tap): claimed once.
    await fallbackClick(r, { r: r.id, s: 'submitted', x: '', verb: 'card_claim' }, KARI);
    expect((await eventsOf(h, r)).filter((e) => e.kind === 'claimed')).toHaveLength(1);
  });

  it('refuses a non-staff click the same way, audited, and posts nothing in the channel', async () => {
    const r = await fileAndAwaitTeamsCard(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
    const before = h.teams.connectorCalls.length;
    const outsider: TeamsUser = { id: '29:colleague-2', name: 'Per Kollega', aad: 'bbbbbbbb-0000-4000-8000-000000000078', locale: 'nb-NO' };
    expect((await fallbackClick(r, { r: r.id, s: 'submitted', x: '', verb: 'card_claim' }, outsider)).status).toBeLessThan(300);
    expect((await reload(h, r)).assigneeUserId).toBeNull();
    expect(h.teams.connectorCalls.length).toBe(before);
    const denied = (await eventsOf(h, r)).filter((e) => e.kind === 'denied');
    expect(denied.map((e) => [e.actorUserId, e.details])).toEqual([[outsider.aad, { action: 'claim', reason: 'not_staff' }]]);
  });
});
