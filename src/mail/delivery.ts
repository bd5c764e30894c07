import type { Config } from '../config.js';
import { EFFECT, cardUpdate, vendorNote } from '../app/effects.js';
import { SYSTEM_ACTOR } from '../app/ports.js';
import type { Db } from '../db/client.js';
import { recordEvent } from '../db/repositories/events.js';
import { enqueue } from '../db/repositories/outbox.js';
import { eraseLoginFnr } from '../db/repositories/retention.js';
import { findRequestById } from '../db/repositories/requests.js';
import type { OutboxRow, RequestRow } from '../db/schema.js';
import { formatReference } from '../domain/reference.js';
import type { Locale } from '../domain/texts/index.js';
import { PermanentDeliveryError, type OutboxHandler } from '../outbox/worker.js';
import { confirmationEmail, type AccessType } from './confirmationEmail.js';
import { customerEmail } from './customerEmail.js';
import { rejectionEmail } from './rejectionEmail.js';
import { questionEmail } from './questionEmail.js';
import { z } from 'zod';
import { PermanentMailError, type Mailer, type OutgoingMail } from './transport.js';

/**
 * Who gets the confirmation: the contact person, and nobody else but MAIL_BCC. For customer
 * delegation the customer gets an email of its own (buildCustomerEmail) that tells it what to
 * delegate and carries no fødselsnummer; it is no longer copied on the vendor's email.
 */
export function confirmationRecipients(r: RequestRow): { to: string[]; cc: string[] } {
  return { to: [r.contactEmail], cc: [] };
}

/** The customer gets its own email when it is not the contact person's own address. */
export function customerEmailed(r: RequestRow): boolean {
  return r.accessType === 'customer_delegation' && !!r.customerEmail && r.customerEmail !== r.contactEmail;
}

/** The confirmation exactly as it will be sent (also used for the staff preview). */
export function buildConfirmation(r: RequestRow, guideUrl: string, mail: Config['mail'], tt02PortalUrl: string): OutgoingMail {
  const rendered = confirmationEmail(
    {
      reference: formatReference(r.number),
      vendorOrgName: r.vendorOrgName,
      vendorOrgNumber: r.vendorOrgNumber,
      contactName: r.contactName,
      accessType: r.accessType as AccessType,
      loginFnr: r.loginFnr ?? '',
      fictitiousOrgNumber: r.fictitiousOrgNumber,
      customerOrgName: r.customerOrgName,
      customerOrgNumber: r.customerOrgNumber,
      maskinportenGuideUrl: guideUrl,
      tt02PortalUrl,
      customerEmailed: customerEmailed(r),
      archiveCopy: !!mail.bcc,
    },
    r.locale as Locale,
  );
  const { to } = confirmationRecipients(r);
  return {
    to,
    ...(mail.bcc ? { bcc: [mail.bcc] } : {}),
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    ...rendered,
    idempotencyKey: `tt02-confirmation-${r.id}`,
  };
}

/** The customer's own email (customer delegation): bilingual, without the fødselsnummer. */
export function buildCustomerEmail(r: RequestRow, mail: Config['mail'], tt02PortalUrl: string): OutgoingMail {
  if (!r.customerEmail) throw new PermanentDeliveryError('the request has no customer email address');
  const rendered = customerEmail({
    reference: formatReference(r.number),
    vendorOrgName: r.vendorOrgName,
    vendorOrgNumber: r.vendorOrgNumber,
    customerOrgName: r.customerOrgName ?? '',
    customerOrgNumber: r.customerOrgNumber ?? '',
    tt02PortalUrl,
  });
  return {
    to: [r.customerEmail],
    ...(mail.bcc ? { bcc: [mail.bcc] } : {}),
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    ...rendered,
    idempotencyKey: `tt02-customer-${r.id}`,
  };
}

export function buildRejection(r: RequestRow, mail: Config['mail']): OutgoingMail {
  const rendered = rejectionEmail(
    {
      reference: formatReference(r.number),
      vendorOrgName: r.vendorOrgName,
      contactName: r.contactName,
      reason: r.rejectionReason ?? '',
      accessType: r.accessType as AccessType,
    },
    r.locale as Locale,
  );
  return {
    to: [r.contactEmail],
    ...(mail.bcc ? { bcc: [mail.bcc] } : {}),
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    ...rendered,
    idempotencyKey: `tt02-rejection-${r.id}`,
  };
}

