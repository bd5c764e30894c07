import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { STAFF, STAFF_2, TRIAGE, VENDOR_USER, VENDOR_USER_EN, startHarness, type Harness } from '../support/harness.js';
import { DELEGATION, FICTITIOUS, freshOrgNumber } from '../support/intake.js';
import { generate } from '../support/fnr.js';
import {
  advanceToFnrRegistered,
  allText,
  awaitCard,
  awaitModal,
  awaitThreadNote,
  clickCard,
  clickVendorButton,
  eventsOf,
  fileAndAwaitCard,
  openConfirmationPreview,
  reload,
  submitModal,
  text,
  threadNotes,
} from '../support/triage.js';
import { writeInThread } from '../support/threadMessages.js';
import { outbox, type RequestRow } from '../../src/db/schema.js';
import { formatReference } from '../../src/domain/reference.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const fictitious = (over: Record<string, string> = {}) => ({ ...FICTITIOUS, vendor_org_number: freshOrgNumber(), ...over });

/** Posts in the card's thread in the triage channel (mirrors and notices). */
const cardThread = (r: RequestRow) =>
  h.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === TRIAGE && c.args.thread_ts === r.triageTs && !c.failed);
const awaitCardThread = (r: RequestRow, pred: (s: string) => boolean) =>
  h.slack.waitFor('chat.postMessage', (a) => a.channel === TRIAGE && a.thread_ts === r.triageTs && pred(allText(a.blocks)));

async function askQuestion(r: RequestRow, question: string) {
  const opened = h.slack.callsOf('views.open').length;
  await clickCard(h, { user: STAFF, actionId: 'card_ask_info', request: await reload(h, r) });
  const m = await awaitModal(h, 'staff_ask_info', opened);
  const res = await submitModal(h, { user: STAFF, callbackId: 'staff_ask_info', privateMetadata: m.view.private_metadata, values: text('question', question) });
  expect(res.text).toBe('');
}

describe('vendor to staff: replies in the vendor thread reach the card', () => {
  it('mirrors a vendor’s thread reply into the card’s thread, escaped, @mentioning the assignee, once per event; audited without the text', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, fictitious());
    await clickCard(h, { user: STAFF, actionId: 'card_claim', request: r, extra: '' });
    await awaitCard(h, r, (c) => c.includes(`<@${STAFF}>`));

    const words = 'Vi bruker <!channel> og <https://evil.example|klikk> & API-et for foretak';
    const first = await writeInThread(h, r, { user: VENDOR_USER, text: words, eventId: 'EvMIRROR1' });
    expect(first.res.status).toBe(200);
    const mirror = await awaitCardThread(r, (s) => s.includes('API-et for foretak'));
    const shown = allText(mirror.args.blocks);
    expect(shown).toContain(`<@${VENDOR_USER}>`);
    expect(shown).toContain(`<@${STAFF}>`); // the assignee is notified by the mention
    expect(shown).toContain('&lt;!channel&gt;');
    expect(shown).toContain('&lt;https://evil.example|klikk&gt; &amp;');
    expect(shown).not.toContain('<!channel>');

    // Slack retries the same event; the app's own notes, bots, edits and other threads are not mirrored.
    await writeInThread(h, r, { user: VENDOR_USER, text: words, eventId: 'EvMIRROR1', retryNum: 1 });
    await writeInThread(h, r, { user: 'UBOT', text: 'bot says', extra: { bot_id: 'BBOT' } });
    await writeInThread(h, r, { user: VENDOR_USER, text: 'edited words', extra: { subtype: 'message_changed' } });
    await writeInThread(h, { receiptTs: '1699999999.000001' }, { user: VENDOR_USER, text: 'another thread' });
    await writeInThread(h, r, { user: VENDOR_USER_EN, text: 'Last line' });
    await awaitCardThread(r, (s) => s.includes('Last line'));
    const mirrored = cardThread(r).map((c) => allText(c.args.blocks));
    expect(mirrored.filter((s) => s.includes('API-et for foretak'))).toHaveLength(1);
    expect(mirrored.join('\n')).not.toMatch(/bot says|edited words|another thread/);

    const replies = (await eventsOf(h, r)).filter((e) => e.kind === 'vendor_replied');
    expect(replies.map((e) => e.actorUserId)).toEqual([VENDOR_USER, VENDOR_USER_EN]);
    expect(allText(replies)).not.toContain('foretak');
    expect(h.logs.join('\n')).not.toContain('API-et for foretak');
  });
});

