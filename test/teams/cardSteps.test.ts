import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox, requestEvents, teamsPeople, type RequestRow } from '../../src/db/schema.js';
import { texts } from '../../src/domain/texts/index.js';
import { startFakeTeams, type FakeTeams } from '../support/fakeTeams.js';
import { generate } from '../support/fnr.js';
import { startHarness, VENDOR_USER, type Harness } from '../support/harness.js';
import { DELEGATION, FICTITIOUS, freshOrgNumber } from '../support/intake.js';
import { awaitCard, eventsOf, fileAndAwaitCard, reload } from '../support/triage.js';
import {
  answeredCard,
  answeredMessage,
  buttonData,
  closed,
  dialogCard,
  dialogInfo,
  elementAfter,
  inputOf,
  invokeActivity,
  T_NOT_IN_TEAM,
  T_OUTSIDER,
  T_STAFF,
  T_STAFF_2,
  teamsEnv,
  teamsOptions,
  teamsInvokers,
  textBlocks,
  type TeamsUser,
} from './support.js';

let teams: FakeTeams;
let h: Harness;
beforeAll(async () => {
  teams = await startFakeTeams(teamsOptions);
  // Triage is still Slack's channel here (the Teams triage start-up is another change): the invokes drive the same use cases by request id.
  h = await startHarness({ env: teamsEnv(teams) });
});
afterAll(async () => {
  await h?.stop();
  await teams?.close();
});

/** Valid, but not a synthetic test number: it could be a real person's. */
const REAL_LOOKING_FNR = generate('010180');
const nb = texts('nb');
const en = texts('en');
const ref = (r: { number: number }) => `TT02-${String(r.number).padStart(4, '0')}`;

const { post, execute, openDialog, submitDialog } = teamsInvokers(() => ({ h, teams }));

async function deniedEvents(who: TeamsUser) {
  return h.db.database.db.select().from(requestEvents).where(and(eq(requestEvents.kind, 'denied'), eq(requestEvents.actorUserId, who.aad)));
}

