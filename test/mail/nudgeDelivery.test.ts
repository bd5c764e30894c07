import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EFFECT } from '../../src/app/effects.js';
import type { Ports } from '../../src/app/ports.js';
import type { OutboxRow } from '../../src/app/rows.js';
import { askForInformation } from '../../src/app/staffSteps.js';
import { listEvents } from '../../src/db/repositories/events.js';
import { requests } from '../../src/db/schema.js';
import { nudgeMailHandlers } from '../../src/mail/nudgeDelivery.js';
import { createMailer, type Mailer } from '../../src/mail/transport.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { startSmtpSink, type SmtpSink } from '../support/smtpSink.js';

const MAIL = { from: 'tt02@brreg.example', dir: '.' };

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

describe('the vendor nudge email', () => {
  it("gives the register's name of the vendor, like every other email, not the name the vendor typed", async () => {
    const [r] = await t.database.db
      .insert(requests)
      .values({
        status: 'submitted',
        accessType: 'fictitious_enterprise',
        vendorOrgNumber: '974760673',
        vendorOrgName: 'Typed Vendor Name',
        vendorRegister: { name: 'ACME SYSTEMER AS', orgForm: 'AS', bankrupt: false, windingUp: false },
        contactName: 'Kari Nordmann',
        contactEmail: 'kari@leverandor.example',
        contactPhone: '+4741234567',
        requesterUserId: 'UVENDOR01',
        channelId: 'CVENDOR01',
        submissionKey: 'nudge-register-name',
      })
      .returning();
    const ports: Ports = { db: t.database.db, outboxNotify: () => {} };
    expect(await askForInformation(ports, { requestId: r!.id, actor: { userId: 'USTAFF001' }, question: 'Hvilket miljø?' })).toMatchObject({ kind: 'ok' });
    const question = (await listEvents(t.database.db, r!.id)).find((e) => e.kind === 'needs_info')!;
    const nudge = nudgeMailHandlers({ ports, mailer, mail: MAIL })[EFFECT.nudgeMail]!;
    const row = { id: 1, requestId: r!.id, kind: EFFECT.nudgeMail } as OutboxRow;
    await nudge({ row, payload: { questionEventId: question.id, days: 3 } });

    const [mail] = await sink.waitForMessages(1);
    const all = `${mail!.parsed.subject}\n${mail!.parsed.text}\n${mail!.parsed.html}`;
    expect(mail!.parsed.text).toContain('ACME SYSTEMER AS');
    expect(all).not.toContain('Typed Vendor Name');
  });
});
