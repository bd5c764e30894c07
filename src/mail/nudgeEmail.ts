import type { Platform } from '../domain/address.js';
import { texts, type Locale } from '../domain/texts/index.js';
import { appName, type RenderedEmail } from './confirmationEmail.js';
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
  /** Where the vendor meets us (the request's platform): the email names that channel. Default Slack. */
  platform?: Platform;
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
    { kind: 'p', content: [n.how(appName(input.platform))] },
    { kind: 'lines', lines: m.signOff.map((line) => [line]) },
  ];
  return { subject, text: renderText(blocks), html: renderHtml(locale, subject, blocks) };
}
