import { texts, type Locale } from '../domain/texts/index.js';
import type { RenderedEmail } from './confirmationEmail.js';
import { assertHttpUrl, formatOrgNumber, oneLine } from './format.js';
import { renderHtml, renderText, withLink, type Block } from './render.js';

export interface CustomerEmailInput {
  /** e.g. 'TT02-0042' */
  reference: string;
  vendorOrgName: string;
  vendorOrgNumber: string;
  customerOrgName: string;
  customerOrgNumber: string;
  tt02PortalUrl: string;
}

/**
 * The customer's own email for customer delegation: what to delegate in TT02, and to whom. Its
 * language is unknown (the vendor filed the request), so it is written in bokmål and then English.
 * It carries no fødselsnummer: the customer logs in with its own means to delegate, so it does not
 * need the vendor's test login (data minimisation).
 */
export function customerEmail(input: CustomerEmailInput): RenderedEmail {
  const portalUrl = assertHttpUrl(input.tt02PortalUrl.trim(), 'tt02PortalUrl');
  const customerOrg = formatOrgNumber(oneLine(input.customerOrgNumber));
  if (!customerOrg) throw new Error('customerEmail: customerOrgNumber is required');
  const vendorOrg = formatOrgNumber(input.vendorOrgNumber);
  const reference = oneLine(input.reference);

  const part = (locale: Locale): Block[] => {
    const m = texts(locale).mail;
    const c = m.customer;
    const vendor = oneLine(input.vendorOrgName) || m.fallbackVendor;
    const customer = oneLine(input.customerOrgName) || m.fallbackCustomer;
    return [
      { kind: 'h', text: c.heading },
      { kind: 'p', content: [m.greeting('')] },
      { kind: 'p', content: [c.intro(customer, customerOrg, vendor, vendorOrg)] },
      { kind: 'lines', lines: [[m.reference, { bold: reference }]] },
      { kind: 'h', text: c.stepsHeading },
      { kind: 'lines', lines: c.steps(portalUrl, customer, vendor, vendorOrg).map((step) => withLink(step, portalUrl)) },
      { kind: 'p', content: [c.notReady(vendor)] },
      { kind: 'p', content: [c.productionData(customer)] },
      { kind: 'p', content: [c.why(vendor, reference)] },
      { kind: 'lines', lines: m.signOff.map((line) => [line]) },
    ];
  };

  const nbVendor = oneLine(input.vendorOrgName) || texts('nb').mail.fallbackVendor;
  const enVendor = oneLine(input.vendorOrgName) || texts('en').mail.fallbackVendor;
  const subject = `${texts('nb').mail.customer.subject(nbVendor)} / ${texts('en').mail.customer.subject(enVendor)} – ${reference}`;
  const blocks: Block[] = [
    { kind: 'p', content: [texts('nb').mail.customer.otherLanguage] },
    ...part('nb'),
    { kind: 'p', content: [texts('en').mail.customer.otherLanguage] },
    ...part('en'),
  ];
  return { subject, text: renderText(blocks), html: renderHtml('nb', subject, blocks) };
}
