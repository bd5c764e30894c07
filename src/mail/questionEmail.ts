import type { Platform } from '../domain/address.js';
import { texts, type Locale } from '../domain/texts/index.js';
import { appName, type RenderedEmail } from './confirmationEmail.js';
import { multiLine, oneLine } from './format.js';
import { renderHtml, renderText, type Block } from './render.js';

export interface QuestionInput {
  /** e.g. 'TT02-0042' */
  reference: string;
  vendorOrgName: string;
  contactName: string;
  /** written by staff; line breaks are kept */
  question: string;
  /** Where the vendor meets us (the request's platform): the email names that channel. Default Slack. */
  platform?: Platform;
}

/** Staff's question to the vendor, also emailed to the contact person. One template, texts from the catalogue. */
export function questionEmail(input: QuestionInput, locale: Locale): RenderedEmail {
  const m = texts(locale).mail;
  const q = m.question;
  const reference = oneLine(input.reference);
  const subject = q.subject(reference);
  const blocks: Block[] = [
    { kind: 'p', content: [m.greeting(oneLine(input.contactName))] },
    { kind: 'p', content: [q.intro(oneLine(input.vendorOrgName) || m.fallbackVendor, reference)] },
    { kind: 'h', text: q.questionHeading },
    { kind: 'quote', text: multiLine(input.question) },
    { kind: 'h', text: q.answerHeading },
    { kind: 'p', content: [q.answer(reference, appName(input.platform))] },
    { kind: 'lines', lines: m.signOff.map((line) => [line]) },
  ];
  return { subject, text: renderText(blocks), html: renderHtml(locale, subject, blocks) };
}