describe('mirrored text under the free-text rule', () => {
  it('strips control and direction-override characters, escapes a vendor’s & once, and shows the words verbatim', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, fictitious());
    // As Slack sends it: & < > as entities.
    await writeInThread(h, r, { user: VENDOR_USER, text: 'Acme &amp; Co \u202Etxt.exe\u0000 &lt;@U123&gt; ferdig' });
    const mirror = await awaitCardThread(r, (s) => s.includes('ferdig'));
    const block = (mirror.args.blocks as { text: { text: string; verbatim?: boolean } }[])[0]!;
    expect(block.text.text).toContain('Acme &amp; Co txt.exe &lt;@U123&gt; ferdig');
    for (const gone of ['\u202E', '\u0000', '&amp;amp;']) expect(block.text.text).not.toContain(gone);
    expect(block.text.verbatim).toBe(true);
    // Kept as typed for the Resume modal's pre-fill: plain text, not Slack's entities.
    expect((await reload(h, r)).lastVendorReply).toBe('Acme & Co txt.exe <@U123> ferdig');
  });
});

describe('staff to vendor', () => {
  it('"Reply to vendor" posts in the vendor’s thread naming the staff member, never contact data; the replier takes an unassigned request', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, fictitious());
    const card = await awaitCard(h, r, (c) => c.includes('card_reply_vendor'));
    expect(card).toContain('Svar leverandøren');
    const opened = h.slack.callsOf('views.open').length;
    await clickCard(h, { user: STAFF_2, actionId: 'card_reply_vendor', request: r });
    const m = await awaitModal(h, 'staff_reply_vendor', opened);
    const empty = await submitModal(h, { user: STAFF_2, callbackId: 'staff_reply_vendor', privateMetadata: m.view.private_metadata, values: text('reply', '  ') });
    expect(empty.body).toMatchObject({ response_action: 'errors', errors: { reply: 'Fyll ut dette feltet.' } });
    const ok = await submitModal(h, {
      user: STAFF_2,
      callbackId: 'staff_reply_vendor',
      privateMetadata: m.view.private_metadata,
      values: text('reply', 'Takk, vi ser på det <i dag>.'),
    });
    expect(ok.text).toBe('');
    const note = await awaitThreadNote(h, r, (s) => s.includes('ser på det'));
    const posted = allText(note.args);
    expect(posted).toContain(`<@${STAFF_2}> hos Brønnøysundregistrene`);
    expect(posted).toContain('&lt;i dag&gt;');
    for (const n of threadNotes(h, r)) {
      expect(allText(n.args)).not.toContain('kari@acme.no');
      expect(allText(n.args)).not.toContain('41234567');
    }
    const after = await reload(h, r);
    expect(after.assigneeUserId).toBe(STAFF_2);
    const replied = (await eventsOf(h, r)).find((e) => e.kind === 'staff_replied');
    expect(replied).toMatchObject({ actorUserId: STAFF_2, details: { assignedToActor: true } });
    expect(allText(replied)).not.toContain('ser på det');
  });

  it('a reply modal submitted after the request closed posts nothing, and says so', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, fictitious());
    await awaitCard(h, r, (c) => c.includes('card_reply_vendor'));
    const opened = h.slack.callsOf('views.open').length;
    await clickCard(h, { user: STAFF_2, actionId: 'card_reply_vendor', request: r });
    const m = await awaitModal(h, 'staff_reply_vendor', opened);
    // The vendor withdraws the request while staff are typing.
    await clickVendorButton(h, { user: VENDOR_USER, actionId: 'withdraw_request', request: r });
    await vi.waitFor(async () => expect((await reload(h, r)).status).toBe('withdrawn'));
    const res = await submitModal(h, { user: STAFF_2, callbackId: 'staff_reply_vendor', privateMetadata: m.view.private_metadata, values: text('reply', 'Vi ser på det nå.') });
    expect(res.body).toMatchObject({ response_action: 'update' });
    expect(allText(res.body)).toContain(`${formatReference(r.number)} er avsluttet: svaret er ikke sendt.`);
    expect((await eventsOf(h, r)).map((e) => e.kind)).not.toContain('staff_replied');
    const queued = await h.db.database.db.select().from(outbox).where(eq(outbox.requestId, r.id));
    expect(allText(queued)).not.toContain('Vi ser på det nå.');
    expect((await reload(h, r)).assigneeUserId).toBeNull();
  });

  it('a question @mentions the requester in the thread and is emailed to the contact person in the request’s language', async () => {
    const contact = `question.${Date.now()}@acme.no`;
    const r = await fileAndAwaitCard(h, VENDOR_USER_EN, fictitious({ contact_email: contact }));
    await askQuestion(r, 'Which API do you need?\nAnd for which <customer>?');
    const note = await awaitThreadNote(h, r, (s) => s.includes('Which API do you need?'));
    expect(allText(note.args.blocks)).toContain(`<@${VENDOR_USER_EN}>`);
    expect(String(note.args.text)).toContain(`<@${VENDOR_USER_EN}>`);
    const mail = await h.smtp.awaitMessage((m) => m.envelope.to.includes(contact));
    expect(mail.parsed.subject).toContain('A question about your TT02 access request');
    expect(mail.parsed.text).toContain('Which API do you need?');
    expect(mail.parsed.text).toContain('And for which <customer>?');
    expect(mail.parsed.html).toContain('&lt;customer&gt;');
    // Whoever does a step becomes the assignee if there is none.
    expect(await reload(h, r)).toMatchObject({ status: 'needs_info', assigneeUserId: STAFF });
  });

  it('staff resume a paused request with the vendor’s latest thread reply pre-filled; the vendor’s Answer button stays', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, fictitious());
    await writeInThread(h, r, { user: VENDOR_USER, text: 'Et tidlig innspill.' });
    await awaitCardThread(r, (s) => s.includes('Et tidlig innspill.'));
    await askQuestion(r, 'Hvilket miljø?');
    const questionNote = await awaitThreadNote(h, r, (s) => s.includes('Hvilket miljø?'));
    expect(allText(questionNote.args.blocks)).toContain('"action_id":"answer_info"');
    await awaitCard(h, r, (c) => c.includes('card_resume'));
    // A reply from before the question is no answer to it: nothing is pre-filled.
    const before = h.slack.callsOf('views.open').length;
    await clickCard(h, { user: STAFF, actionId: 'card_resume', request: await reload(h, r) });
    expect(allText((await awaitModal(h, 'staff_resume', before)).view.blocks)).not.toContain('initial_value');

    await writeInThread(h, r, { user: VENDOR_USER, text: 'Vi trenger TT02 for Enhetsregisteret.' });
    await awaitCardThread(r, (s) => s.includes('Enhetsregisteret.'));
    const paused = await reload(h, r);
    expect(paused.lastVendorReply).toBe('Vi trenger TT02 for Enhetsregisteret.');

    const opened = h.slack.callsOf('views.open').length;
    await clickCard(h, { user: STAFF, actionId: 'card_resume', request: paused });
    const m = await awaitModal(h, 'staff_resume', opened);
    expect(allText(m.view.blocks)).toContain('"initial_value":"Vi trenger TT02 for Enhetsregisteret."');
    const res = await submitModal(h, {
      user: STAFF,
      callbackId: 'staff_resume',
      privateMetadata: m.view.private_metadata,
      values: text('answer', 'Vi trenger TT02 for Enhetsregisteret (bekreftet).'),
    });
    expect(res.text).toBe('');
    expect(await reload(h, r)).toMatchObject({ status: 'submitted', lastAnswer: 'Vi trenger TT02 for Enhetsregisteret (bekreftet).' });
    const resumed = (await eventsOf(h, r)).find((e) => e.kind === 'info_answered');
    expect(resumed).toMatchObject({ actorUserId: STAFF, fromStatus: 'needs_info', toStatus: 'submitted', details: { resumedByStaff: true } });
    await awaitThreadNote(h, r, (s) => s.includes('Vi fortsetter med bestillingen'));
    // The question's note keeps its Answer button (it was never edited away).
    const stored = h.slack.message(questionNote.args.channel as string, questionNote.response.ts as string);
    expect(allText(stored?.history.at(-1))).toContain('"action_id":"answer_info"');
  });
});

