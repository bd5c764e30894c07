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
  awaitThreadNote,
  clickCard,
  fileAndAwaitCard,
  openConfirmationPreview,
  reload,
  submitModal,
} from '../support/triage.js';

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

  it('an address the mail server refuses for good shows as failing on the card, without endless retries, and can be retried', async () => {
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

    h.smtp.clearRejections();
    await clickCard(h, { user: STAFF, actionId: 'card_retry_mail', request: await reload(h, r), extra: String(row!.id) });
    await awaitCard(h, r, (c) => c.includes(':email: Sendt'));
    expect(mailsTo(contact)).toHaveLength(1);
  });

  it('a rejection emails the reason to the contact person', async () => {
    const contact = `rejected.${Date.now()}@acme.no`;
    const r = await fileAndAwaitCard(h, VENDOR_USER, { ...FICTITIOUS, contact_email: contact, vendor_org_number: freshOrgNumber() });
    const opened = h.slack.callsOf('views.open').length;
    await clickCard(h, { user: STAFF, actionId: 'card_reject', request: r });
    const modal = await h.slack.waitFor('views.open', (a) => (a.view as { callback_id: string }).callback_id === 'staff_reject' && h.slack.callsOf('views.open').length > opened);
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