describe('the whole staff journey in Teams', () => {
  it('claim → Altinn (fictitious, an error first) → fødselsnummer (the test-identity confirmation) → preview → send: the confirmation reaches the mail server', async () => {
    const contact = `kari.${Date.now()}@acme.no`;
    const r0 = await fileAndAwaitCard(h, VENDOR_USER, { ...FICTITIOUS, contact_email: contact, vendor_org_number: freshOrgNumber() });

    // Claim: the answer is the updated card for the clicker, naming the claimer, with the next steps.
    const claimed = answeredCard(await execute('card_claim', { r: r0.id, s: 'submitted', x: '' }));
    expect(JSON.stringify(claimed)).toContain(T_STAFF.aad);
    expect((await reload(h, r0)).assigneeUserId).toBe(T_STAFF.aad);
    const altinnButton = buttonData(claimed, 'card_altinn');
    expect(altinnButton).toMatchObject({ r: r0.id, s: 'submitted', msteams: { type: 'task/fetch' } });

    // Altinn, fictitious enterprise: a dialog; a wrong number is shown under its input, in the staff member's language, the value kept.
    const altinn = await openDialog('card_altinn', r0);
    expect(dialogInfo(altinn).title).toBe(nb.staff.fictitiousModal.title);
    const wrong = await submitDialog(altinn, { fictitious_org_number: '123' });
    const again = dialogCard(wrong);
    expect(inputOf(again, 'fictitious_org_number')?.value).toBe('123');
    expect(elementAfter(again, 'fictitious_org_number')).toMatchObject({ type: 'TextBlock', color: 'Attention', text: nb.errors.org_format });
    expect((await reload(h, r0)).status).toBe('submitted');
    closed(await submitDialog(wrong, { fictitious_org_number: '991825827' }));
    const r1 = await reload(h, r0);
    expect(r1).toMatchObject({ status: 'altinn_done', fictitiousOrgNumber: '991825827' });

    // The fødselsnummer: a number that is not synthetic needs the explicit confirmation, asked under the toggle.
    const fnr = await openDialog('card_register_fnr', r1);
    const unconfirmed = dialogCard(await submitDialog(fnr, { login_fnr: REAL_LOOKING_FNR, test_identity: '' }));
    expect(elementAfter(unconfirmed, 'test_identity')).toMatchObject({ type: 'TextBlock', color: 'Attention', text: nb.staff.errors.fnr_needs_confirmation });
    expect(inputOf(unconfirmed, 'login_fnr')?.value).toBe(REAL_LOOKING_FNR);
    expect((await reload(h, r0)).loginFnr).toBeNull();
    const badDigits = dialogCard(await submitDialog(fnr, { login_fnr: '12345678901' }));
    expect(elementAfter(badDigits, 'login_fnr')).toMatchObject({ color: 'Attention' });
    closed(await submitDialog(fnr, { login_fnr: REAL_LOOKING_FNR, test_identity: 'confirmed_test_identity' }));
    const r2 = await reload(h, r0);
    expect(r2.status).toBe('fnr_registered');
    expect((await eventsOf(h, r0)).map((e) => e.kind)).toContain('fnr_real_confirmed');

    // The preview: the email as it will go out, the number masked; its button sends it.
    const preview = dialogCard(await openDialog('card_send_confirmation', r2));
    const shown = JSON.stringify(preview);
    expect(shown).toContain(contact);
    expect(shown).toContain(ref(r0));
    expect(shown).not.toContain(REAL_LOOKING_FNR);
    expect(shown).toContain(`•••••••••${REAL_LOOKING_FNR.slice(-2)}`);
    expect(h.smtp.messages.filter((m) => m.envelope.to.includes(contact))).toHaveLength(0);
    closed(await submitDialog({ card: preview }, {}));
    expect((await reload(h, r0)).status).toBe('completed');
    const mail = await h.smtp.awaitMessage((m) => m.envelope.to.includes(contact));
    expect(mail.parsed.subject).toContain(ref(r0));
    expect(mail.parsed.text).toContain(REAL_LOOKING_FNR);

    // Every step audited as the Teams user (Entra object id, our tenant); no personal data in any log line.
    const events = await eventsOf(h, r0);
    expect(events.filter((e) => e.kind !== 'submitted' && e.actorUserId === T_STAFF.aad).map((e) => e.kind)).toEqual(
      expect.arrayContaining(['claimed', 'altinn_done', 'fnr_registered', 'completed']),
    );
    const logs = h.logs.join('\n');
    expect(logs).not.toContain(REAL_LOOKING_FNR);
    expect(logs).not.toContain(contact);
  });

  it('customer delegation: the Altinn step is one click; ask for information, resume, reply, reject with a reason', async () => {
    const r0 = await fileAndAwaitCard(h, VENDOR_USER, { ...DELEGATION, vendor_org_number: freshOrgNumber(), customer_org_number: freshOrgNumber() });
    const card = answeredCard(await execute('card_altinn', { r: r0.id, s: 'submitted' }));
    expect(JSON.stringify(card)).toContain(nb.status.altinn_done);
    const r1 = await reload(h, r0);
    expect(r1).toMatchObject({ status: 'altinn_done', assigneeUserId: T_STAFF.aad });

    // Ask: an empty question is an error under its input; a question pauses the request.
    const ask = await openDialog('card_ask_info', r1);
    expect(elementAfter(dialogCard(await submitDialog(ask, { question: '   ' })), 'question')).toMatchObject({ text: nb.staff.errors.required, color: 'Attention' });
    closed(await submitDialog(ask, { question: 'Hvilket miljø gjelder det?' }));
    const r2 = await reload(h, r0);
    expect(r2).toMatchObject({ status: 'needs_info', openQuestion: 'Hvilket miljø gjelder det?' });

    // Resume with the vendor's answer, then reply to the vendor.
    closed(await submitDialog(await openDialog('card_resume', r2), { answer: 'TT02, takk.' }));
    const r3 = await reload(h, r0);
    expect(r3).toMatchObject({ status: 'altinn_done', lastAnswer: 'TT02, takk.' });
    closed(await submitDialog(await openDialog('card_reply_vendor', r3), { reply: 'Vi ser på det nå.' }));
    expect((await eventsOf(h, r0)).map((e) => e.kind)).toContain('staff_replied');

    // Reject with a reason.
    closed(await submitDialog(await openDialog('card_reject', r3), { reason: 'Dere har allerede tilgang.' }));
    expect(await reload(h, r0)).toMatchObject({ status: 'rejected', rejectionReason: 'Dere har allerede tilgang.' });
  });

  it('fix contact: each wrong field gets its error under it (English for an English Teams), the typed values kept; then saved', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, { ...DELEGATION, vendor_org_number: freshOrgNumber(), customer_org_number: freshOrgNumber() });
    const dialog = await openDialog('card_fix_contact', r, T_STAFF_2);
    expect(dialogInfo(dialog).title).toBe(en.conversation.contactModal.title);
    expect(inputOf(dialogCard(dialog), 'contact_email')?.value).toBe('kari@acme.no');
    const errors = dialogCard(await submitDialog(dialog, { contact_email: 'not-an-email', contact_phone: '12', customer_email: 'post@kundebakeri.no', customer_phone: '+47 987 65 432' }, T_STAFF_2));
    expect(elementAfter(errors, 'contact_email')).toMatchObject({ color: 'Attention', text: en.errors.email_format });
    expect(elementAfter(errors, 'contact_phone')).toMatchObject({ color: 'Attention' });
    expect(inputOf(errors, 'contact_email')?.value).toBe('not-an-email');
    expect(elementAfter(errors, 'customer_email')?.color).not.toBe('Attention');
    closed(await submitDialog(dialog, { contact_email: 'ny@acme.no', contact_phone: '+47 412 34 567', customer_email: 'post@kundebakeri.no', customer_phone: '+47 987 65 432' }, T_STAFF_2));
    expect((await reload(h, r)).contactEmail).toBe('ny@acme.no');
    expect(h.logs.join('\n')).not.toContain('ny@acme.no');
  });
});

