import { texts, type Locale } from '../domain/texts/index.js';
import type { RenderedEmail } from './confirmationEmail.js';
import { multiLine, oneLine } from './format.js';
import { renderHtml, renderText, type Block } from './render.js';

export interface NudgeInput {
  /** e.g. 'TT02-0042' */
  reference: string;
  vendorOrgName: string;
  contactName: string;
  /** staff's open question; line breaks are kept */
  question: string;
  /** e.g. '3 working days' */
  waited: string;
}

/** Reminds the vendor's contact person of a question that has gone unanswered. One template, texts from the catalogue. */
export function nudgeEmail(input: NudgeInput, locale: Locale): RenderedEmail {
  const m = texts(locale).mail;
  const n = m.nudge;
  const reference = oneLine(input.reference);
  const question = multiLine(input.question ?? '');
  const subject = n.subject(reference);
  const blocks: Block[] = [
    { kind: 'p', content: [m.greeting(oneLine(input.contactName))] },
    { kind: 'p', content: [n.intro(oneLine(input.vendorOrgName) || m.fallbackVendor, reference, input.waited)] },
    ...(question ? ([{ kind: 'h', text: n.questionHeading }, { kind: 'quote', text: question }] satisfies Block[]) : []),
    { kind: 'p', content: [n.how] },
    { kind: 'lines', lines: m.signOff.map((line) => [line]) },
  ];
  return { subject, text: renderText(blocks), html: renderHtml(locale, subject, blocks) };
}
