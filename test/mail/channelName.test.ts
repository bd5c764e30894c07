import { describe, expect, it } from 'vitest';
import { confirmationEmail } from '../../src/mail/confirmationEmail.js';
import { nudgeEmail } from '../../src/mail/nudgeEmail.js';
import { questionEmail } from '../../src/mail/questionEmail.js';
import { rejectionEmail } from '../../src/mail/rejectionEmail.js';
import type { Platform } from '../../src/domain/address.js';
import type { Locale } from '../../src/domain/texts/index.js';

const base = { reference: 'TT02-0042', vendorOrgName: 'Acme Regnskap AS', contactName: 'Kari Nordmann' };
const emails = (platform: Platform | undefined, locale: Locale) => {
  const p = platform ? { platform } : {};
  return {
    confirmation: confirmationEmail(
      { ...base, ...p, vendorOrgNumber: '974760673', accessType: 'fictitious_enterprise', loginFnr: '22819000000', fictitiousOrgNumber: '991825827', maskinportenGuideUrl: 'https://example.test/guide', tt02PortalUrl: 'https://tt02.example.test' },
      locale,
    ).text,
    question: questionEmail({ ...base, ...p, question: 'Hvilket miljø?' }, locale).text,
    rejection: rejectionEmail({ ...base, ...p, reason: 'Ikke aktuelt.', accessType: 'fictitious_enterprise' }, locale).text,
    nudge: nudgeEmail({ ...base, ...p, question: 'Hvilket miljø?', waited: '3 working days' }, locale).text,
  };
};

describe('the vendor emails name the channel where the vendor meets us', () => {
  it.each(['nb', 'en'] as const)('a Teams vendor is sent to the Teams channel, never to Slack (%s)', (locale) => {
    for (const [kind, text] of Object.entries(emails('teams', locale))) {
      expect(text, kind).toMatch(locale === 'nb' ? /Teams-kanalen dere deler med oss/ : /Teams channel you share with us/);
      expect(text, kind).not.toContain('Slack');
    }
  });

  it.each(['nb', 'en'] as const)('a Slack vendor (and a request from before platforms) is sent to the Slack channel (%s)', (locale) => {
    for (const platform of ['slack', undefined] as const) {
      for (const [kind, text] of Object.entries(emails(platform, locale))) {
        expect(text, kind).toMatch(locale === 'nb' ? /Slack-kanalen dere deler med oss/ : /Slack channel you share with us/);
        expect(text, kind).not.toContain('Teams');
      }
    }
  });
});