/** Altinn (fictitious) and the fødselsnummer through the Teams dialogs. */
async function advanceToFnrRegistered(r: RequestRow, fnr: string): Promise<RequestRow> {
  closed(await submitDialog(await openDialog('card_altinn', r), { fictitious_org_number: '991825827' }));
  closed(await submitDialog(await openDialog('card_register_fnr', await reload(h, r)), { login_fnr: fnr }));
  return reload(h, r);
}

describe('send an email again', () => {
  it('a confirmation given up dropped its fødselsnummer: "send again" answers with the card whose button asks for it in a dialog, checked as at its step, then sent', async () => {
    const contact = `dropped.${Date.now()}@acme.no`;
    const fnr = generate('268190', 0, 400);
    h.smtp.rejectRecipient(contact);
    const r0 = await fileAndAwaitCard(h, VENDOR_USER, { ...FICTITIOUS, contact_email: contact, vendor_org_number: freshOrgNumber() });
    const r = await advanceToFnrRegistered(r0, fnr);
    closed(await submitDialog({ card: dialogCard(await openDialog('card_send_confirmation', r)) }, {}));
    await awaitCard(h, r, (c) => c.includes(':x: Feiler'));
    const [row] = (await h.db.database.db.select().from(outbox).where(eq(outbox.requestId, r.id))).filter((o) => o.kind === 'mail.confirmation');
    expect(row).toMatchObject({ status: 'failed' });
    h.smtp.clearRejections();

    const given = await reload(h, r);
    const answer = answeredCard(await execute('card_retry_mail', { r: r.id, s: given.status, x: String(row!.id) }));
    expect(answer.body[0]).toMatchObject({ color: 'Attention', text: expect.stringContaining(ref(r)) });
    expect(buttonData(answer, 'card_retry_mail')).toMatchObject({ x: String(row!.id), msteams: { type: 'task/fetch' } });

    const dialog = await openDialog('card_retry_mail', given, T_STAFF, String(row!.id));
    expect(textBlocks(dialogCard(dialog)).join('\n')).toContain('fødselsnummeret ble slettet');
    const refused = dialogCard(await submitDialog(dialog, { login_fnr: generate('080190', 0, 500) }));
    expect(elementAfter(refused, 'test_identity')).toMatchObject({ color: 'Attention', text: nb.staff.errors.fnr_needs_confirmation });
    closed(await submitDialog(dialog, { login_fnr: fnr }));
    const mail = await h.smtp.awaitMessage((m) => m.envelope.to.includes(contact));
    expect(mail.parsed.text).toContain(fnr);
    expect(h.logs.join('\n')).not.toContain(fnr);
  });

  it('a given-up rejection email is sent again with one click: the answer is the updated card', async () => {
    const contact = `rejected.${Date.now()}@acme.no`;
    h.smtp.rejectRecipient(contact);
    const r = await fileAndAwaitCard(h, VENDOR_USER, { ...FICTITIOUS, contact_email: contact, vendor_org_number: freshOrgNumber() });
    closed(await submitDialog(await openDialog('card_reject', r), { reason: 'Ikke aktuelt.' }));
    await awaitCard(h, r, (c) => c.includes('card_retry_mail'));
    const [row] = (await h.db.database.db.select().from(outbox).where(eq(outbox.requestId, r.id))).filter((o) => o.kind === 'mail.rejection');
    expect(row).toMatchObject({ status: 'failed' });
    h.smtp.clearRejections();
    const rejected = await reload(h, r);
    answeredCard(await execute('card_retry_mail', { r: r.id, s: rejected.status, x: String(row!.id) }));
    await h.smtp.awaitMessage((m) => m.envelope.to.includes(contact));
    expect((await eventsOf(h, r)).filter((e) => e.kind === 'mail_retry')).toHaveLength(1);
    // Clicked again (a retry, or a second colleague): nothing left to send, said to the clicker only.
    expect(answeredMessage(await execute('card_retry_mail', { r: r.id, s: rejected.status, x: String(row!.id) }))).toBe(nb.confirmation.nothingToRetry);
  });
});

