import type { AccessType, RenderedEmail } from './confirmationEmail.js';
import { multiLine, oneLine, type MailLocale } from './format.js';
import { renderHtml, renderText, type Block } from './render.js';

export interface RejectionInput {
  /** e.g. 'TT02-0042' */
  reference: string;
  vendorOrgName: string;
  contactName: string;
  /** written by staff; line breaks are kept */
  reason: string;
  accessType: AccessType;
}

function nb(reference: string, contactName: string, vendor: string, reason: string, accessType: AccessType) {
  const subject = `TT02-tilgang ikke innvilget – ${reference}`;
  const how =
    accessType === 'customer_delegation' ? 'delegering fra eksisterende kunde' : 'opprettelse av fiktiv virksomhet';
  const blocks: Block[] = [
    { kind: 'p', content: [contactName ? `Hei ${contactName},` : 'Hei,'] },
    {
      kind: 'p',
      content: [
        `Vi har behandlet bestillingen av tilgang til Brønnøysundregistrenes API-er i testmiljøet TT02 for ${vendor || 'dere'} `,
        `(${how}, referanse ${reference}). Vi kan dessverre ikke innvilge bestillingen.`,
      ],
    },
    { kind: 'h', text: 'Begrunnelse' },
    reason
      ? { kind: 'quote', text: reason }
      : { kind: 'p', content: ['Det er ikke oppgitt noen begrunnelse. Ta gjerne kontakt med oss, så forklarer vi mer.'] },
    { kind: 'h', text: 'Hva kan dere gjøre nå?' },
    {
      kind: 'p',
      content: [
        'Har du spørsmål, kan du ta kontakt med oss i Slack-kanalen dere deler med oss. Oppgi referansen ',
        { bold: reference },
        '. Der kan dere også sende inn en ny bestilling.',
      ],
    },
    { kind: 'lines', lines: [['Med vennlig hilsen'], ['Brønnøysundregistrene']] },
  ];
  return { subject, blocks };
}

function en(reference: string, contactName: string, vendor: string, reason: string, accessType: AccessType) {
  const subject = `TT02 access not granted – ${reference}`;
  const how = accessType === 'customer_delegation' ? 'delegation from an existing customer' : 'a fictitious enterprise';
  const blocks: Block[] = [
    { kind: 'p', content: [contactName ? `Hello ${contactName},` : 'Hello,'] },
    {
      kind: 'p',
      content: [
        `We have processed the request from ${vendor || 'you'} for access to the APIs of the Norwegian Register Centre (Brønnøysundregistrene) in the TT02 test environment `,
        `(${how}, reference ${reference}). Unfortunately, we cannot approve the request.`,
      ],
    },
    { kind: 'h', text: 'Reason' },
    reason
      ? { kind: 'quote', text: reason }
      : { kind: 'p', content: ['No reason was given. Please get in touch and we will explain.'] },
    { kind: 'h', text: 'What you can do now' },
    {
      kind: 'p',
      content: [
        'If you have any questions, please contact us in the Slack channel you share with us and quote reference ',
        { bold: reference },
        '. You can also submit a new request there.',
      ],
    },
    { kind: 'lines', lines: [['Kind regards,'], ['Brønnøysundregistrene (the Norwegian Register Centre)']] },
  ];
  return { subject, blocks };
}

/** Tells the vendor's contact person that the request was not approved, and why. */
export function rejectionEmail(input: RejectionInput, locale: MailLocale): RenderedEmail {
  const reference = oneLine(input.reference);
  const args = [reference, oneLine(input.contactName), oneLine(input.vendorOrgName), multiLine(input.reason ?? ''), input.accessType] as const;
  const { subject, blocks } = locale === 'en' ? en(...args) : nb(...args);
  return { subject, text: renderText(blocks), html: renderHtml(locale === 'en' ? 'en' : 'nb', subject, blocks) };
}