describe('assignment', () => {
  it('assigns to a colleague from a user picker limited to staff on submission; audited, shown on the card, the assignee told', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, fictitious());
    const opened = h.slack.callsOf('views.open').length;
    await clickCard(h, { user: STAFF, actionId: 'card_assign', request: r });
    const m = await awaitModal(h, 'staff_assign', opened);
    expect(allText(m.view.blocks)).toContain('"type":"users_select"');
    const pick = (user: string) =>
      submitModal(h, { user: STAFF, callbackId: 'staff_assign', privateMetadata: m.view.private_metadata, values: { assignee: { assignee: { type: 'users_select', selected_user: user } } } });

    const refused = await pick(VENDOR_USER);
    expect(refused.body).toMatchObject({ response_action: 'errors', errors: { assignee: expect.stringContaining('saksbehandlere') } });
    expect((await reload(h, r)).assigneeUserId).toBeNull();

    expect((await pick(STAFF_2)).text).toBe('');
    expect((await reload(h, r)).assigneeUserId).toBe(STAFF_2);
    await awaitCard(h, r, (c) => c.includes(`<@${STAFF_2}>`) && c.includes('Tildelt'));
    const notice = await awaitCardThread(r, (s) => s.includes('har tildelt deg'));
    expect(allText(notice.args.blocks)).toContain(`<@${STAFF_2}>: <@${STAFF}> har tildelt deg`);
    expect((await eventsOf(h, r)).find((e) => e.kind === 'assigned')).toMatchObject({ actorUserId: STAFF, details: { to: STAFF_2, from: null } });
  });

  it('whoever does a step becomes the assignee if there is none, and an assignee stays', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
    const opened = h.slack.callsOf('views.open').length;
    await clickCard(h, { user: STAFF_2, actionId: 'card_altinn', request: r });
    const m = await awaitModal(h, 'staff_fictitious_org', opened);
    await submitModal(h, { user: STAFF_2, callbackId: 'staff_fictitious_org', privateMetadata: m.view.private_metadata, values: text('fictitious_org_number', freshOrgNumber()) });
    expect(await reload(h, r)).toMatchObject({ status: 'altinn_done', assigneeUserId: STAFF_2 });
    await askQuestion(r, 'Noe mer?');
    expect(await reload(h, r)).toMatchObject({ status: 'needs_info', assigneeUserId: STAFF_2 });
  });
});

