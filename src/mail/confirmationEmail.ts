import { assertHttpUrl, formatOrgNumber, oneLine, type MailLocale } from './format.js';
import { renderHtml, renderText, type Block } from './render.js';

export type AccessType = 'fictitious_enterprise' | 'customer_delegation';

export interface ConfirmationInput {
  /** e.g. 'TT02-0042' */
  reference: string;
  vendorOrgName: string;
  vendorOrgNumber: string;
  contactName: string;
  accessType: AccessType;
  /** fødselsnummer of the synthetic test person to log in to TT02 with */
  loginFnr: string;
  fictitiousOrgNumber?: string | null;
  customerOrgName?: string | null;
  customerOrgNumber?: string | null;
  maskinportenGuideUrl: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

interface Prepared {
  reference: string;
  contactName: string;
  vendor: string;
  vendorOrgNumber: string;
  loginFnr: string;
  guideUrl: string;
  access:
    | { type: 'fictitious_enterprise'; orgNumber: string }
    | { type: 'customer_delegation'; name: string; orgNumber: string };
}

function prepare(input: ConfirmationInput): Prepared {
  const loginFnr = oneLine(input.loginFnr).replace(/\s+/g, '');
  // Refuse to send an incomplete confirmation: an email without the login or the organisation
  // numbers would only create a new round of questions. (No personal data in these messages.)
  if (!loginFnr) throw new Error('confirmationEmail: loginFnr is required');
  let access: Prepared['access'];
  if (input.accessType === 'fictitious_enterprise') {
    const orgNumber = oneLine(input.fictitiousOrgNumber);
    if (!orgNumber) throw new Error('confirmationEmail: fictitiousOrgNumber is required for a fictitious enterprise');
    access = { type: 'fictitious_enterprise', orgNumber: formatOrgNumber(orgNumber) };
  } else {
    const orgNumber = oneLine(input.customerOrgNumber);
    if (!orgNumber) throw new Error('confirmationEmail: customerOrgNumber is required for customer delegation');
    access = { type: 'customer_delegation', name: oneLine(input.customerOrgName), orgNumber: formatOrgNumber(orgNumber) };
  }
  return {
    reference: oneLine(input.reference),
    contactName: oneLine(input.contactName),
    vendor: oneLine(input.vendorOrgName),
    vendorOrgNumber: formatOrgNumber(input.vendorOrgNumber),
    loginFnr,
    guideUrl: assertHttpUrl(input.maskinportenGuideUrl.trim(), 'maskinportenGuideUrl'),
    access,
  };
}

function nb(d: Prepared): { subject: string; blocks: Block[] } {
  const vendor = d.vendor || 'systemleverandøren';
  const customer = d.access.type === 'customer_delegation' ? d.access.name || 'kunden' : '';
  const accessSection: Block[] =
    d.access.type === 'customer_delegation'
      ? [
          { kind: 'h', text: 'Delegering fra kunden' },
          {
            kind: 'p',
            content: [
              `${customer} (org.nr. ${d.access.orgNumber}) kan nå delegere tilgangen til ${vendor} i Altinn (TT02). `,
              'Når kunden har delegert tilgangen, er den klar til bruk for dere.',
            ],
          },
        ]
      : [
          { kind: 'h', text: 'Fiktiv virksomhet' },
          {
            kind: 'p',
            content: [
              'Vi har opprettet en fiktiv virksomhet i TT02 med organisasjonsnummer ',
              { bold: d.access.orgNumber },
              ' og delegert de nødvendige tilgangene til den. ',
              `Dere kan nå selv delegere tilgangen videre fra den fiktive virksomheten til ${vendor} (org.nr. ${d.vendorOrgNumber}) i Altinn (TT02).`,
            ],
          },
        ];
  const readIn = d.access.type === 'customer_delegation' ? `${vendor} og ${customer}` : vendor;
  const subject = `TT02-tilgang klar – ${d.reference}`;
  return {
    subject,
    blocks: [
      { kind: 'p', content: [d.contactName ? `Hei ${d.contactName},` : 'Hei,'] },
      {
        kind: 'p',
        content: [
          'Bestillingen av tilgang til Brønnøysundregistrenes API-er i testmiljøet TT02 er ferdig behandlet, og tilgangen er klar. ',
          'I samarbeid med Altinn har vi sørget for at virksomhetene er lest inn i TT02, slik at delegeringen kan gjennomføres.',
        ],
      },
      {
        kind: 'lines',
        lines: [
          ['Referanse: ', { bold: d.reference }],
          [`Systemleverandør: ${vendor} (org.nr. ${d.vendorOrgNumber})`],
          [
            `Type tilgang: ${d.access.type === 'customer_delegation' ? 'delegering fra eksisterende kunde' : 'opprettelse av fiktiv virksomhet'}`,
          ],
        ],
      },
      { kind: 'h', text: 'Innlogging i TT02' },
      { kind: 'p', content: ['Dette fødselsnummeret kan brukes for innlogging i TT02:'] },
      { kind: 'value', text: d.loginFnr },
      {
        kind: 'p',
        content: ['Fødselsnummeret tilhører en syntetisk testperson og kan bare brukes i testmiljøet.'],
      },
      ...accessSection,
      { kind: 'h', text: 'Neste steg: Maskinporten' },
      {
        kind: 'p',
        content: [
          'Når tilgangen er delegert, er neste steg å integrere dere mot Maskinporten. ',
          'Vi har laget en veiledning for integrasjon mot Maskinporten:',
        ],
      },
      { kind: 'link', href: d.guideUrl, label: 'Veiledning for integrasjon mot Maskinporten' },
      {
        kind: 'notice',
        heading: 'Husk at TT02 inneholder produksjonsdata',
        paragraphs: [
          [
            'TT02 er et testmiljø med hovedsakelig syntetiske testdata. Ekte virksomheter leses bare inn ved behov, ',
            'og da ligger det produksjonsdata om dem i testmiljøet. ',
            `For denne bestillingen gjelder det ${readIn}. `,
            'Behandle disse opplysningene med samme varsomhet som i produksjon, og bruk dem bare til testing.',
          ],
        ],
      },
      { kind: 'h', text: 'Tilgang i produksjon' },
      {
        kind: 'p',
        content: [
          'Foreløpig er det bare mulig å få tilgang til API-ene våre i testmiljøet. ',
          'Produksjonsmiljøet er ennå ikke åpnet for eksterne brukere. ',
          'Vi gir beskjed så snart det blir mulig å bestille tilgang til produksjon.',
        ],
      },
      {
        kind: 'p',
        content: [
          `Har du spørsmål, kan du ta kontakt med oss i Slack-kanalen dere deler med oss. Oppgi referansen ${d.reference}.`,
        ],
      },
      { kind: 'lines', lines: [['Med vennlig hilsen'], ['Brønnøysundregistrene']] },
    ],
  };
}

function en(d: Prepared): { subject: string; blocks: Block[] } {
  const vendor = d.vendor || 'the system vendor';
  const customer = d.access.type === 'customer_delegation' ? d.access.name || 'your customer' : '';
  const accessSection: Block[] =
    d.access.type === 'customer_delegation'
      ? [
          { kind: 'h', text: 'Delegation from your customer' },
          {
            kind: 'p',
            content: [
              `${customer} (organisation number ${d.access.orgNumber}) can now delegate the access to ${vendor} in Altinn (TT02). `,
              'Once your customer has delegated it, the access is ready for you to use.',
            ],
          },
        ]
      : [
          { kind: 'h', text: 'Fictitious enterprise' },
          {
            kind: 'p',
            content: [
              'We have created a fictitious enterprise in TT02 with organisation number ',
              { bold: d.access.orgNumber },
              ' and delegated the required access to it. ',
              `You can now delegate the access from the fictitious enterprise on to ${vendor} (organisation number ${d.vendorOrgNumber}) yourselves in Altinn (TT02).`,
            ],
          },
        ];
  const readIn = d.access.type === 'customer_delegation' ? `${vendor} and ${customer}` : vendor;
  const subject = `TT02 access ready – ${d.reference}`;
  return {
    subject,
    blocks: [
      { kind: 'p', content: [d.contactName ? `Hello ${d.contactName},` : 'Hello,'] },
      {
        kind: 'p',
        content: [
          'Your request for access to the APIs of the Norwegian Register Centre (Brønnøysundregistrene) in the TT02 test environment has been processed, and the access is ready. ',
          'Together with Altinn, we have made sure that the enterprises involved have been read into TT02 so that the delegation can be carried out.',
        ],
      },
      {
        kind: 'lines',
        lines: [
          ['Reference: ', { bold: d.reference }],
          [`System vendor: ${vendor} (organisation number ${d.vendorOrgNumber})`],
          [
            `Type of access: ${d.access.type === 'customer_delegation' ? 'delegation from an existing customer' : 'fictitious enterprise'}`,
          ],
        ],
      },
      { kind: 'h', text: 'Logging in to TT02' },
      { kind: 'p', content: ['This national identity number (fødselsnummer) can be used to log in to TT02:'] },
      { kind: 'value', text: d.loginFnr },
      {
        kind: 'p',
        content: ['It belongs to a synthetic test person and can only be used in the test environment.'],
      },
      ...accessSection,
      { kind: 'h', text: 'Next step: Maskinporten' },
      {
        kind: 'p',
        content: [
          'Once the access has been delegated, the next step is to integrate with Maskinporten. ',
          'Our guide explains how:',
        ],
      },
      { kind: 'link', href: d.guideUrl, label: 'Guide to integrating with Maskinporten' },
      {
        kind: 'notice',
        heading: 'Remember that TT02 contains production data',
        paragraphs: [
          [
            'TT02 mostly holds synthetic test data. Real enterprises are read into it only when needed, ',
            'and production data about them is then present in the test environment. ',
            `For this request, that applies to ${readIn}. `,
            'Treat this information with the same care as in production, and use it for testing only.',
          ],
        ],
      },
      { kind: 'h', text: 'Access to production' },
      {
        kind: 'p',
        content: [
          'For now, access to our APIs is available in the test environment only. ',
          'The production environment is not yet open to external users. ',
          'We will let you know as soon as you can apply for access to production.',
        ],
      },
      {
        kind: 'p',
        content: [
          `If you have any questions, please contact us in the Slack channel you share with us and quote reference ${d.reference}.`,
        ],
      },
      { kind: 'lines', lines: [['Kind regards,'], ['Brønnøysundregistrene (the Norwegian Register Centre)']] },
    ],
  };
}

/** The confirmation sent to the vendor's contact person when both steps are done. */
export function confirmationEmail(input: ConfirmationInput, locale: MailLocale): RenderedEmail {
  const data = prepare(input);
  const { subject, blocks } = locale === 'en' ? en(data) : nb(data);
  return { subject, text: renderText(blocks), html: renderHtml(locale === 'en' ? 'en' : 'nb', subject, blocks) };
}
