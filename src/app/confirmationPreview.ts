import type { RequestRow } from '../db/schema.js';
import { customerGetsEmail } from '../domain/stepEffects.js';
import type { Ports } from './ports.js';

/** An email as staff preview it: who gets it and what it says (the mail adapter renders it). */
export interface MailPreview {
  to: string[];
  cc?: string[];
  bcc?: string[];
  subject: string;
  text: string;
}

/** What the mail adapter lends app/ at start-up to show staff the confirmation before it is sent. */
export interface ConfirmationMails {
  /** The confirmation exactly as it will be sent; throws when the request lacks what it needs. */
  confirmation(r: RequestRow): MailPreview;
}

export type ConfirmationPreview =
  | { kind: 'ok'; mail: MailPreview; names: { to: string; customer?: { name: string; address: string } } }
  | { kind: 'not_ready'; error: string };

/** "Send confirmation": the email as it will go out, and to whom, before anything is sent. */
export function previewConfirmation(ports: Pick<Ports, 'mails'>, request: RequestRow): ConfirmationPreview {
  if (!ports.mails) return { kind: 'not_ready', error: 'no mail adapter' };
  let mail: MailPreview;
  try {
    mail = ports.mails.confirmation(request);
  } catch (err) {
    return { kind: 'not_ready', error: err instanceof Error ? err.message : String(err) };
  }
  const customer = customerGetsEmail(request)
    ? { name: request.customerOrgName ?? '', address: request.customerEmail ?? '' }
    : undefined;
  return { kind: 'ok', mail, names: { to: request.contactName, ...(customer ? { customer } : {}) } };
}
