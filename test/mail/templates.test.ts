import { describe, expect, it } from 'vitest';
import type { RequestRow } from '../../src/db/schema.js';
import { confirmationEmail, type ConfirmationInput, type RenderedEmail } from '../../src/mail/confirmationEmail.js';
import { customerEmail } from '../../src/mail/customerEmail.js';
import { buildConfirmation, buildCustomerEmail, buildRejection } from '../../src/mail/delivery.js';
import { escapeHtml } from '../../src/mail/escapeHtml.js';
import { formatOrgNumber } from '../../src/mail/format.js';
import { nudgeEmail } from '../../src/mail/nudgeEmail.js';
import { questionEmail } from '../../src/mail/questionEmail.js';
import { rejectionEmail } from '../../src/mail/rejectionEmail.js';
import { requestRow } from '../support/requestRow.js';
import { texts, type Locale } from '../../src/domain/texts/index.js';
import { generate } from '../support/fnr.js';

const GUIDE = 'https://data.brreg.no/utviklerdokumentasjon/maskinporten/?a=1&b=2';
const PORTAL = 'https://tt02.altinn.no/';

const base = {
  reference: 'TT02-0042',
  vendorOrgName: 'Leverandør AS',
  vendorOrgNumber: '974760673',
  contactName: 'Kari Nordmann',
  loginFnr: '17912099997',
  maskinportenGuideUrl: GUIDE,
  tt02PortalUrl: PORTAL,
};

const customer: ConfirmationInput = {
  ...base,
  accessType: 'customer_delegation',
  customerOrgName: 'Kunden AS',
  customerOrgNumber: '923 609 016',
  customerEmailed: true,
};

const fictitious: ConfirmationInput = {
  ...base,
  accessType: 'fictitious_enterprise',
  fictitiousOrgNumber: '310000001',
};

/** All hrefs in the HTML. */
function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1] ?? '');
}

/** Text content of the HTML, roughly: tags removed, the few entities we produce decoded. */
function htmlText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** The facts an email states, whatever its language: numbers (reference, fnr, organisation numbers) and links. */
function facts(mail: RenderedEmail) {
  const numbers = (s: string) => [...s.matchAll(/\d[\d ]*\d/g)].map((m) => m[0].replace(/ /g, '')).filter((n) => n.length >= 4);
  return {
    subjectNumbers: numbers(mail.subject).sort(),
    textNumbers: [...new Set(numbers(mail.text))].sort(),
    textUrls: [...new Set(mail.text.match(/https?:\/\/\S+/g) ?? [])].sort(),
    hrefs: [...new Set(hrefs(mail.html))].sort(),
    /** the HTML's structure without its words: the same sections in the same order */
    skeleton: mail.html.replace(/<title>[^<]*<\/title>/, '').replace(/>[^<]+</g, '><').replace(/lang="\w+"/, ''),
  };
}

describe('escapeHtml / formatOrgNumber', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;');
  });
  it('formats organisation numbers in groups of three', () => {
    expect(formatOrgNumber('974760673')).toBe('974 760 673');
    expect(formatOrgNumber(' 974 760673 ')).toBe('974 760 673');
    expect(formatOrgNumber('12345')).toBe('12345');
  });
});