describe('assign with the people picker', () => {
  it('the choice must be staff and in the triage team; the chosen person is looked up in the roster and remembered', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
    const dialog = await openDialog('card_assign', r);
    const picker = inputOf(dialogCard(dialog), 'assignee');
    expect(picker).toMatchObject({ type: 'Input.ChoiceSet', 'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' } });

    const notStaff = dialogCard(await submitDialog(dialog, { assignee: T_OUTSIDER.aad }));
    expect(elementAfter(notStaff, 'assignee')).toMatchObject({ color: 'Attention', text: nb.conversation.assignModal.notStaff });
    expect(inputOf(notStaff, 'assignee')?.value).toBe(T_OUTSIDER.aad);
    const notInTeam = dialogCard(await submitDialog(dialog, { assignee: T_NOT_IN_TEAM.aad }));
    expect(elementAfter(notInTeam, 'assignee')).toMatchObject({ color: 'Attention', text: nb.conversation.assignModal.notInTeam });
    expect((await reload(h, r)).assigneeUserId).toBeNull();

    closed(await submitDialog(dialog, { assignee: T_STAFF_2.aad }));
    expect((await reload(h, r)).assigneeUserId).toBe(T_STAFF_2.aad);
    expect(teams.rosterCalls).toContainEqual({ conversationId: '19:triage0123456789@thread.tacv2', memberId: T_STAFF_2.aad });
    const [person] = await h.db.database.db.select().from(teamsPeople).where(eq(teamsPeople.aadObjectId, T_STAFF_2.aad));
    expect(person).toMatchObject({ teamsUserId: T_STAFF_2.id, name: T_STAFF_2.name });
    const assigned = (await eventsOf(h, r)).find((e) => e.kind === 'assigned');
    expect(assigned).toMatchObject({ actorUserId: T_STAFF.aad, details: { to: T_STAFF_2.aad } });
    // The roster's answer carries the person's email: never logged.
    expect(h.logs.join('\n')).not.toContain('ola@brreg.test');
  });
});