describe('corrections and failed emails', () => {
  it('a rejection email given up shows on the card and in the vendor thread without the address; fixing the contact sends it again', async () => {
    const wrong = `wrong.${Date.now()}@acme.no`;
    h.smtp.rejectRecipient(wrong);
    const r = await fileAndAwaitCard(h, VENDOR_USER, fictitious({ contact_email: wrong }));
    let opened = h.slack.callsOf('views.open').length;
    await clickCard(h, { user: STAFF, actionId: 'card_reject', request: r });
    const rm = await awaitModal(h, 'staff_reject', opened);
    await submitModal(h, { user: STAFF, callbackId: 'staff_reject', privateMetadata: rm.view.private_metadata, values: text('reason', 'Mangler avtale.') });

    const card = await awaitCard(h, r, (c) => c.includes('avvisningen ble ikke levert'));
    expect(card).toContain('Send avvisningen på nytt');
    const told = await awaitThreadNote(h, r, (s) => s.includes('Vi fikk ikke sendt e-post til kontaktpersonen'));
    expect(allText(told.args)).not.toContain(wrong);
    expect(h.logs.join('\n')).not.toContain(wrong);

    // Fix the contact: validated at the field, in the staff member's language.
    const rejected = await reload(h, r);
    opened = h.slack.callsOf('views.open').length;
    await clickCard(h, { user: STAFF, actionId: 'card_fix_contact', request: rejected });
    const cm = await awaitModal(h, 'staff_fix_contact', opened);
    expect(allText(cm.view.blocks)).toContain(`"initial_value":"${wrong}"`);
    const fix = (email: string, phone: string) =>
      submitModal(h, {
        user: STAFF,
        callbackId: 'staff_fix_contact',
        privateMetadata: cm.view.private_metadata,
        values: { contact_email: { contact_email: { type: 'email_text_input', value: email } }, ...text('contact_phone', phone) },
      });
    const bad = await fix('not-an-address', '12');
    expect(bad.body).toMatchObject({
      response_action: 'errors',
      errors: { contact_email: expect.stringContaining('gyldig e-postadresse'), contact_phone: expect.stringContaining('telefonnummer') },
    });
    const right = `right.${Date.now()}@Acme.NO`;
    expect((await fix(right, '+47 412 34 567')).text).toBe('');
    const fixed = await reload(h, r);
    expect(fixed.contactEmail).toBe(right.replace('Acme.NO', 'acme.no'));
    const audit = (await eventsOf(h, r)).find((e) => e.kind === 'contact_corrected');
    expect(audit).toMatchObject({ actorUserId: STAFF, details: { fields: ['contact_email'] } });
    expect(allText(audit)).not.toContain('right.');

    const failedId = /"action_id":"card_retry_mail","value":"\{\\"r\\":\\"[^\\]+\\",\\"s\\":\\"rejected\\",\\"x\\":\\"(\d+)\\"\}"/.exec(card)?.[1];
    expect(failedId).toBeDefined();
    await clickCard(h, { user: STAFF, actionId: 'card_retry_mail', request: fixed, extra: failedId! });
    const mail = await h.smtp.awaitMessage((m) => m.envelope.to.includes(fixed.contactEmail));
    expect(mail.parsed.subject).toContain('ikke innvilget');
    await awaitCard(h, r, (c) => !c.includes('avvisningen ble ikke levert'));
  });
});