describe('every email says the same facts in bokmål and English', () => {
  it.each([
    ['confirmation, customer delegation', (l: Locale) => confirmationEmail(customer, l)],
    ['confirmation, fictitious enterprise', (l: Locale) => confirmationEmail(fictitious, l)],
    ['confirmation with a copy to the archive', (l: Locale) => confirmationEmail({ ...customer, archiveCopy: true }, l)],
    [
      'rejection',
      (l: Locale) =>
        rejectionEmail({ reference: 'TT02-0042', vendorOrgName: 'Leverandør AS', contactName: 'Kari', reason: 'Mangler avtale.', accessType: 'customer_delegation' }, l),
    ],
  ])('%s: reference, numbers, links and structure match', (_label, render) => {
    const nb = render('nb');
    const en = render('en');
    expect(nb.text).not.toEqual(en.text);
    expect(facts(nb)).toEqual(facts(en));
    expect(nb.subject).toContain('TT02-0042');
  });

  it('both languages say the fødselsnummer belongs to a synthetic test person, in the login section', () => {
    expect(confirmationEmail(fictitious, 'nb').text).toMatch(/Slik logger dere inn i TT02[\s\S]*17912099997[\s\S]*syntetisk testperson/);
    expect(confirmationEmail(fictitious, 'en').text).toMatch(/How to log in to TT02[\s\S]*national identity number \(fødselsnummer\) of your TT02 test user[\s\S]*17912099997[\s\S]*synthetic test person/);
  });

  it('the recipients do not depend on the language', () => {
    const mail = { from: 'x', bcc: 'arkiv@brreg.test', dir: '.' };
    for (const build of [
      (r: RequestRow) => buildConfirmation(r, GUIDE, mail, PORTAL),
      (r: RequestRow) => buildCustomerEmail(r, mail, PORTAL),
      (r: RequestRow) => buildRejection(r, mail),
    ]) {
      const nb = build(row({ locale: 'nb' }));
      const en = build(row({ locale: 'en' }));
      expect({ to: nb.to, cc: nb.cc, bcc: nb.bcc }).toEqual({ to: en.to, cc: en.cc, bcc: en.bcc });
    }
  });
});

/** The numbered steps of an email's text, as the reader reads them. */
const steps = (text: string) => text.split('\n').map((l) => l.trim()).filter((l) => /^\d\. /.test(l));

describe('every email’s steps read as sentences, for both access types in both languages', () => {
  it.each([
    {
      locale: 'nb' as const,
      fictitious_enterprise: [
        `1. Åpne Altinns testportal TT02: ${PORTAL}`,
        '2. Velg «Logg inn».',
        '3. Velg TestID som innloggingsmåte.',
        '4. Skriv inn fødselsnummeret over.',
        '5. Velg den fiktive virksomheten (org.nr. 310 000 001).',
      ],
      customer_delegation: [
        `1. Åpne Altinns testportal TT02: ${PORTAL}`,
        '2. Velg «Logg inn».',
        '3. Velg TestID som innloggingsmåte.',
        '4. Skriv inn fødselsnummeret over.',
        '5. Velg virksomheten Leverandør AS (org.nr. 974 760 673).',
      ],
    },
    {
      locale: 'en' as const,
      fictitious_enterprise: [
        `1. Open Altinn's TT02 test portal: ${PORTAL}`,
        '2. Choose "Log in".',
        '3. Choose TestID as the way to log in.',
        '4. Enter the fødselsnummer above.',
        '5. Choose the fictitious enterprise (organisation number 310 000 001).',
      ],
      customer_delegation: [
        `1. Open Altinn's TT02 test portal: ${PORTAL}`,
        '2. Choose "Log in".',
        '3. Choose TestID as the way to log in.',
        '4. Enter the fødselsnummer above.',
        '5. Choose the enterprise Leverandør AS (organisation number 974 760 673).',
      ],
    },
  ])('the confirmation ($locale)', (expected) => {
    for (const input of [fictitious, customer]) {
      const mail = confirmationEmail(input, expected.locale);
      expect(steps(mail.text)).toEqual(expected[input.accessType]);
      expect(htmlText(mail.html)).toContain(expected[input.accessType].join(' '));
    }
  });

  it('the other emails (customer, question, rejection, nudge) in both languages: no step names a thing twice', () => {
    const all = [
      customerEmail({ reference: 'TT02-0042', vendorOrgName: 'Leverandør AS', vendorOrgNumber: '974760673', customerOrgName: 'Kunden AS', customerOrgNumber: '923609016', tt02PortalUrl: PORTAL }),
      ...(['nb', 'en'] as const).flatMap((locale) => [
        questionEmail({ reference: 'TT02-0042', vendorOrgName: 'Leverandør AS', contactName: 'Kari', question: 'Hvilken kunde?' }, locale),
        rejectionEmail({ reference: 'TT02-0042', vendorOrgName: 'Leverandør AS', contactName: 'Kari', accessType: 'fictitious_enterprise', reason: 'Mangler avtale.' }, locale),
        nudgeEmail({ reference: 'TT02-0042', vendorOrgName: 'Leverandør AS', contactName: 'Kari', question: 'Hvilken kunde?', waited: '3 arbeidsdager' }, locale),
      ]),
    ];
    const customerSteps = steps(all[0]!.text);
    expect(customerSteps).toEqual([
      `1. Åpne Altinns testportal TT02: ${PORTAL}`,
      '2. Velg «Logg inn», og logg inn som en person som kan delegere tilganger for Kunden AS.',
      '3. Velg Kunden AS som virksomheten du representerer.',
      '4. Deleger tilgangen til Brønnøysundregistrenes API-er til Leverandør AS (org.nr. 974 760 673).',
      `1. Open Altinn's TT02 test portal: ${PORTAL}`,
      '2. Choose "Log in" and log in as a person who can delegate access on behalf of Kunden AS.',
      '3. Choose Kunden AS as the enterprise you represent.',
      "4. Delegate the access to the Brønnøysund Register Centre's APIs to Leverandør AS (organisation number 974 760 673).",
    ]);
    for (const mail of all) {
      for (const line of steps(mail.text)) expect(line).not.toMatch(/\b(\w+) (the |den |det )?\1\b|virksomheten (den|det) |enterprise the /);
    }
  });
});

