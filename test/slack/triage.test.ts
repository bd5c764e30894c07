import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF, STAFF_2, GROUP_STAFF, INTERNAL_CHANNEL, TRIAGE, VENDOR_CHANNEL, VENDOR_USER, VENDOR_USER_EN, startHarness, type Harness } from '../support/harness.js';
import { DELEGATION, FICTITIOUS, freshOrgNumber } from '../support/intake.js';
import { generate } from '../support/fnr.js';
import {
  allText,
  awaitCard,
  awaitModal,
  awaitThreadNote,
  clickCard,
  clickVendorButton,
  ephemeralsTo,
  eventsOf,
  fileAndAwaitCard,
  reload,
  submitModal,
  text,
  threadNotes,
  ticked,
} from '../support/triage.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const SYNTHETIC_FNR = generate('158190'); // 15 Jan 1990, Tenor (month + 80)
const REAL_LOOKING_FNR = generate('150190'); // an ordinary-looking number: could be a real person's

const delegation = () => ({ ...DELEGATION, vendor_org_number: freshOrgNumber(), customer_org_number: freshOrgNumber() });
const fictitious = () => ({ ...FICTITIOUS, vendor_org_number: freshOrgNumber() });

describe('the staff workflow on the triage card', () => {
  it('takes a customer-delegation request from submitted to fødselsnummer registered, keeping the vendor informed', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, delegation());

    await clickCard(h, { user: STAFF, actionId: 'card_claim', request: r, extra: '' });
    await awaitCard(h, r, (c) => c.includes(`<@${STAFF}>`) && c.includes('Overta saken'));
    expect((await reload(h, r)).assigneeUserId).toBe(STAFF);

    await clickCard(h, { user: STAFF, actionId: 'card_altinn', request: r });
    const card = await awaitCard(h, r, (c) => c.includes('Lest inn i TT02') && c.includes('Registrer fødselsnummer'));
    expect(card).not.toContain('card_altinn');
    await awaitThreadNote(h, r, (s) => s.includes('lest inn i TT02'));

    const opened = h.slack.callsOf('views.open').length;
    await clickCard(h, { user: STAFF, actionId: 'card_register_fnr', request: await reload(h, r) });
    const modal = await awaitModal(h, 'staff_register_fnr', opened);
    const res = await submitModal(h, { user: STAFF, callbackId: 'staff_register_fnr', privateMetadata: modal.view.private_metadata, values: text('login_fnr', SYNTHETIC_FNR) });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const after = await reload(h, r);
    expect(after).toMatchObject({ status: 'fnr_registered', loginFnr: SYNTHETIC_FNR, loginFnrKind: 'synthetic' });
    const fnrCard = await awaitCard(h, r, (c) => c.includes('Fødselsnummer registrert'));
    expect(fnrCard).toContain(`•••••••••${SYNTHETIC_FNR.slice(-2)}`);
    expect(fnrCard).not.toContain(SYNTHETIC_FNR);
    await awaitThreadNote(h, r, (s) => s.includes('Testbrukeren dere skal logge inn i TT02 med, er klar'));
    // The vendor reads about itself in the second person, in the receipt's status too.
    await h.slack.waitFor('chat.update', (a) => a.channel === VENDOR_CHANNEL && a.ts === after.receiptTs && allText(a.blocks).includes('Testbrukeren er klar'));
    for (const note of threadNotes(h, r)) expect(allText(note.args)).not.toContain(SYNTHETIC_FNR);
    expect(h.logs.join('\n')).not.toContain(SYNTHETIC_FNR);

    const kinds = (await eventsOf(h, r)).map((e) => e.kind);
    expect(kinds).toEqual(['submitted', 'claimed', 'altinn_done', 'fnr_registered']);
  });

  it('records the fictitious enterprise’s organisation number, validated like any organisation number', async () => {
    const fields = fictitious();
    const r = await fileAndAwaitCard(h, VENDOR_USER_EN, fields);
    const opened = h.slack.callsOf('views.open').length;
    await clickCard(h, { user: STAFF, actionId: 'card_altinn', request: r });
    const modal = await awaitModal(h, 'staff_fictitious_org', opened);
    const submit = (v: string) =>
      submitModal(h, { user: STAFF, callbackId: 'staff_fictitious_org', privateMetadata: modal.view.private_metadata, values: text('fictitious_org_number', v) });

    expect((await submit('12345678')).body).toMatchObject({ response_action: 'errors', errors: { fictitious_org_number: expect.stringContaining('9 siffer') } });
    expect((await submit('974760674')).body).toMatchObject({ errors: { fictitious_org_number: expect.stringContaining('kontrollsifferet') } });
    expect((await submit(fields.vendor_org_number!)).body).toMatchObject({ errors: { fictitious_org_number: expect.stringContaining('annet organisasjonsnummer') } });
    const fictitiousNumber = freshOrgNumber();
    const ok = await submit(fictitiousNumber);
    expect(ok.text).toBe('');
    expect(await reload(h, r)).toMatchObject({ status: 'altinn_done', fictitiousOrgNumber: fictitiousNumber });
    // The vendor wrote in English: their thread note is English.
    await awaitThreadNote(h, r, (s) => s.includes('fictitious enterprise has been created'));
    // The status fits the access type: the step created the enterprise, nothing was "read into TT02".
    await awaitCard(h, r, (c) => c.includes('Fiktiv virksomhet opprettet') && !c.includes('Lest inn i TT02'));
    await h.slack.waitFor('chat.update', (a) => a.channel === VENDOR_CHANNEL && a.ts === r.receiptTs && allText(a.blocks).includes('Status:* Fictitious enterprise created'));
  });

  it('a fødselsnummer that is not synthetic needs an explicit, audited confirmation', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, fictitious());
    const first = h.slack.callsOf('views.open').length;
    await clickCard(h, { user: STAFF, actionId: 'card_altinn', request: r });
    const m1 = await awaitModal(h, 'staff_fictitious_org', first);
    await submitModal(h, { user: STAFF, callbackId: 'staff_fictitious_org', privateMetadata: m1.view.private_metadata, values: text('fictitious_org_number', freshOrgNumber()) });
    const current = await reload(h, r);
    expect(current.status).toBe('altinn_done');

    const opened = h.slack.callsOf('views.open').length;
    await clickCard(h, { user: STAFF, actionId: 'card_register_fnr', request: current });
    const modal = await awaitModal(h, 'staff_register_fnr', opened);
    const submit = (values: Parameters<typeof submitModal>[1]['values']) =>
      submitModal(h, { user: STAFF, callbackId: 'staff_register_fnr', privateMetadata: modal.view.private_metadata, values });

    expect((await submit(text('login_fnr', '1234567890'))).body).toMatchObject({ errors: { login_fnr: expect.stringContaining('11 siffer') } });
    const badCheck = REAL_LOOKING_FNR.slice(0, 10) + String((Number(REAL_LOOKING_FNR[10]) + 1) % 10);
    expect((await submit(text('login_fnr', badCheck))).body).toMatchObject({ errors: { login_fnr: expect.stringContaining('Kontrollsifrene') } });
    const unconfirmed = await submit(text('login_fnr', REAL_LOOKING_FNR));
    expect(unconfirmed.body).toMatchObject({ errors: { test_identity: expect.stringContaining('ekte person') } });
    expect((await reload(h, r)).loginFnr).toBeNull();

    const confirmed = await submit({ ...text('login_fnr', REAL_LOOKING_FNR), ...ticked('test_identity', 'confirmed_test_identity') });
    expect(confirmed.text).toBe('');
    expect(await reload(h, r)).toMatchObject({ status: 'fnr_registered', loginFnr: REAL_LOOKING_FNR, loginFnrKind: 'fnr' });
    const events = await eventsOf(h, r);
    const confirmation = events.find((e) => e.kind === 'fnr_real_confirmed');
    expect(confirmation).toMatchObject({ actorUserId: STAFF });
    expect(allText(events)).not.toContain(REAL_LOOKING_FNR);
  });

  it('members of the staff user group count as staff', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, fictitious());
    await clickCard(h, { user: GROUP_STAFF, actionId: 'card_claim', request: r, extra: '' });
    await awaitCard(h, r, (c) => c.includes(`<@${GROUP_STAFF}>`));
  });
});