describe('correcting the customer\'s address (customer delegation)', () => {
  it('a customer email given up is corrected in Fix contact, validated as at intake, and sent again to the new address', async () => {
    const wrong = `feil.${Date.now()}@kundebakeri.no`;
    h.smtp.rejectRecipient(wrong);
    const r0 = await fileAndAwaitCard(h, VENDOR_USER, { ...DELEGATION, customer_email: wrong, vendor_org_number: freshOrgNumber(), customer_org_number: freshOrgNumber() });
    const r = await advanceToFnrRegistered(h, r0, STAFF, generate('208190'));
    const preview = await openConfirmationPreview(h, r, STAFF);
    await submitModal(h, { user: STAFF, callbackId: 'staff_send_confirmation', privateMetadata: preview.view.private_metadata, values: {} });
    const card = await awaitCard(h, r, (c) => c.includes('e-posten til kunden ble ikke levert'));

    const completed = await reload(h, r);
    const opened = h.slack.callsOf('views.open').length;
    await clickCard(h, { user: STAFF, actionId: 'card_fix_contact', request: completed });
    const cm = await awaitModal(h, 'staff_fix_contact', opened);
    const shown = allText(cm.view.blocks);
    expect(shown).toContain('Kundens e-postadresse');
    expect(shown).toContain(`"initial_value":"${wrong}"`);
    expect(shown).toContain(`"initial_value":"${completed.customerPhone}"`);
    const fix = (customerEmail: string, customerPhone: string) =>
      submitModal(h, {
        user: STAFF,
        callbackId: 'staff_fix_contact',
        privateMetadata: cm.view.private_metadata,
        values: {
          contact_email: { contact_email: { type: 'email_text_input', value: completed.contactEmail } },
          ...text('contact_phone', completed.contactPhone),
          customer_email: { customer_email: { type: 'email_text_input', value: customerEmail } },
          ...text('customer_phone', customerPhone),
        },
      });
    // The customer's number must be a mobile, as at intake; a landline is refused at the field.
    const bad = await fix('ikke-en-adresse', '22 22 22 22');
    expect(bad.body).toMatchObject({
      response_action: 'errors',
      errors: { customer_email: expect.stringContaining('gyldig e-postadresse'), customer_phone: expect.stringContaining('mobil') },
    });
    expect(Object.keys((bad.body as { errors: object }).errors).sort()).toEqual(['customer_email', 'customer_phone']);
    expect((await reload(h, r)).customerEmail).toBe(wrong);

    const right = `riktig.${Date.now()}@kundebakeri.no`;
    expect((await fix(right, '+47 911 22 333')).text).toBe('');
    const fixed = await reload(h, r);
    expect(fixed).toMatchObject({ customerEmail: right, customerPhone: '+4791122333', contactEmail: completed.contactEmail });
    const audit = (await eventsOf(h, r)).filter((e) => e.kind === 'contact_corrected');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: STAFF, details: { fields: ['customer_email', 'customer_phone'] } });
    expect(allText(audit)).not.toContain('riktig.');
    expect(h.logs.join('\n')).not.toContain(right);
    // The card (internal to staff) shows the corrected address.
    await awaitCard(h, r, (c) => c.includes(right) && !c.includes(wrong));

    // Send again: the customer's own email goes to the corrected address.
    const failedId = /"action_id":"card_retry_mail","value":"\{\\"r\\":\\"[^\\]+\\",\\"s\\":\\"completed\\",\\"x\\":\\"(\d+)\\"\}"/.exec(card)?.[1];
    expect(failedId).toBeDefined();
    await clickCard(h, { user: STAFF, actionId: 'card_retry_mail', request: fixed, extra: failedId! });
    const mail = await h.smtp.awaitMessage((m) => m.envelope.to.includes(right));
    expect(mail.parsed.subject).toContain('Deleger TT02-tilgang');
    await awaitCard(h, r, (c) => !c.includes('e-posten til kunden ble ikke levert'));
  });

  it('a request without a customer has no customer fields to correct', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, fictitious());
    const opened = h.slack.callsOf('views.open').length;
    await clickCard(h, { user: STAFF, actionId: 'card_fix_contact', request: r });
    const cm = await awaitModal(h, 'staff_fix_contact', opened);
    expect(allText(cm.view.blocks)).not.toContain('customer_email');
    expect(allText(cm.view.blocks)).toContain('contact_email');
  });
});

