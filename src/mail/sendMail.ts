import type { Config } from '../config.js';
import { PermanentDeliveryError } from '../app/outbox/worker.js';
import type { RenderedEmail } from './confirmationEmail.js';
import { PermanentMailError, type Mailer, type OutgoingMail, type SentMail } from './transport.js';

/**
 * An email as every kind goes out: to its recipients, with brreg's archive copy (MAIL_BCC) and the
 * reply address (MAIL_REPLY_TO); `idempotencyKey` makes its Message-ID.
 */
export function outgoingMail(to: string[], rendered: RenderedEmail, idempotencyKey: string, mail: Config['mail']): OutgoingMail {
  return {
    to,
    ...(mail.bcc ? { bcc: [mail.bcc] } : {}),
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    ...rendered,
    idempotencyKey,
  };
}

/**
 * Sends an email for the outbox: the one rule for every kind of email. It is delivered only when the
 * mail server accepted every address it is written to (`to`): an email to the contact person must
 * reach the contact person, and the archive copy (MAIL_BCC) going through alone is no delivery. A
 * refused addressee, like any permanent SMTP error, gives the row up: it shows on the card with
 * "send again", its error naming `addressee`, never the address. Anything else is retried. A
 * refused copy alone does not fail it.
 */
export async function sendMail(mailer: Mailer, mail: OutgoingMail, addressee: 'contact person' | 'customer' = 'contact person'): Promise<SentMail> {
  let sent: SentMail;
  try {
    sent = await mailer.send(mail);
  } catch (err) {
    if (err instanceof PermanentMailError) throw new PermanentDeliveryError(err.message);
    throw err;
  }
  const rejected = new Set(sent.rejected.map((a) => a.toLowerCase()));
  if (mail.to.some((a) => rejected.has(a.toLowerCase()))) throw new PermanentDeliveryError(`the mail server refused the ${addressee}'s address`);
  return sent;
}
