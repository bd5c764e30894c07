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
import { rejectionEmail } from './rejectionEmail.js';
import { PermanentMailError, type Mailer, type OutgoingMail } from './transport.js';

/**
 * Who gets the confirmation. The contact person always. For customer delegation the customer is
 * copied: the source says the customer must delegate the access to the vendor in Altinn once it
 * is ready, so the customer needs the same news; for a fictitious enterprise there is no customer.
 */
export function confirmationRecipients(r: RequestRow): { to: string[]; cc: string[] } {
  const cc = r.accessType === 'customer_delegation' && r.customerEmail && r.customerEmail !== r.contactEmail ? [r.customerEmail] : [];
  return { to: [r.contactEmail], cc };
}

/** The confirmation exactly as it will be sent (also used for the staff preview). */
export function buildConfirmation(r: RequestRow, guideUrl: string, mail: Config['mail']): OutgoingMail {
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
    },
    r.locale as Locale,
  );
  const { to, cc } = confirmationRecipients(r);
  return {
    to,
    cc,
    ...(mail.bcc ? { bcc: [mail.bcc] } : {}),
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    ...rendered,
    idempotencyKey: `tt02-confirmation-${r.id}`,
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
      const sent = await send(o.mailer, buildConfirmation(r, o.config.maskinportenGuideUrl, o.config.mail));
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
    [EFFECT.rejectionMail]: async (row) => {
      const r = await request(row);
      if (r.purgedAt) throw new PermanentDeliveryError('the personal data of this request has been purged');
      const sent = await send(o.mailer, buildRejection(r, o.config.mail));
      return { messageId: sent.messageId };
    },
  };
}

/**
 * A failing confirmation shows on the card: "retrying" after its first failure, "failing" with a
 * retry button once given up. (Not on every retry: the card would flicker.)
 */
export async function onMailFailed(db: Db, row: OutboxRow, _error: string, final: boolean, notify: () => void): Promise<void> {
  if (row.kind !== EFFECT.confirmationMail || !row.requestId) return;
  if (!final && row.attempts !== 1) return;
  await enqueue(db, [cardUpdate(row.requestId, `mail-${final ? 'failed' : 'retrying'}-${row.id}-${row.attempts}`)]);
  notify();
}
