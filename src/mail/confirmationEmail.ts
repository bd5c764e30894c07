import type { Platform } from '../domain/address.js';
import type { AccessType } from '../domain/intake.js';
import { parseFnr } from '../domain/fnr.js';
import { texts, type Locale } from '../domain/texts/index.js';
import { assertHttpUrl, formatOrgNumber, oneLine } from './format.js';
import { renderHtml, renderText, withLink, type Block } from './render.js';

export interface ConfirmationInput {
  /** e.g. 'TT02-0042' */
  reference: string;
  vendorOrgName: string;
  vendorOrgNumber: string;
  contactName: string;
  accessType: AccessType;
  /** fødselsnummer of the test person to log in to TT02 with (synthetic, or a confirmed test identity) */
  loginFnr: string;
  fictitiousOrgNumber?: string | null;
  customerOrgName?: string | null;
  customerOrgNumber?: string | null;
  maskinportenGuideUrl: string;
  /** Altinn's TT02 portal, where the vendor logs in */
  tt02PortalUrl: string;
  /** the customer gets an email of its own (customer delegation): the vendor is told so */
  customerEmailed?: boolean;
  /** a copy goes to brreg's own mailbox (MAIL_BCC): the reader is told who else has the fødselsnummer */
  archiveCopy?: boolean;
  /** Where the vendor meets us (the request's platform): the email names that channel. Default Slack. */
  platform?: Platform;
}

/** The product name in "the … channel you share with us". */
export const appName = (platform: Platform | undefined): string => (platform === 'teams' ? 'Teams' : 'Slack');

function isSynthetic(fnr: string): boolean {
  const parsed = parseFnr(fnr);
  return parsed.ok && parsed.synthetic;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

type Access =
  | { type: 'fictitious_enterprise'; orgNumber: string }
  | { type: 'customer_delegation'; name: string; orgNumber: string };

function access(input: ConfirmationInput): Access {
  // Refuse to send an incomplete confirmation: an email without the login or the organisation
  // numbers would only create a new round of questions. (No personal data in these messages.)
  if (input.accessType === 'fictitious_enterprise') {
    const orgNumber = oneLine(input.fictitiousOrgNumber);
    if (!orgNumber) throw new Error('confirmationEmail: fictitiousOrgNumber is required for a fictitious enterprise');
    return { type: 'fictitious_enterprise', orgNumber: formatOrgNumber(orgNumber) };
  }
  const orgNumber = oneLine(input.customerOrgNumber);
  if (!orgNumber) throw new Error('confirmationEmail: customerOrgNumber is required for customer delegation');
  return { type: 'customer_delegation', name: oneLine(input.customerOrgName), orgNumber: formatOrgNumber(orgNumber) };
}

/**
 * The confirmation sent to the vendor's contact person when both steps are done: the login, how to
 * log in to TT02, what remains to be done before the access works, and the next step (Maskinporten).
 * One template; every word comes from the nb/en catalogue.
 */
export function confirmationEmail(input: ConfirmationInput, locale: Locale): RenderedEmail {
  const loginFnr = oneLine(input.loginFnr).replace(/\s+/g, '');
  if (!loginFnr) throw new Error('confirmationEmail: loginFnr is required');
  const a = access(input);
  const guideUrl = assertHttpUrl(input.maskinportenGuideUrl.trim(), 'maskinportenGuideUrl');
  const portalUrl = assertHttpUrl(input.tt02PortalUrl.trim(), 'tt02PortalUrl');
  const m = texts(locale).mail;
  const c = m.confirmation;
  const reference = oneLine(input.reference);
  const vendor = oneLine(input.vendorOrgName) || m.fallbackVendor;
  const vendorOrg = formatOrgNumber(input.vendorOrgNumber);
  const customer = a.type === 'customer_delegation' ? a.name || m.fallbackCustomer : '';

  const enterprise = a.type === 'customer_delegation' ? c.namedEnterprise(vendor, vendorOrg) : c.fictitiousEnterprise(a.orgNumber);
  const accessSection: Block[] =
    a.type === 'customer_delegation'
      ? [
          { kind: 'h', text: c.customerHeading },
          { kind: 'p', content: [c.customerBody(customer, a.orgNumber, vendor, vendorOrg)] },
          ...(input.customerEmailed ? [{ kind: 'p' as const, content: [c.customerEmailed] }] : []),
        ]
      : [
          { kind: 'h', text: c.fictitiousHeading },
          { kind: 'p', content: [c.fictitiousBody(a.orgNumber, vendor, vendorOrg)] },
        ];
  const subject = c.subject(reference);
  const blocks: Block[] = [
    { kind: 'p', content: [m.greeting(oneLine(input.contactName))] },
    { kind: 'p', content: [c.intro[a.type]] },
    {
      kind: 'lines',
      lines: [[m.reference, { bold: reference }], [m.vendorLine(vendor, vendorOrg)], [m.accessTypeLine[a.type]]],
    },
    { kind: 'h', text: c.loginHeading },
    { kind: 'p', content: [c.fnrIntro] },
    { kind: 'value', text: loginFnr },
    // "Synthetic" only when it is: staff may have confirmed a test identity that is not a Tenor number.
    { kind: 'p', content: [isSynthetic(loginFnr) ? c.fnrNote : c.fnrNoteTestIdentity] },
    { kind: 'lines', lines: c.loginSteps(portalUrl, enterprise).map((step) => withLink(step, portalUrl)) },
    ...accessSection,
    { kind: 'h', text: c.nextHeading },
    { kind: 'p', content: [c.nextBody[a.type]] },
    { kind: 'link', href: guideUrl, label: c.guideLabel },
    {
      kind: 'notice',
      heading: m.productionData.heading,
      paragraphs: [[m.productionData.body(a.type === 'customer_delegation' ? m.productionData.and(vendor, customer) : vendor)]],
    },
    { kind: 'h', text: m.productionAccess.heading },
    { kind: 'p', content: [m.productionAccess.body] },
    { kind: 'p', content: [c.recipients(!!input.customerEmailed && a.type === 'customer_delegation', !!input.archiveCopy)] },
    { kind: 'p', content: [m.questionsInChannel(reference, appName(input.platform))] },
    { kind: 'lines', lines: m.signOff.map((line) => [line]) },
  ];
  return { subject, text: renderText(blocks), html: renderHtml(locale, subject, blocks) };
}