describe('who may act', () => {
  it('a vendor (external user) clicking a staff button is told no, nothing changes, and the attempt is audited', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, delegation());
    const before = ephemeralsTo(h, VENDOR_USER).length;
    const res = await clickCard(h, { user: VENDOR_USER, team: 'TVENDOR01', actionId: 'card_altinn', request: r });
    expect(res.status).toBe(200);
    await h.slack.waitFor('chat.postEphemeral', (a) => a.user === VENDOR_USER && ephemeralsTo(h, VENDOR_USER).length > before);
    expect(allText(ephemeralsTo(h, VENDOR_USER).at(-1)!.args.text)).toContain('Bare Brønnøysundregistrenes saksbehandlere');
    expect((await reload(h, r)).status).toBe('submitted');
    const denied = (await eventsOf(h, r)).filter((e) => e.kind === 'denied');
    expect(denied).toEqual([expect.objectContaining({ actorUserId: VENDOR_USER, actorTeamId: 'TVENDOR01', details: { action: 'record_altinn', reason: 'not_staff' } })]);
  });

  it('staff clicking from another channel than triage are refused as well', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, delegation());
    const before = ephemeralsTo(h, STAFF_2).length;
    await clickCard(h, { user: STAFF_2, actionId: 'card_claim', request: r, extra: '', channel: INTERNAL_CHANNEL });
    await h.slack.waitFor('chat.postEphemeral', () => ephemeralsTo(h, STAFF_2).length > before);
    expect((await reload(h, r)).assigneeUserId).toBeNull();
    expect((await eventsOf(h, r)).some((e) => e.kind === 'denied' && (e.details as { reason: string }).reason === 'wrong_channel')).toBe(true);
  });
});