describe.each([
  { locale: 'nb' as const, subject: 'TT02-tilgang: innlogging og neste steg – TT02-0042', prodData: 'TT02 inneholder produksjonsdata', notProd: 'Produksjonsmiljøet er ennå ikke åpnet', greeting: 'Hei Kari Nordmann,', login: ['Velg «Logg inn»', 'Velg TestID', 'Skriv inn fødselsnummeret'] },
  { locale: 'en' as const, subject: 'TT02 access: how to log in and next steps – TT02-0042', prodData: 'TT02 contains production data', notProd: 'production environment is not yet open', greeting: 'Hello Kari Nordmann,', login: ['Choose "Log in"', 'Choose TestID', 'Enter the fødselsnummer'] },
])('confirmationEmail ($locale)', ({ locale, subject, prodData, notProd, greeting, login }) => {
  for (const input of [customer, fictitious]) {
    describe(input.accessType, () => {
      const mail = confirmationEmail(input, locale);

      it('has the reference in the subject', () => {
        expect(mail.subject).toBe(subject);
      });

      it('tells the fødselsnummer, how to log in at the TT02 portal, the guide and the reminders in text and HTML', () => {
        for (const body of [mail.text, htmlText(mail.html)]) {
          expect(body).toContain(greeting);
          expect(body).toContain('17912099997');
          expect(body).toContain('974 760 673');
          expect(body).toContain(prodData);
          expect(body).toContain(notProd);
          expect(body).toContain('Maskinporten');
          expect(body).toContain('TT02-0042');
          for (const step of login) expect(body).toContain(step);
          expect(body).toContain(PORTAL);
          expect(body).not.toMatch(/Norwegian Register Centre|tilgangen er klar/);
        }
        expect(mail.text).toContain(GUIDE);
        expect(hrefs(mail.html)).toEqual([PORTAL, escapeHtml(GUIDE)]);
        expect(mail.html).toContain(`<html lang="${locale}">`);
        expect(mail.html).not.toMatch(/<img|<script/i);
        expect(mail.html).not.toContain('""');
      });

      if (input.accessType === 'customer_delegation') {
        it('says the customer must now delegate the access to the vendor, and that it is not ready before', () => {
          for (const body of [mail.text, htmlText(mail.html)]) {
            expect(body).toContain('Kunden AS');
            expect(body).toContain('923 609 016');
            expect(body).toMatch(
              locale === 'nb'
                ? /Kunden AS .* må nå delegere tilgangen i TT02 til Leverandør AS .*Tilgangen er ikke klar før kunden har gjort dette/
                : /Kunden AS .* must now delegate the access in TT02 to Leverandør AS .*The access is not ready until your customer has done this/,
            );
            expect(body).toMatch(locale === 'nb' ? /Kunden får en egen e-post uten fødselsnummeret/ : /Your customer gets an email of its own without the fødselsnummer/);
            expect(body).toMatch(locale === 'nb' ? /Vi har sendt kunden en egen e-post om hva de skal delegere, og til hvem/ : /We have sent your customer an email of its own about what to delegate, and to whom/);
            expect(body).not.toContain('310 000 001');
          }
        });
      } else {
        it('gives the fictitious enterprise, to be chosen at login, and says the vendor delegates on to itself', () => {
          for (const body of [mail.text, htmlText(mail.html)]) {
            expect(body).toContain('310 000 001');
            expect(body).toMatch(locale === 'nb' ? /Velg den fiktive virksomheten \(org\.nr\. 310 000 001\)/ : /Choose the fictitious enterprise \(organisation number 310 000 001\)/);
            expect(body).toMatch(locale === 'nb' ? /delegerer dere tilgangen videre til Leverandør AS/ : /delegate the access on to Leverandør AS/);
            expect(body).not.toContain('Kunden AS');
            expect(body).not.toMatch(/egen e-post|email of its own/);
          }
        });
      }
    });
  }

  it('does not claim the customer was emailed when it was not (its address is the contact’s own)', () => {
    const mail = confirmationEmail({ ...customer, customerEmailed: false }, locale);
    expect(mail.text).not.toMatch(/egen e-post|email of its own/);
    expect(mail.text).toMatch(locale === 'nb' ? /må nå delegere tilgangen/ : /must now delegate the access/);
  });

  it('says truthfully who receives the fødselsnummer', () => {
    expect(confirmationEmail({ ...fictitious, archiveCopy: true }, locale).text).toMatch(
      locale === 'nb' ? /sendt til deg, med en kopi til Brønnøysundregistrenes egen postkasse\./ : /sent to you, with a copy to the Brønnøysund Register Centre's own mailbox\./,
    );
    expect(confirmationEmail(fictitious, locale).text).toMatch(locale === 'nb' ? /sendt til deg\./ : /sent to you\./);
  });

  it('escapes every user-supplied value in HTML and keeps it readable in text', () => {
    const mail = confirmationEmail(
      {
        ...customer,
        contactName: '<script>alert(1)</script>',
        vendorOrgName: 'Ola & "Kari"',
        customerOrgName: "O'Brien <b>AS</b>",
      },
      locale,
    );
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<b>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('Ola &amp; &quot;Kari&quot;');
    expect(mail.html).toContain('O&#39;Brien &lt;b&gt;AS&lt;/b&gt;');
    expect(mail.text).toContain('<script>alert(1)</script>');
    expect(mail.text).toContain('Ola & "Kari"');
    expect(mail.text).toContain("O'Brien <b>AS</b>");
    expect(hrefs(mail.html)).toEqual([PORTAL, escapeHtml(GUIDE)]);
  });

  it('never links anything but http(s) URLs', () => {
    expect(() => confirmationEmail({ ...customer, maskinportenGuideUrl: 'javascript:alert(1)' }, locale)).toThrow(/http/);
    expect(() => confirmationEmail({ ...customer, tt02PortalUrl: 'javascript:alert(1)' }, locale)).toThrow(/http/);
  });

  it('refuses to produce a confirmation without the organisation number it must tell', () => {
    expect(() => confirmationEmail({ ...fictitious, fictitiousOrgNumber: null }, locale)).toThrow(/fictitiousOrgNumber/);
    expect(() => confirmationEmail({ ...customer, customerOrgNumber: undefined }, locale)).toThrow(/customerOrgNumber/);
  });
});

