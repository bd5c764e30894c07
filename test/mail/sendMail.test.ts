import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EFFECT } from '../../src/app/effects.js';
import { PermanentDeliveryError } from '../../src/app/outbox/worker.js';
import type { Ports } from '../../src/app/ports.js';
import type { OutboxRow } from '../../src/app/rows.js';
import { askForInformation } from '../../src/app/staffSteps.js';
import { listEvents } from '../../src/db/repositories/events.js';
import { requests } from '../../src/db/schema.js';
import { nudgeMailHandlers } from '../../src/mail/nudgeDelivery.js';
import { outgoingMail, sendMail } from '../../src/mail/sendMail.js';
import { createMailer, type Mailer } from '../../src/mail/transport.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { startSmtpSink, type SmtpSink } from '../support/smtpSink.js';

const CONTACT = 'kari@leverandor.example';
const ARCHIVE = 'arkiv@brreg.example';
const MAIL = { from: 'tt02@brreg.example', dir: '.', bcc: ARCHIVE };
const content = { subject: 'TT02-0042', text: 'Hei Kari', html: '<p>Hei Kari</p>' };

let sink: SmtpSink;
let mailer: Mailer;
let t: TestDatabase;
beforeAll(async () => {
  sink = await startSmtpSink();
  mailer = createMailer({ smtpUrl: sink.url, from: MAIL.from });
  t = await openTestDatabase();
});
afterAll(async () => {
  await mailer?.close();
  await sink?.close();
  await t?.drop();
});
beforeEach(() => {
  sink.clearRejections();
  sink.reset();
});

describe('one rule for every email: delivered only when its addressee got it', () => {
  it('an email whose addressee the server refuses is given up, even though the archive copy went through', async () => {
    sink.rejectRecipient(CONTACT);
    const err = await sendMail(mailer, outgoingMail([CONTACT], content, 'refused-contact', MAIL)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect((err as Error).message).not.toContain('@');
    // The copy reached the archive: that is no delivery to the contact person.
    expect((await sink.waitForMessages(1))[0]!.envelope.to).toEqual([ARCHIVE]);
  });

  it('a refused archive copy alone does not fail the email', async () => {
    sink.rejectRecipient(ARCHIVE);
    const sent = await sendMail(mailer, outgoingMail([CONTACT], content, 'refused-archive', MAIL));
    expect(sent.rejected).toEqual([ARCHIVE]);
    expect((await sink.waitForMessages(1))[0]!.envelope.to).toEqual([CONTACT]);
  });

  it('a nudge to a contact person the server refuses is given up like a confirmation, not reported sent', async () => {
    const [r] = await t.database.db
      .insert(requests)
      .values({
        status: 'submitted',
        accessType: 'fictitious_enterprise',
        vendorOrgNumber: '974760673',
        vendorOrgName: 'Leverandør AS',
        contactName: 'Kari Nordmann',
        contactEmail: CONTACT,
        contactPhone: '+4741234567',
        requesterUserId: 'UVENDOR01',
        channelId: 'CVENDOR01',
        submissionKey: 'nudge-refused',
      })
      .returning();
    const ports: Ports = { db: t.database.db, outboxNotify: () => {} };
    expect(await askForInformation(ports, { requestId: r!.id, actor: { userId: 'USTAFF001' }, question: 'Hvilket miljø?' })).toMatchObject({ kind: 'ok' });
    const question = (await listEvents(t.database.db, r!.id)).find((e) => e.kind === 'needs_info')!;
    const nudge = nudgeMailHandlers({ ports, mailer, mail: MAIL })[EFFECT.nudgeMail]!;
    sink.rejectRecipient(CONTACT);
    const row = { id: 1, requestId: r!.id, kind: EFFECT.nudgeMail } as OutboxRow;
    await expect(nudge({ row, payload: { questionEventId: question.id, days: 3 } })).rejects.toBeInstanceOf(PermanentDeliveryError);
  });
});