describe('concurrency and stale cards', () => {
  it('ten staff clicking the same step at once move the request once and post one vendor note', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, delegation());
    const users = [STAFF, STAFF_2];
    const clicks = Array.from({ length: 10 }, (_, i) => clickCard(h, { user: users[i % 2]!, actionId: 'card_altinn', request: r }));
    const answers = await Promise.all(clicks);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    await awaitThreadNote(h, r, (s) => s.includes('lest inn i TT02'));
    // The nine losers are each told kindly (ephemeral) that someone else was quicker.
    await h.slack.waitFor('chat.postEphemeral', () =>
      h.slack.callsOf('chat.postEphemeral').filter((c) => allText(c.args.text).includes('Noen andre har nettopp endret')).length >= 9,
    );
    const transitions = (await eventsOf(h, r)).filter((e) => e.kind === 'altinn_done');
    expect(transitions).toHaveLength(1);
    expect(threadNotes(h, r).filter((n) => allText(n.args.blocks).includes('lest inn i TT02'))).toHaveLength(1);
    expect((await reload(h, r)).status).toBe('altinn_done');
  });

  it('staff claiming the same card at once: one claim wins, the others are told and nothing is taken over by accident', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, delegation());
    const clicks = Array.from({ length: 6 }, (_, i) => clickCard(h, { user: i % 2 ? STAFF : STAFF_2, actionId: 'card_claim', request: r, extra: '' }));
    await Promise.all(clicks);
    await awaitCard(h, r, (c) => c.includes('Overta saken'));
    await h.slack.waitFor('chat.postEphemeral', () =>
      h.slack.callsOf('chat.postEphemeral').filter((c) => allText(c.args.text).includes(`TT02-${String(r.number).padStart(4, '0')}`)).length >= 5,
    );
    const claims = (await eventsOf(h, r)).filter((e) => e.kind === 'claimed' || e.kind === 'taken_over');
    expect(claims).toHaveLength(1);
    expect(claims[0]!.kind).toBe('claimed');
  });

  it('a click on a stale card changes nothing and refreshes the card', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, delegation());
    await clickCard(h, { user: STAFF, actionId: 'card_altinn', request: r });
    const moved = await reload(h, r);
    await awaitCard(h, moved, (c) => c.includes('Registrer fødselsnummer'));
    const updates = h.slack.callsOf('chat.update').length;
    // An old copy of the card still shows "submitted": ask for information from it.
    await clickCard(h, { user: STAFF, actionId: 'card_ask_info', request: r, shown: { status: 'submitted' } });
    await h.slack.waitFor('chat.postEphemeral', (a) => allText(a.text).includes('Noen andre har nettopp endret'));
    await h.slack.waitForNew('chat.update', updates, (a) => a.channel === TRIAGE && a.ts === r.triageTs);
    expect((await reload(h, r)).status).toBe('altinn_done');
  });
});