/** Staff's question, to the contact person; `key` makes its Message-ID (one per question). */
export function buildQuestionMail(r: RequestRow, question: string, key: string, mail: Config['mail']): OutgoingMail {
  const rendered = questionEmail(
    { reference: formatReference(r.number), vendorOrgName: r.vendorOrgName, contactName: r.contactName, question },
    r.locale as Locale,
  );
  return {
    to: [r.contactEmail],
    ...(mail.bcc ? { bcc: [mail.bcc] } : {}),
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    ...rendered,
    idempotencyKey: `tt02-${key}`,
  };
}

const questionPayload = z.object({ question: z.string() });

async function send(mailer: Mailer, mail: OutgoingMail) {
  let sent;
  try {
    sent = await mailer.send(mail);
  } catch (err) {
    if (err instanceof PermanentMailError) throw new PermanentDeliveryError(err.message);
    throw err;
  }
  // Copies may go through while the main recipient is refused: that is not a delivered confirmation.
  const refused = mail.to.filter((a) => sent.rejected.map((r) => r.toLowerCase()).includes(a.toLowerCase()));
  if (refused.length > 0) throw new PermanentDeliveryError("the mail server refused the contact person's address");
  return sent;
}

export function mailDeliveryHandlers(o: { db: Db; mailer: Mailer; config: Config; notify: () => void }): Record<string, OutboxHandler> {
  const request = async (row: OutboxRow) => {
    const r = row.requestId ? await findRequestById(o.db, row.requestId) : undefined;
    if (!r) throw new PermanentDeliveryError(`request ${row.requestId} not found`);
    return r;
  };
  return {
    [EFFECT.confirmationMail]: async (row) => {
      const r = await request(row);
      // Erased only once the mail server accepted it, so an erased number means: already sent.
      if (r.loginFnrErasedAt) return { alreadyAccepted: true };
      if (r.purgedAt) throw new PermanentDeliveryError('the personal data of this request has been purged');
      const sent = await send(o.mailer, buildConfirmation(r, o.config.maskinportenGuideUrl, o.config.mail, o.config.tt02PortalUrl));
      await o.db.transaction(async (tx) => {
        // The fødselsnummer was needed only for this email: the mail server has it now. Its kind stays for the audit.
        const erased = await eraseLoginFnr(tx, r.id, new Date());
        if (erased) {
          await recordEvent(tx, { requestId: r.id, kind: 'login_fnr_erased', actorUserId: SYSTEM_ACTOR, details: { fnrKind: erased.kind } });
        }
        await enqueue(tx, [
          vendorNote(r.id, 'confirmation-sent', { kind: 'confirmation_sent', recipientName: r.contactName }),
          cardUpdate(r.id, `mail-sent-${row.id}-${row.attempts}`),
        ]);
      });
      o.notify();
      return { messageId: sent.messageId, accepted: sent.accepted.length, rejected: sent.rejected.length };
    },
    [EFFECT.customerMail]: async (row) => {
      const r = await request(row);
      // The same address as the contact person's: the confirmation already told them.
      if (!customerEmailed(r)) return { skipped: true };
      if (r.purgedAt) throw new PermanentDeliveryError('the personal data of this request has been purged');
      const sent = await send(o.mailer, buildCustomerEmail(r, o.config.mail, o.config.tt02PortalUrl));
      return { messageId: sent.messageId };
    },
    [EFFECT.questionMail]: async (row) => {
      const r = await request(row);
      if (r.purgedAt) throw new PermanentDeliveryError('the personal data of this request has been purged');
      const payload = questionPayload.safeParse(row.payload);
      if (!payload.success) throw new PermanentDeliveryError('the question email has no question');
      const sent = await send(o.mailer, buildQuestionMail(r, payload.data.question, row.dedupeKey, o.config.mail));
      return { messageId: sent.messageId };
    },
    [EFFECT.rejectionMail]: async (row) => {
      const r = await request(row);
      if (r.purgedAt) throw new PermanentDeliveryError('the personal data of this request has been purged');
      const sent = await send(o.mailer, buildRejection(r, o.config.mail));
      return { messageId: sent.messageId };
    },
  };
}
