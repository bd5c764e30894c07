import type { Platform } from '../domain/address.js';
import { texts, type Locale } from '../domain/texts/index.js';
import type { AccessType } from '../domain/intake.js';
import { appName, type RenderedEmail } from './confirmationEmail.js';
import { multiLine, oneLine } from './format.js';
import { renderHtml, renderText, type Block } from './render.js';

export interface RejectionInput {
  /** e.g. 'TT02-0042' */
  reference: string;
  vendorOrgName: string;
  contactName: string;
  /** written by staff; line breaks are kept */
  reason: string;
  accessType: AccessType;
  /** Where the vendor meets us (the request's platform): the email names that channel. Default Slack. */
  platform?: Platform;
}

/** Tells the vendor's contact person that the request was not approved, and why. One template, texts from the catalogue. */
export function rejectionEmail(input: RejectionInput, locale: Locale): RenderedEmail {
  const m = texts(locale).mail;
  const r = m.rejection;
  const reference = oneLine(input.reference);
  const reason = multiLine(input.reason ?? '');
  const subject = r.subject(reference);
  const blocks: Block[] = [
    { kind: 'p', content: [m.greeting(oneLine(input.contactName))] },
    { kind: 'p', content: [r.intro(oneLine(input.vendorOrgName) || r.fallbackVendor, r.how[input.accessType], reference)] },
    { kind: 'h', text: r.reasonHeading },
    reason ? { kind: 'quote', text: reason } : { kind: 'p', content: [r.noReason] },
    { kind: 'h', text: r.nextHeading },
    { kind: 'p', content: [r.next(reference, appName(input.platform))] },
    { kind: 'lines', lines: m.signOff.map((line) => [line]) },
  ];
  return { subject, text: renderText(blocks), html: renderHtml(locale, subject, blocks) };
}
