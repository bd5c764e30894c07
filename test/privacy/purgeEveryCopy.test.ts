/**
 * The purge reaches every copy (issue 28, item 3): after it, no personal data and no free text of the
 * request is left in the database (the request row, the outbox, the audit trail), in the files
 * (`.eml`, file mode) or in the posts Slack shows (the fake Slack's stored messages, as they stand).
 * A vendor who writes after the purge is still mirrored, but its words are stored nowhere.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRetention } from '../../src/app/retention.js';
import { outbox } from '../../src/db/schema.js';
import { maskFnr } from '../../src/domain/fnr.js';
import { STAFF, TRIAGE, VENDOR_USER, startHarness, type Harness } from '../support/harness.js';
import { generate } from '../support/fnr.js';
import { writeInThread } from '../support/threadMessages.js';
import { allText, awaitModal, clickCard, fileAndAwaitCard, reload, submitModal, text } from '../support/triage.js';
import { askAndAnswer, awaitSettled, daysFromNow, registerFnr, rowsContaining, sendConfirmation, uniquePeople } from './support.js';

let h: Harness;
let dataDir: string;
let mailDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'tt02-purge-every-copy-'));
  mailDir = path.join(dataDir, 'mail');
  h = await startHarness({ env: { SMTP_URL: '', DATA_DIR: dataDir, RETENTION_DAYS: '90' } });
}, 60_000);
afterAll(async () => {
  await h?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** The request's .eml files, as text. */
const mailsOf = async (r: { id: string }) => {
  const names = (await readdir(mailDir).catch(() => [] as string[])).filter((n) => n.includes(r.id));
  return Promise.all(names.map((n) => readFile(path.join(mailDir, n), 'utf8')));
};

/** Everything Slack shows now: every stored message's text and blocks (not the fake's call log). */
const postsShown = () =>
  [...h.slack.messages.values()].filter((m) => !m.deleted).map((m) => `${m.channel}/${m.ts}: ${String(m.text ?? '')} ${allText(m.blocks ?? [])}`);

describe('the purge reaches every copy', () => {
  it('leaves no personal data or free text in the database, the files or the posts; the .eml loses the fnr as soon as it is erased', async () => {
    const people = uniquePeople();
    const fnr = generate('238190');
    const tag = people.contactEmail.split('@')[0]!.split('.')[1]!;
    const vendorWords = `Vi har en testbruker ${tag}-vendor-ord`;
    const question = `Hvilken tjeneste gjelder det ${tag}-spørsmål?`;
    const answer = `Skatteetaten sitt API ${tag}-svar`;
    const staffReply = `Takk, vi ser på det ${tag}-staff-svar`;
    const afterPurge = `Hei igjen ${tag}-etter-sletting`;

    const r0 = await fileAndAwaitCard(h, VENDOR_USER, people.fields('delegation'));
    await writeInThread(h, r0, { user: VENDOR_USER, text: vendorWords, eventId: `Ev${tag}1` });
    await h.slack.waitFor('chat.postMessage', (a) => a.channel === TRIAGE && allText(a.blocks).includes(vendorWords));
    const r1 = await askAndAnswer(h, r0, question, answer);

    const opened = h.slack.callsOf('views.open').length;
    await clickCard(h, { user: STAFF, actionId: 'card_reply_vendor', request: r1 });
    const m = await awaitModal(h, 'staff_reply_vendor', opened);
    await submitModal(h, { user: STAFF, callbackId: 'staff_reply_vendor', privateMetadata: m.view.private_metadata, values: text('reply', staffReply) });
    await h.slack.waitFor('chat.postMessage', (a) => allText(a.blocks).includes(staffReply));

    const done = await sendConfirmation(h, await registerFnr(h, await reload(h, r1), fnr, false));
    await awaitSettled(h, done);

    // The fnr is erased once the email is out: from the .eml at once too, which keeps it masked.
    expect((await reload(h, done)).loginFnr).toBeNull();
    const mails = await mailsOf(done);
    expect(mails.length).toBeGreaterThan(0);
    for (const mail of mails) expect(mail).not.toContain(fnr);
    expect(mails.join('\n')).toContain(maskFnr(fnr).slice(-2));

    // Before the purge the copies are there: the scan below can find them.
    const personal = [people.contactName, people.contactEmail, people.contactPhone.slice(3), people.customerEmail, people.customerPhone.slice(3), fnr, vendorWords, question, answer, staffReply];
    expect(postsShown().join('\n')).toContain(vendorWords);
    expect(postsShown().join('\n')).toContain(people.contactName);

    const run = await runRetention({ db: h.db.database.db, outboxNotify: () => h.server.worker!.kick() }, {
      now: daysFromNow(91),
      retentionDays: 90,
      mailDir,
    });
    expect(run.purged).toContain(done.id);
    await awaitSettled(h, done);

    // The vendor writes after the purge: staff are told, the words are stored nowhere.
    await writeInThread(h, done, { user: VENDOR_USER, text: afterPurge, eventId: `Ev${tag}2` });
    await h.slack.waitFor('chat.postMessage', (a) => a.channel === TRIAGE && a.thread_ts === done.triageTs && allText(a.blocks).includes('kopieres ikke'));
    await awaitSettled(h, done);

    for (const needle of [...personal, afterPurge]) {
      expect(await rowsContaining(h, needle), needle).toEqual([]);
      expect((await mailsOf(done)).filter((mail) => mail.includes(needle)), needle).toEqual([]);
      expect(postsShown().filter((p) => p.includes(needle)), needle).toEqual([]);
    }
    // The redacted posts say so; the redactions went through the outbox.
    // The vendor's words under the card, the question, staff's reply and the "confirmation sent" note naming the contact.
    expect(postsShown().filter((p) => p.includes('Slettet etter oppbevaringsregelen'))).toHaveLength(4);
    const redactions = await h.db.database.db.select().from(outbox).where(and(eq(outbox.requestId, done.id), eq(outbox.kind, 'slack.post.redact')));
    expect(redactions.every((row) => row.status === 'done')).toBe(true);
  }, 120_000);
});
