import { describe, expect, it } from 'vitest';
import { confirmationEmail, type ConfirmationInput } from '../../src/mail/confirmationEmail.js';
import { escapeHtml } from '../../src/mail/escapeHtml.js';
import { formatOrgNumber } from '../../src/mail/format.js';
import { rejectionEmail } from '../../src/mail/rejectionEmail.js';

const GUIDE = 'https://data.brreg.no/utviklerdokumentasjon/maskinporten/?a=1&b=2';

const base = {
  reference: 'TT02-0042',
  vendorOrgName: 'Leverandør AS',
  vendorOrgNumber: '974760673',
  contactName: 'Kari Nordmann',
  loginFnr: '17912099997',
  maskinportenGuideUrl: GUIDE,
};

const customer: ConfirmationInput = {
  ...base,
  accessType: 'customer_delegation',
  customerOrgName: 'Kunden AS',
  customerOrgNumber: '923 609 016',
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

describe.each([
  { locale: 'nb' as const, subject: 'TT02-tilgang klar – TT02-0042', prodData: 'TT02 inneholder produksjonsdata', notProd: 'Produksjonsmiljøet er ennå ikke åpnet', greeting: 'Hei Kari Nordmann,' },
  { locale: 'en' as const, subject: 'TT02 access ready – TT02-0042', prodData: 'TT02 contains production data', notProd: 'production environment is not yet open', greeting: 'Hello Kari Nordmann,' },
])('confirmationEmail ($locale)', ({ locale, subject, prodData, notProd, greeting }) => {
  for (const input of [customer, fictitious]) {
    describe(input.accessType, () => {
      const mail = confirmationEmail(input, locale);

      it('has the reference in the subject', () => {
        expect(mail.subject).toBe(subject);
      });

      it('tells the fødselsnummer, the organisation numbers, the guide and the reminders in text and HTML', () => {
        for (const body of [mail.text, htmlText(mail.html)]) {
          expect(body).toContain(greeting);
          expect(body).toContain('17912099997');
          expect(body).toContain('974 760 673');
          expect(body).toContain(prodData);
          expect(body).toContain(notProd);
          expect(body).toContain('Maskinporten');
          expect(body).toContain('TT02-0042');
        }
        expect(mail.text).toContain(GUIDE);
        expect(hrefs(mail.html)).toEqual([escapeHtml(GUIDE)]);
        expect(mail.html).toContain(`<html lang="${locale}">`);
        expect(mail.html).not.toMatch(/<img|<script/i);
        expect(mail.html).not.toContain('""');
      });

      if (input.accessType === 'customer_delegation') {
        it('says the customer can now delegate the access to the vendor', () => {
          for (const body of [mail.text, htmlText(mail.html)]) {
            expect(body).toContain('Kunden AS');
            expect(body).toContain('923 609 016');
            expect(body).toMatch(locale === 'nb' ? /Kunden AS .* kan nå delegere tilgangen til Leverandør AS/ : /Kunden AS .* can now delegate the access to Leverandør AS/);
            expect(body).not.toContain('310 000 001');
          }
        });
      } else {
        it('gives the fictitious enterprise and says the vendor delegates on to itself', () => {
          for (const body of [mail.text, htmlText(mail.html)]) {
            expect(body).toContain('310 000 001');
            expect(body).toMatch(locale === 'nb' ? /selv delegere tilgangen videre/ : /on to Leverandør AS/);
            expect(body).not.toContain('Kunden AS');
          }
        });
      }
    });
  }

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
    expect(hrefs(mail.html)).toEqual([escapeHtml(GUIDE)]);
  });

  it('never links anything but an http(s) guide URL', () => {
    expect(() => confirmationEmail({ ...customer, maskinportenGuideUrl: 'javascript:alert(1)' }, locale)).toThrow(/http/);
  });

  it('refuses to produce a confirmation without the organisation number it must tell', () => {
    expect(() => confirmationEmail({ ...fictitious, fictitiousOrgNumber: null }, locale)).toThrow(/fictitiousOrgNumber/);
    expect(() => confirmationEmail({ ...customer, customerOrgNumber: undefined }, locale)).toThrow(/customerOrgNumber/);
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