describe('the customer’s own email (customer delegation)', () => {
  const mail = customerEmail({
    reference: 'TT02-0042',
    vendorOrgName: 'Leverandør AS',
    vendorOrgNumber: '974760673',
    customerOrgName: 'Kunden AS',
    customerOrgNumber: '923609016',
    tt02PortalUrl: PORTAL,
  });

  it('tells the customer, in bokmål and English, exactly what to delegate, and to whom, in TT02', () => {
    expect(mail.subject).toBe('Deleger TT02-tilgang til Leverandør AS / Delegate TT02 access to Leverandør AS – TT02-0042');
    for (const body of [mail.text, htmlText(mail.html)]) {
      expect(body).toMatch(/Deleger tilgangen til Brønnøysundregistrenes API-er til Leverandør AS \(org\.nr\. 974 760 673\)/);
      expect(body).toMatch(/Delegate the access to the Brønnøysund Register Centre's APIs to Leverandør AS \(organisation number 974 760 673\)/);
      expect(body).toContain('Velg Kunden AS som virksomheten du representerer');
      expect(body).toContain('Choose Kunden AS as the enterprise you represent');
      expect(body).toContain('Tilgangen er ikke klar for Leverandør AS før dere har delegert den.');
      expect(body).toContain('The access is not ready for Leverandør AS until you have delegated it.');
      expect(body).toContain('produksjonsdata om Kunden AS');
      expect(body).toContain('TT02-0042');
    }
    expect(hrefs(mail.html)).toEqual([PORTAL, PORTAL]);
  });

  it('carries no fødselsnummer and no Slack channel the customer does not have', () => {
    expect(mail.text).not.toMatch(/\d{11}/);
    expect(mail.text).not.toMatch(/fødselsnummer|Slack/i);
  });
});

describe.each([
  { locale: 'nb' as const, subject: 'TT02-tilgang ikke innvilget – TT02-0042', notApproved: 'Vi kan dessverre ikke innvilge bestillingen', slack: 'Slack-kanalen', newRequest: 'ny bestilling' },
  { locale: 'en' as const, subject: 'TT02 access not granted – TT02-0042', notApproved: 'we cannot approve the request', slack: 'Slack channel', newRequest: 'new request' },
])('rejectionEmail ($locale)', ({ locale, subject, notApproved, slack, newRequest }) => {
  const reason = 'Dere er ikke registrert som systemleverandør.\r\nSe <https://example.org> & "vilkår".';
  const mail = rejectionEmail(
    { reference: 'TT02-0042', vendorOrgName: 'Ola & "Kari"', contactName: '<script>x</script>', reason, accessType: 'customer_delegation' },
    locale,
  );

  it('says the request was not approved, why, and how to get in touch', () => {
    expect(mail.subject).toBe(subject);
    for (const body of [mail.text, htmlText(mail.html)]) {
      expect(body).toContain(notApproved);
      expect(body).toContain('Dere er ikke registrert som systemleverandør.');
      expect(body).toContain(slack);
      expect(body).toContain(newRequest);
      expect(body).toContain('TT02-0042');
      expect(body).not.toContain('Norwegian Register Centre');
    }
    expect(mail.html).toContain(`<html lang="${locale}">`);
  });

  it('keeps the line breaks of the reason and escapes it in HTML', () => {
    expect(mail.text).toContain('Dere er ikke registrert som systemleverandør.\n');
    expect(mail.text).toContain('Se <https://example.org> & "vilkår".');
    expect(mail.html).toContain(
      'Dere er ikke registrert som systemleverandør.<br>\nSe &lt;https://example.org&gt; &amp; &quot;vilkår&quot;.',
    );
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('Ola &amp; &quot;Kari&quot;');
    expect(mail.text).toContain('<script>x</script>');
    expect(hrefs(mail.html)).toEqual([]);
  });
});

function row(over: Partial<RequestRow>): RequestRow {
  return requestRow({
    number: 42,
    status: 'fnr_registered',
    loginFnr: '17912099997',
    loginFnrKind: 'synthetic',
    rejectionReason: 'Mangler avtale.',
    ...over,
  });
}

describe('whether the customer gets an email of its own: the domain decides, the confirmation says the same', () => {
  const mail = { from: 'x', dir: '.' };
  const said = texts('nb').mail.confirmation.customerEmailed;
  it('a customer address of its own: the confirmation tells the contact person the customer was emailed', () => {
    expect(buildConfirmation(row({ customerEmail: 'post@kunden.no' }), GUIDE, mail, PORTAL).text).toContain(said);
  });
  it("the contact person's own address typed in another case is no customer address: no such promise", () => {
    expect(buildConfirmation(row({ customerEmail: 'Kari@Leverandor.no' }), GUIDE, mail, PORTAL).text).not.toContain(said);
  });
});

describe("brreg's emails use the register's names where it answered", () => {
  const mail = { from: 'x', dir: '.' };
  const snapshot = (name: string, problem?: string) => ({ name, orgForm: 'AS', bankrupt: false, windingUp: false, ...(problem ? { problem } : {}) });
  const registered = row({
    vendorOrgName: 'Typed Vendor Name',
    vendorRegister: snapshot('ACME SYSTEMER AS'),
    customerOrgName: 'Typed Customer Name',
    customerRegister: snapshot('KUNDEN BAKERI AS'),
  });

  it('in the subject and body of the customer’s email, the confirmation and the rejection', () => {
    for (const built of [buildCustomerEmail(registered, mail, PORTAL), buildConfirmation(registered, GUIDE, mail, PORTAL), buildRejection(registered, mail)]) {
      const all = `${built.subject}\n${built.text}\n${built.html}`;
      expect(all).toContain('ACME SYSTEMER AS');
      expect(all).not.toContain('Typed Vendor Name');
      expect(all).not.toContain('Typed Customer Name');
    }
    const customer = buildCustomerEmail(registered, mail, PORTAL);
    expect(`${customer.subject}\n${customer.text}`).toContain('KUNDEN BAKERI AS');
  });

  it('and what the vendor typed where the register did not answer or no longer knows the number', () => {
    const typed = row({ vendorOrgName: 'Typed Vendor Name', vendorRegister: null, customerRegister: snapshot('GONE AS', 'register_deleted'), customerOrgName: 'Typed Customer Name' });
    const customer = buildCustomerEmail(typed, mail, PORTAL);
    expect(`${customer.subject}\n${customer.text}`).toContain('Typed Vendor Name');
    expect(customer.text).toContain('Typed Customer Name');
    expect(customer.text).not.toContain('GONE AS');
  });
});

describe('the confirmation says "synthetic" only when the number is', () => {
  it('a confirmed test identity that is not a synthetic number is called a test identity, in both languages', () => {
    const notSynthetic = generate('010190');
    const nb = buildConfirmation(row({ loginFnr: notSynthetic, loginFnrKind: 'fnr', locale: 'nb' }), GUIDE, { from: 'x', dir: '.' }, PORTAL);
    const en = buildConfirmation(row({ loginFnr: notSynthetic, loginFnrKind: 'fnr', locale: 'en' }), GUIDE, { from: 'x', dir: '.' }, PORTAL);
    expect(nb.text).not.toMatch(/syntetisk testperson/);
    expect(nb.text).toContain('Det tilhører en testidentitet som vi har bekreftet');
    expect(en.text).not.toMatch(/synthetic test person/);
    expect(en.text).toContain('It belongs to a test identity that we have confirmed');
    expect(buildConfirmation(row({ locale: 'nb' }), GUIDE, { from: 'x', dir: '.' }, PORTAL).text).toContain('syntetisk testperson');
  });
});