describe('stale cards and retries', () => {
  it('a click on a card that shows an old status answers with the refreshed card and says the request moved on', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, { ...DELEGATION, vendor_org_number: freshOrgNumber(), customer_org_number: freshOrgNumber() });
    answeredCard(await execute('card_altinn', { r: r.id, s: 'submitted' }));
    const stale = answeredCard(await execute('card_altinn', { r: r.id, s: 'submitted' }, T_STAFF_2));
    expect(stale.body[0]).toMatchObject({ type: 'TextBlock', color: 'Attention', text: expect.stringContaining(ref(r)) });
    expect(stale.body[0]?.text).toContain(en.status.altinn_done);
    expect(buttonData(stale, 'card_register_fnr')).toMatchObject({ s: 'altinn_done' });
    expect((await eventsOf(h, r)).filter((e) => e.kind === 'altinn_done')).toHaveLength(1);

    // A dialog opened from the old card says so too, instead of opening.
    const dialog = await openDialog('card_ask_info', { id: r.id, status: 'submitted' });
    expect(dialog.body?.task).toMatchObject({ type: 'message', value: expect.stringContaining(ref(r)) });
  });

  it('Teams retrying a claim (no answer within 5 s) claims once; the retry answers with the card, "already yours"', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
    const activity = invokeActivity(teams, 'adaptiveCard/action', { action: { type: 'Action.Execute', verb: 'card_claim', data: { r: r.id, s: 'submitted', x: '' } }, trigger: 'manual' }, T_STAFF);
    const [a, b] = await Promise.all([post(activity), post(activity)]);
    const cards = [answeredCard(a), answeredCard(b)];
    expect(cards.some((c) => textBlocks(c)[0] === nb.staff.alreadyYours(ref(r)))).toBe(true);
    expect((await eventsOf(h, r)).filter((e) => e.kind === 'claimed')).toHaveLength(1);
  });

  it('a submitted dialog that a colleague overtook answers that the request moved on, and changes nothing', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
    const reject = await openDialog('card_reject', r);
    closed(await submitDialog(await openDialog('card_ask_info', r, T_STAFF_2), { question: 'Hvem er kontaktpersonen?' }, T_STAFF_2));
    const late = await submitDialog(reject, { reason: 'Duplikat.' });
    expect(late.body?.task).toMatchObject({ type: 'message', value: expect.stringContaining(ref(r)) });
    expect((await reload(h, r)).status).toBe('needs_info');
  });
});

describe('a dialog submitted again', () => {
  it('once its step is done, the same dialog is that one step and simply closes; another dialog opened before is told the request moved on', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
    const mine = await openDialog('card_ask_info', r);
    const colleagues = await openDialog('card_ask_info', r, T_STAFF_2);
    closed(await submitDialog(mine, { question: 'Hvem er kontaktpersonen?' }));
    // As after a slow answer: the same dialog sent again.
    closed(await submitDialog(mine, { question: 'Hvem er kontaktpersonen?' }));
    const late = await submitDialog(colleagues, { question: 'Og hvem er kunden?' }, T_STAFF_2);
    expect(late.body?.task).toMatchObject({ type: 'message', value: expect.stringContaining(ref(r)) });
    expect((await eventsOf(h, r)).filter((e) => e.kind === 'needs_info')).toHaveLength(1);
    expect((await reload(h, r)).openQuestion).toBe('Hvem er kontaktpersonen?');
  });
});

