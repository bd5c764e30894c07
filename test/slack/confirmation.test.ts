import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { outbox } from '../../src/db/schema.js';
import { STAFF, STAFF_2, TRIAGE, VENDOR_CHANNEL, VENDOR_USER, VENDOR_USER_EN, startHarness, type Harness } from '../support/harness.js';
import { DELEGATION, FICTITIOUS, freshOrgNumber } from '../support/intake.js';
import { generate } from '../support/fnr.js';
import {
  advanceToFnrRegistered,
  allText,
  awaitCard,
  awaitModal,
  awaitThreadNote,
  clickCard,
  eventsOf,
  fileAndAwaitCard,
  openConfirmationPreview,
  reload,
  submitModal,
  text,
} from '../support/triage.js';
import { awaitSettled, rowsContaining } from '../privacy/support.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { MAIL_BCC: 'arkiv@brreg.test', MASKINPORTEN_GUIDE_URL: 'https://docs.example/maskinporten' } });
});
afterAll(async () => {
  await h?.stop();
});

const FNR = generate('208190');
const mailsTo = (addr: string) => h.smtp.messages.filter((m) => m.envelope.to.includes(addr));

describe('the confirmation email', () => {
  it('customer delegation (nb): preview first, then one email to the contact and one of its own to the customer, the thread and the card updated', async () => {
    const contact = `kari.${Date.now()}@acme.no`;
    const r0 = await fileAndAwaitCard(h, VENDOR_USER, { ...DELEGATION, contact_email: contact, vendor_org_number: freshOrgNumber(), customer_org_number: freshOrgNumber() });
    const r = await advanceToFnrRegistered(h, r0, STAFF, FNR);
    const preview = await openConfirmationPreview(h, r, STAFF);
    const shown = allText(preview.view.blocks);
    expect(shown).toContain(contact);
    expect(shown).toContain('post@kundebakeri.no');
    expect(shown).toContain('TT02-tilgang: innlogging og neste steg');
    expect(shown).toContain('får i tillegg en egen e-post');
    expect(shown).toContain('arkiv@brreg.test');
    expect(shown).not.toContain(FNR);
    expect(shown).toContain(`•••••••••${FNR.slice(-2)}`);
    expect(h.smtp.messages.filter((m) => m.envelope.to.includes(contact))).toHaveLength(0);

    const res = await submitModal(h, { user: STAFF, callbackId: 'staff_send_confirmation', privateMetadata: preview.view.private_metadata, values: {} });
    expect(res.text).toBe('');
    expect((await reload(h, r)).status).toBe('completed');
    await h.smtp.waitForMessages(h.smtp.messages.length + 1).catch(() => undefined);
    await awaitThreadNote(h, r, (s) => s.includes('sendt på e-post til Kari Nordmann'));
    const [mail] = mailsTo(contact);
    expect(mail).toBeDefined();
    expect(mail!.envelope.to.sort()).toEqual([contact, 'arkiv@brreg.test'].sort());
    const p = mail!.parsed;
    expect(p.subject).toContain(`TT02-${String(r.number).padStart(4, '0')}`);
    expect(p.text).toContain(FNR);
    expect(p.html).toContain(FNR);
    expect(p.text).toContain('Kunde Bakeri AS');
    expect(p.text).toContain('https://docs.example/maskinporten');
    expect(p.text).toMatch(/produksjonsdata/i);
    expect(p.text).toContain('https://tt02.altinn.no/');
    // The customer's own email: what to delegate and to whom, in both languages, without the fødselsnummer.
    const customerMails = async () => {
      for (;;) {
        const found = mailsTo('post@kundebakeri.no').filter((m) => m.parsed.subject?.includes(`TT02-${String(r.number).padStart(4, '0')}`));
        if (found.length > 0) return found;
        await h.smtp.waitForMessages(h.smtp.messages.length + 1);
      }
    };
    const [own] = await customerMails();
    expect(own!.envelope.to.sort()).toEqual(['arkiv@brreg.test', 'post@kundebakeri.no'].sort());
    expect(own!.parsed.subject).toContain('Deleger TT02-tilgang til Acme Regnskap AS / Delegate TT02 access to Acme Regnskap AS');
    expect(own!.parsed.text).toContain('Deleger tilgangen');
    expect(own!.parsed.text).toContain('Delegate the access');
    expect(own!.parsed.text).not.toContain(FNR);
    expect(own!.parsed.html).not.toContain(FNR);
    expect(p.messageId).toMatch(/@tt02-access>?$/);
    const card = await awaitCard(h, r, (c) => c.includes(':email: Sendt'));
    expect(card).not.toContain(FNR);
    // The thread note names the person, never the address.
    const note = await awaitThreadNote(h, r, (s) => s.includes('Kari Nordmann'));
    expect(allText(note.args)).not.toContain(contact);
  });

  it('fictitious enterprise (en): English email with the fictitious organisation number and no copy', async () => {
    const contact = `dev.${Date.now()}@vendor.example`;
    const r0 = await fileAndAwaitCard(h, VENDOR_USER_EN, { ...FICTITIOUS, contact_email: contact, vendor_org_number: freshOrgNumber() });
    const r = await advanceToFnrRegistered(h, r0, STAFF, FNR);
    const preview = await openConfirmationPreview(h, r, STAFF);
    await submitModal(h, { user: STAFF, callbackId: 'staff_send_confirmation', privateMetadata: preview.view.private_metadata, values: {} });
    await awaitThreadNote(h, r, (s) => s.includes('The confirmation has been emailed'));
    const [mail] = mailsTo(contact);
    expect(mail!.envelope.to.sort()).toEqual([contact, 'arkiv@brreg.test'].sort());
    expect(mail!.parsed.subject).toContain('TT02 access: how to log in');
    expect(mail!.parsed.text).toContain('national identity number (fødselsnummer) of your TT02 test user');
    expect(mail!.parsed.text).toContain('991 825 827');
    expect(mail!.parsed.text).toContain(FNR);
  });

  it('five concurrent "Send confirmation" submissions send one email', async () => {
    const contact = `five.${Date.now()}@acme.no`;
    const r0 = await fileAndAwaitCard(h, VENDOR_USER, { ...FICTITIOUS, contact_email: contact, vendor_org_number: freshOrgNumber() });
    const r = await advanceToFnrRegistered(h, r0, STAFF, FNR);
    const preview = await openConfirmationPreview(h, r, STAFF);
    const submits = Array.from({ length: 5 }, (_, i) =>
      submitModal(h, { user: i % 2 ? STAFF : STAFF_2, callbackId: 'staff_send_confirmation', privateMetadata: preview.view.private_metadata, values: {} }),
    );
    const answers = await Promise.all(submits);
    expect(answers.filter((a) => a.text === '')).toHaveLength(1);
    await awaitThreadNote(h, r, (s) => s.includes('sendt på e-post'));
    await awaitCard(h, r, (c) => c.includes(':email: Sendt'));
    expect(mailsTo(contact)).toHaveLength(1);
    const rows = await h.db.database.db.select().from(outbox).where(eq(outbox.requestId, r.id));
    expect(rows.filter((o) => o.kind === 'mail.confirmation')).toHaveLength(1);
  });

  it('with the mail server down, the email waits and arrives exactly once when it is back', async () => {
    const contact = `down.${Date.now()}@acme.no`;
    const r0 = await fileAndAwaitCard(h, VENDOR_USER, { ...FICTITIOUS, contact_email: contact, vendor_org_number: freshOrgNumber() });
    const r = await advanceToFnrRegistered(h, r0, STAFF, FNR);
    const preview = await openConfirmationPreview(h, r, STAFF);
    h.smtp.setDown(true);
    try {
      await submitModal(h, { user: STAFF, callbackId: 'staff_send_confirmation', privateMetadata: preview.view.private_metadata, values: {} });
      // The card says it is retrying, with the reason.
      await awaitCard(h, r, (c) => c.includes('Prøver igjen'));
      expect(mailsTo(contact)).toHaveLength(0);
    } finally {
      h.smtp.setDown(false);
    }
    await awaitThreadNote(h, r, (s) => s.includes('sendt på e-post'));
    await awaitCard(h, r, (c) => c.includes(':email: Sendt'));
    expect(mailsTo(contact)).toHaveLength(1);
    const [row] = (await h.db.database.db.select().from(outbox).where(eq(outbox.requestId, r.id))).filter((o) => o.kind === 'mail.confirmation');
    expect(row!.attempts).toBeGreaterThan(1);
    expect(row!.result).toMatchObject({ messageId: expect.stringContaining('@tt02-access') });
  });

  it('an address the mail server refuses for good shows as failing on the card, without endless retries', async () => {
    const contact = `refused.${Date.now()}@acme.no`;
    h.smtp.rejectRecipient(contact);
    const r0 = await fileAndAwaitCard(h, VENDOR_USER, { ...FICTITIOUS, contact_email: contact, vendor_org_number: freshOrgNumber() });
    const r = await advanceToFnrRegistered(h, r0, STAFF, FNR);
    const preview = await openConfirmationPreview(h, r, STAFF);
    await submitModal(h, { user: STAFF, callbackId: 'staff_send_confirmation', privateMetadata: preview.view.private_metadata, values: {} });
    const card = await awaitCard(h, r, (c) => c.includes(':x: Feiler'));
    expect(card).toContain('card_retry_mail');
    expect(card).toContain('refused the contact person');
    const [row] = (await h.db.database.db.select().from(outbox).where(eq(outbox.requestId, r.id))).filter((o) => o.kind === 'mail.confirmation');
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(h.logs.join('\n')).not.toContain(contact);
  });

  it('a confirmation given up drops the fødselsnummer; "send again" asks for it, checked as at its step, and sends it', async () => {
    const contact = `dropped.${Date.now()}@acme.no`;
    const fnr = generate('268190', 0, 300);
    h.smtp.rejectRecipient(contact);
    const r0 = await fileAndAwaitCard(h, VENDOR_USER, { ...FICTITIOUS, contact_email: contact, vendor_org_number: freshOrgNumber() });
    const r = await advanceToFnrRegistered(h, r0, STAFF, fnr);
    const preview = await openConfirmationPreview(h, r, STAFF);
    await submitModal(h, { user: STAFF, callbackId: 'staff_send_confirmation', privateMetadata: preview.view.private_metadata, values: {} });

    // Given up: the number is gone from every table, not only from the request row; its kind stays.
    const card = await awaitCard(h, r, (c) => c.includes(':x: Feiler') && c.includes('slettet da e-posten feilet'));
    expect(card).toContain('_Slettet_ · syntetisk testnummer');
    const given = await reload(h, r);
    expect(given).toMatchObject({ status: 'completed', loginFnr: null, loginFnrKind: 'synthetic', loginFnrErasedAt: null });
    await awaitSettled(h, r);
    expect(await rowsContaining(h, fnr)).toEqual([]);
    const [row] = (await h.db.database.db.select().from(outbox).where(eq(outbox.requestId, r.id))).filter((o) => o.kind === 'mail.confirmation');
    expect(row).toMatchObject({ status: 'failed' });
    expect((await eventsOf(h, r)).find((e) => e.kind === 'login_fnr_dropped')).toMatchObject({ actorUserId: 'system', details: { fnrKind: 'synthetic', outboxId: row!.id } });
    expect(h.logs.join('\n')).not.toContain(fnr);

    // "Send again" opens the fødselsnummer modal, saying why.
    h.smtp.clearRejections();
    const opened = h.slack.callsOf('views.open').length;
    await clickCard(h, { user: STAFF, actionId: 'card_retry_mail', request: given, extra: String(row!.id) });
    const modal = await awaitModal(h, 'staff_reenter_fnr', opened);
    expect(allText(modal.view.blocks)).toContain('fødselsnummeret ble slettet da den feilet');
    expect(mailsTo(contact)).toHaveLength(0);
    const submit = (values: Parameters<typeof submitModal>[1]['values']) =>
      submitModal(h, { user: STAFF, callbackId: 'staff_reenter_fnr', privateMetadata: modal.view.private_metadata, values });

    // The same checks as at the step: a number that could be a real person's needs the tick.
    const real = generate('080190', 0, 500);
    const refused = await submit(text('login_fnr', real));
    expect(refused.body).toMatchObject({ response_action: 'errors', errors: { test_identity: expect.any(String) } });
    const mistyped = await submit(text('login_fnr', `${fnr.slice(0, 10)}${(Number(fnr[10]) + 1) % 10}`));
    expect(mistyped.body).toMatchObject({ response_action: 'errors', errors: { login_fnr: expect.any(String) } });
    expect(await reload(h, r)).toMatchObject({ loginFnr: null });

    expect((await submit(text('login_fnr', fnr))).text).toBe('');
    await awaitCard(h, r, (c) => c.includes(':email: Sendt'));
    const [mail] = mailsTo(contact);
    expect(mail!.parsed.text).toContain(fnr);
    expect(mailsTo(contact)).toHaveLength(1);
    // Erased once the mail server accepted it, as always.
    expect(await reload(h, r)).toMatchObject({ loginFnr: null, loginFnrKind: 'synthetic', loginFnrErasedAt: expect.any(Date) });
    await awaitSettled(h, r);
    expect(await rowsContaining(h, fnr)).toEqual([]);
    const kinds = (await eventsOf(h, r)).map((e) => e.kind);
    expect(kinds.slice(kinds.indexOf('login_fnr_dropped'))).toEqual(['login_fnr_dropped', 'fnr_reentered', 'mail_retry', 'login_fnr_erased']);
    expect((await eventsOf(h, r)).find((e) => e.kind === 'fnr_reentered')).toMatchObject({ actorUserId: STAFF, details: { fnrKind: 'synthetic' } });

    // The modal submitted again: nothing is waiting for a number now.
    const again = await submit(text('login_fnr', fnr));
    expect(allText(again.body)).toContain('ingen feilet e-post');
    expect(mailsTo(contact)).toHaveLength(1);
  });

  it('a rejection emails the reason to the contact person', async () => {
    const contact = `rejected.${Date.now()}@acme.no`;
    const r = await fileAndAwaitCard(h, VENDOR_USER, { ...FICTITIOUS, contact_email: contact, vendor_org_number: freshOrgNumber() });
    const opened = h.slack.callsOf('views.open').length;
    await clickCard(h, { user: STAFF, actionId: 'card_reject', request: r });
    const modal = await h.slack.waitForNew('views.open', opened, (a) => (a.view as { callback_id: string }).callback_id === 'staff_reject');
    await submitModal(h, { user: STAFF, callbackId: 'staff_reject', privateMetadata: (modal.args.view as { private_metadata: string }).private_metadata, values: { reason: { reason: { type: 'plain_text_input', value: 'Vi mangler <b>avtale</b>.' } } } });
    await h.smtp.waitForMessages(1);
    for (;;) {
      if (mailsTo(contact).length > 0) break;
      await h.smtp.waitForMessages(h.smtp.messages.length + 1);
    }
    const [mail] = mailsTo(contact);
    expect(mail!.parsed.subject).toContain('ikke innvilget');
    expect(mail!.parsed.text).toContain('Vi mangler <b>avtale</b>.');
    expect(mail!.parsed.html).toContain('&lt;b&gt;avtale&lt;/b&gt;');
  });
});

describe('nothing lost, nothing doubled', () => {
  it('Slack answering 429 (Retry-After) and 500 delays the receipt and card, which then arrive once', async () => {
    h.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    h.slack.failNext('chat.postMessage', { status: 500 }, 1);
    const r = await fileAndAwaitCard(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
    const ref = `TT02-${String(r.number).padStart(4, '0')}`;
    const posts = h.slack.callsOf('chat.postMessage').filter((c) => !c.failed && allText(c.args.blocks).includes(ref) && !c.args.thread_ts);
    expect(posts.filter((c) => c.args.channel === VENDOR_CHANNEL)).toHaveLength(1);
    expect(posts.filter((c) => c.args.channel === TRIAGE)).toHaveLength(1);
    expect(h.slack.callsOf('chat.postMessage').some((c) => c.failed)).toBe(true);
  });
});