describe('asking for information, rejecting, withdrawing', () => {
  it('a question pauses the request, reaches the vendor thread, and the vendor’s answer resumes it', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, delegation());
    let opened = h.slack.callsOf('views.open').length;
    await clickCard(h, { user: STAFF, actionId: 'card_ask_info', request: r });
    const ask = await awaitModal(h, 'staff_ask_info', opened);
    expect((await submitModal(h, { user: STAFF, callbackId: 'staff_ask_info', privateMetadata: ask.view.private_metadata, values: text('question', '  ') })).body)
      .toMatchObject({ errors: { question: expect.any(String) } });
    await submitModal(h, { user: STAFF, callbackId: 'staff_ask_info', privateMetadata: ask.view.private_metadata, values: text('question', 'Hvilken <!here> kunde gjelder det?') });
    expect(await reload(h, r)).toMatchObject({ status: 'needs_info', pausedFrom: 'submitted' });
    const note = await awaitThreadNote(h, r, (s) => s.includes('Vi trenger flere opplysninger'));
    expect(allText(note.args.blocks)).toContain('&lt;!here&gt;');
    expect(allText(note.args.blocks)).toContain('answer_info');

    opened = h.slack.callsOf('views.open').length;
    await clickVendorButton(h, { user: VENDOR_USER, actionId: 'answer_info', request: await reload(h, r) });
    const answer = await awaitModal(h, 'vendor_answer_info', opened);
    expect(allText(answer.view.blocks)).toContain('Hvilken');
    const res = await submitModal(h, { user: VENDOR_USER, team: 'TVENDOR01', callbackId: 'vendor_answer_info', privateMetadata: answer.view.private_metadata, values: text('answer', 'Kunde Bakeri AS, som i skjemaet.') });
    expect(allText(res.body)).toContain('Takk');
    expect(await reload(h, r)).toMatchObject({ status: 'submitted', pausedFrom: null, lastAnswer: 'Kunde Bakeri AS, som i skjemaet.' });
    await awaitCard(h, r, (c) => c.includes('Kunde Bakeri AS, som i skjemaet.') && c.includes('card_altinn'));
    await awaitThreadNote(h, r, (s) => s.includes('Takk for svaret'));
  });

  it('rejecting requires a reason, tells the vendor thread and ends the request', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, fictitious());
    const opened = h.slack.callsOf('views.open').length;
    await clickCard(h, { user: STAFF, actionId: 'card_reject', request: r });
    const modal = await awaitModal(h, 'staff_reject', opened);
    expect((await submitModal(h, { user: STAFF, callbackId: 'staff_reject', privateMetadata: modal.view.private_metadata, values: text('reason', '') })).body)
      .toMatchObject({ errors: { reason: 'Fyll ut dette feltet.' } });
    await submitModal(h, { user: STAFF, callbackId: 'staff_reject', privateMetadata: modal.view.private_metadata, values: text('reason', 'Dere har allerede tilgang.') });
    expect(await reload(h, r)).toMatchObject({ status: 'rejected', rejectionReason: 'Dere har allerede tilgang.' });
    await awaitThreadNote(h, r, (s) => s.includes('avvist') && s.includes('Dere har allerede tilgang.'));
    const card = await awaitCard(h, r, (c) => c.includes('Avvist'));
    expect(card).not.toContain('"actions"');
  });

  it('only the requester (or staff) can withdraw; then the request ends and the thread says so', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, delegation());
    await clickVendorButton(h, { user: VENDOR_USER_EN, actionId: 'withdraw_request', request: r });
    await h.slack.waitFor('chat.postEphemeral', (a) => a.user === VENDOR_USER_EN && allText(a.text).includes('Bare den som sendte bestillingen'));
    expect((await reload(h, r)).status).toBe('submitted');

    await clickVendorButton(h, { user: VENDOR_USER, actionId: 'withdraw_request', request: r });
    await awaitThreadNote(h, r, (s) => s.includes('trukket tilbake'));
    expect((await reload(h, r)).status).toBe('withdrawn');
    await awaitCard(h, r, (c) => c.includes('Trukket tilbake'));
    // The receipt no longer offers to withdraw.
    await h.slack.waitFor('chat.update', (a) => a.ts === r.receiptTs && !allText(a.blocks).includes('withdraw_request'));
  });
});