describe('refusals', () => {
  it('someone who is not staff gets a refusal only they see (the invoke answer), in their language, and the attempt is audited', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
    const before = teams.connectorCalls.length;
    expect(answeredMessage(await execute('card_claim', { r: r.id, s: 'submitted', x: '' }, T_OUTSIDER))).toBe(en.staff.notAllowed);
    const dialog = await openDialog('card_reject', r, T_OUTSIDER);
    expect(dialog.body?.task).toEqual({ type: 'message', value: en.staff.notAllowed });
    expect(teams.connectorCalls.length).toBe(before);
    expect((await reload(h, r)).assigneeUserId).toBeNull();
    const denied = (await deniedEvents(T_OUTSIDER)).filter((e) => e.requestId === r.id);
    expect(denied.map((e) => e.details)).toEqual([
      { action: 'claim', reason: 'not_staff' },
      { action: 'reject', reason: 'not_staff' },
    ]);
    expect(denied[0]!.actorTeamId).toBe(teamsOptions.tenantId);
    // The card's history names who was refused, as Teams named them, never by their Entra object id.
    const card = JSON.stringify(answeredCard(await execute('card_claim', { r: r.id, s: 'submitted', x: '' }, T_STAFF)));
    expect(card).toContain(`${nb.eventLabel.denied} · ${T_OUTSIDER.name}`);
    expect(card).not.toContain(T_OUTSIDER.aad);
  });

  it('a staff member’s object id from another tenant is never staff', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
    const guest: TeamsUser = { ...T_STAFF, tenant: '12345678-1234-1234-1234-123456789012' };
    expect(answeredMessage(await execute('card_claim', { r: r.id, s: 'submitted', x: '' }, guest))).toBe(nb.staff.notAllowed);
    expect((await reload(h, r)).assigneeUserId).toBeNull();
    const denied = (await eventsOf(h, r)).filter((e) => e.kind === 'denied');
    expect(denied.map((e) => e.details)).toEqual([{ action: 'claim', reason: 'other_tenant' }]);
  });

  it('a staff-group member is staff once Graph says so; a failing or slow Graph refuses, says so, and is audited', async () => {
    const [failing, slow, member] = teamsOptions.members['19:triage0123456789@thread.tacv2']!.slice(2).map((m, i) => ({ id: m.id, name: m.name, aad: m.aadObjectId, locale: i === 0 ? 'en-GB' : 'nb-NO' }));
    const r = await fileAndAwaitCard(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
    try {
      teams.graphMode = 'fail';
      expect(answeredMessage(await execute('card_claim', { r: r.id, s: 'submitted', x: '' }, failing!))).toBe(en.refusals.staffCheckFailed);
      teams.graphMode = 'slow';
      const slowAnswer = await execute('card_claim', { r: r.id, s: 'submitted', x: '' }, slow!);
      expect(answeredMessage(slowAnswer)).toBe(nb.refusals.staffCheckFailed);
      // Answered well within the 5 s Teams waits before retrying.
      expect(slowAnswer.ms).toBeLessThan(4000);
    } finally {
      teams.graphMode = 'ok';
    }
    expect((await reload(h, r)).assigneeUserId).toBeNull();
    expect((await eventsOf(h, r)).filter((e) => e.kind === 'denied').map((e) => e.details)).toEqual([
      { action: 'claim', reason: 'staff_check_failed' },
      { action: 'claim', reason: 'staff_check_failed' },
    ]);
    const calls = teams.graphCalls.length;
    answeredCard(await execute('card_claim', { r: r.id, s: 'submitted', x: '' }, member!));
    expect((await reload(h, r)).assigneeUserId).toBe(member!.aad);
    expect(teams.graphCalls.slice(calls)).toEqual([{ userId: member!.aad, groupIds: ['abcdefab-0000-4000-8000-000000000099'], token: expect.any(String) }]);
    // The answer is kept for STAFF_CACHE_SECONDS: the next click asks Graph nothing.
    answeredCard(await execute('card_claim', { r: r.id, s: 'submitted', x: member!.aad }, member!));
    expect(teams.graphCalls.length).toBe(calls + 1);
    // The group check used the bot's own token for Graph's scope.
    expect(teams.tokenRequests.some((t) => t.form.scope === `${teams.graphUrl}/.default`)).toBe(true);
  });

  it('an invoke with a bad token, a wrong audience or a wrong serviceurl is refused 401 and changes nothing', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
    const activity = invokeActivity(teams, 'adaptiveCard/action', { action: { type: 'Action.Execute', verb: 'card_claim', data: { r: r.id, s: 'submitted', x: '' } } }, T_STAFF);
    for (const authorization of [
      'Bearer not-a-token',
      teams.sign(activity, { claims: { aud: '00000000-0000-0000-0000-000000000000' } }),
      teams.sign(activity, { claims: { serviceurl: 'https://smba.trafficmanager.net/emea/' } }),
    ]) {
      expect((await post(activity, authorization)).status).toBe(401);
    }
    expect((await reload(h, r)).assigneeUserId).toBeNull();
    expect((await eventsOf(h, r)).map((e) => e.kind)).toEqual(['submitted']);
  });

  it('a button whose data was tampered with is refused and audited as malformed', async () => {
    const answer = await execute('card_claim', { r: 'not-a-uuid', s: 'submitted' });
    expect(answeredMessage(answer)).toBe(nb.refusals.unreadableButton);
    expect((await deniedEvents(T_STAFF)).map((e) => e.details)).toContainEqual({ action: 'claim', reason: 'malformed_value', channelId: '19:triage0123456789@thread.tacv2' });
  });
});