describe('/tt02-access find', () => {
  const find = (text: string, user = STAFF) => h.send.command({ command: '/tt02-access', text: `find ${text}`, user_id: user, channel_id: TRIAGE });

  it('lists matches by reference, organisation number (spaces allowed) or name, each linking to its card', async () => {
    const vendorNumber = freshOrgNumber();
    const name = `Findme Regnskap ${Date.now()} AS`;
    const r = await fileAndAwaitCard(h, VENDOR_USER, fictitious({ vendor_org_number: vendorNumber, vendor_org_name: name }));
    const stored = await reload(h, r);
    expect(stored.triagePermalink).toBe(`https://fake.slack.com/archives/${TRIAGE}/p${stored.triageTs!.replace('.', '')}`);
    const ref = `TT02-${String(r.number).padStart(4, '0')}`;
    const link = `<${stored.triagePermalink}|${ref}>`;
    const spaced = `${vendorNumber.slice(0, 3)} ${vendorNumber.slice(3, 6)} ${vendorNumber.slice(6)}`;
    for (const q of [ref, String(r.number), spaced, name.toUpperCase().slice(0, 24)]) {
      const res = await find(q);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ response_type: 'ephemeral' });
      expect(allText(res.body)).toContain(link);
    }
    const none = await find('Ingen slik virksomhet zzz');
    expect(allText(none.body)).toContain('Fant ingen bestillinger');
  });

  it('caps the list at ten and says how many more', async () => {
    const name = `Mange ${Date.now()}`;
    for (let i = 0; i < 12; i += 1) await fileAndAwaitCard(h, VENDOR_USER, fictitious({ vendor_org_name: `${name} nr ${i} AS` }));
    const res = await find(name.toLowerCase());
    const body = allText(res.body);
    expect(body.match(/TT02-\d{4}/g)).toHaveLength(10);
    expect(body).toContain('og 2 til');
  });

  it('is for staff only: others are refused, and the attempt audited', async () => {
    const res = await h.send.command({ command: '/tt02-access', text: 'find TT02-0001', user_id: VENDOR_USER, channel_id: TRIAGE, team_id: 'TVENDOR01' });
    expect(res.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Bare') });
    expect(allText(res.body)).not.toContain('TT02-0001');
    const { requestEvents } = await import('../../src/db/schema.js');
    const denied = (await h.db.database.db.select().from(requestEvents)).filter((e) => e.kind === 'denied' && e.actorUserId === VENDOR_USER && (e.details as { action?: string }).action === 'find');
    expect(denied).toHaveLength(1);
  });
});
