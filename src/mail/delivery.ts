import type { Config } from '../config.js';
import { EFFECT } from '../app/effects.js';
import type { EffectHandlers } from '../app/outbox/dispatch.js';
import { recordConfirmationAccepted, requestToDeliver } from '../app/outbox/deliveries.js';
import { PermanentDeliveryError } from '../app/outbox/worker.js';
import type { Ports } from '../app/ports.js';
import type { RequestRow } from '../app/rows.js';
import { formatReference } from '../domain/reference.js';
import { customerGetsEmail } from '../domain/stepEffects.js';
import { maskFnr } from '../domain/fnr.js';
import { confirmationEmail } from './confirmationEmail.js';
import { customerEmail } from './customerEmail.js';
import { rejectionEmail } from './rejectionEmail.js';
import { questionEmail } from './questionEmail.js';
import { orgNames } from './orgNames.js';
import { outgoingMail, sendMail } from './sendMail.js';
import type { Mailer, OutgoingMail } from './transport.js';

/**
 * Who gets the confirmation: the contact person, and nobody else but MAIL_BCC. For customer
 * delegation the customer gets an email of its own (buildCustomerEmail) that tells it what to
 * delegate and carries no fødselsnummer; it is no longer copied on the vendor's email.
 */
export function confirmationRecipients(r: RequestRow): { to: string[]; cc: string[] } {
  return { to: [r.contactEmail], cc: [] };
}

/** The confirmation exactly as it will be sent (also used for the staff preview). */
export function buildConfirmation(r: RequestRow, guideUrl: string, mail: Config['mail'], tt02PortalUrl: string): OutgoingMail {
  const rendered = confirmationEmail(
    {
      reference: formatReference(r.number),
      ...orgNames(r),
      vendorOrgNumber: r.vendorOrgNumber,
      contactName: r.contactName,
      accessType: r.accessType,
      loginFnr: r.loginFnr ?? '',
      fictitiousOrgNumber: r.fictitiousOrgNumber,
      customerOrgNumber: r.customerOrgNumber,
      maskinportenGuideUrl: guideUrl,
      tt02PortalUrl,
      customerEmailed: customerGetsEmail(r),
      archiveCopy: !!mail.bcc,
      platform: r.platform,
    },
    r.locale,
  );
  return outgoingMail(confirmationRecipients(r).to, rendered, `tt02-confirmation-${r.id}`, mail);
}

/** The customer's own email (customer delegation): bilingual, without the fødselsnummer. */
export function buildCustomerEmail(r: RequestRow, mail: Config['mail'], tt02PortalUrl: string): OutgoingMail {
  if (!r.customerEmail) throw new PermanentDeliveryError('the request has no customer email address');
  const rendered = customerEmail({
    reference: formatReference(r.number),
    vendorOrgName: orgNames(r).vendorOrgName,
    vendorOrgNumber: r.vendorOrgNumber,
    customerOrgName: orgNames(r).customerOrgName ?? '',
    customerOrgNumber: r.customerOrgNumber ?? '',
    tt02PortalUrl,
  });
  return outgoingMail([r.customerEmail], rendered, `tt02-customer-${r.id}`, mail);
}

export function buildRejection(r: RequestRow, mail: Config['mail']): OutgoingMail {
  const rendered = rejectionEmail(
    {
      reference: formatReference(r.number),
      vendorOrgName: orgNames(r).vendorOrgName,
      contactName: r.contactName,
      reason: r.rejectionReason ?? '',
      accessType: r.accessType,
      platform: r.platform,
    },
    r.locale,
  );
  return outgoingMail([r.contactEmail], rendered, `tt02-rejection-${r.id}`, mail);
}

/** Staff's question, to the contact person; `key` makes its Message-ID (one per question). */
export function buildQuestionMail(r: RequestRow, question: string, key: string, mail: Config['mail']): OutgoingMail {
  const rendered = questionEmail(
    { reference: formatReference(r.number), vendorOrgName: orgNames(r).vendorOrgName, contactName: r.contactName, question, platform: r.platform },
    r.locale,
  );
  return outgoingMail([r.contactEmail], rendered, `tt02-${key}`, mail);
}


/** Outbox handlers for every email; what a sent email changes is recorded through app/. */
export function mailDeliveryHandlers(o: { ports: Pick<Ports, 'db' | 'outboxNotify'>; mailer: Mailer; config: Config }): EffectHandlers {
  const { ports } = o;
  return {
    [EFFECT.confirmationMail]: async ({ row }) => {
      const r = await requestToDeliver(ports, row);
      // Erased only once the mail server accepted it, so an erased number means: already sent.
      if (r.loginFnrErasedAt) return { alreadyAccepted: true };
      if (r.purgedAt) throw new PermanentDeliveryError('the personal data of this request has been purged');
      // Dropped when it was given up before: staff enter it again first (app/reenterFnr.ts).
      if (!r.loginFnr) throw new PermanentDeliveryError('the request has no fødselsnummer to send');
      const sent = await sendMail(o.mailer, buildConfirmation(r, o.config.maskinportenGuideUrl, o.config.mail, o.config.tt02PortalUrl));
      // File mode: the .eml is a copy of the number that its erasure below must reach too; it keeps
      // the number masked. Before the erasure, so that a crash in between sends (and masks) again.
      if (sent.file && o.mailer.rewrite && r.loginFnr) {
        await o.mailer.rewrite(sent.file, buildConfirmation({ ...r, loginFnr: maskFnr(r.loginFnr) }, o.config.maskinportenGuideUrl, o.config.mail, o.config.tt02PortalUrl));
      }
      // The fødselsnummer was needed only for this email: the mail server has it now.
      await recordConfirmationAccepted(ports, r, row);
      return { messageId: sent.messageId, accepted: sent.accepted.length, rejected: sent.rejected.length };
    },
    [EFFECT.customerMail]: async ({ row }) => {
      const r = await requestToDeliver(ports, row);
      // Queued only when the customer gets one; its address may have been corrected to the contact
      // person's since, and the confirmation already reaches them.
      if (!customerGetsEmail(r)) return { skipped: true };
      if (r.purgedAt) throw new PermanentDeliveryError('the personal data of this request has been purged');
      const sent = await sendMail(o.mailer, buildCustomerEmail(r, o.config.mail, o.config.tt02PortalUrl), 'customer');
      return { messageId: sent.messageId };
    },
    [EFFECT.questionMail]: async ({ row, payload }) => {
      const r = await requestToDeliver(ports, row);
      if (r.purgedAt) throw new PermanentDeliveryError('the personal data of this request has been purged');
      const sent = await sendMail(o.mailer, buildQuestionMail(r, payload.question, row.dedupeKey, o.config.mail));
      return { messageId: sent.messageId };
    },
    [EFFECT.rejectionMail]: async ({ row }) => {
      const r = await requestToDeliver(ports, row);
      if (r.purgedAt) throw new PermanentDeliveryError('the personal data of this request has been purged');
      const sent = await sendMail(o.mailer, buildRejection(r, o.config.mail));
      return { messageId: sent.messageId };
    },
  };
}
