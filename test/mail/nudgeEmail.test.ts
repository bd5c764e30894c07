import { describe, expect, it } from 'vitest';
import { nudgeEmail } from '../../src/mail/nudgeEmail.js';

describe('the vendor nudge email', () => {
  const input = {
    reference: 'TT02-0042',
    vendorOrgName: 'Acme <Regnskap> AS',
    contactName: 'Kari Nordmann',
    question: 'Hvilken kunde?\n<script>alert(1)</script>',
    waited: '3 arbeidsdager',
  };

  it('reminds the contact person of the question in bokmål, and in English, the same structure', () => {
    const nb = nudgeEmail(input, 'nb');
    expect(nb.subject).toBe('Vi venter på svar fra dere – TT02-0042');
    expect(nb.text).toContain('Hei Kari Nordmann');
    expect(nb.text).toContain('har ventet på svar i 3 arbeidsdager');
    expect(nb.text).toContain('    Hvilken kunde?');
    expect(nb.text).toContain('knappen «Svar»');
    const en = nudgeEmail({ ...input, waited: '3 working days' }, 'en');
    expect(en.subject).toBe('We are waiting for your answer – TT02-0042');
    expect(en.text).toContain('have waited for your answer for 3 working days');
    expect(en.text).toContain('The Brønnøysund Register Centre');
  });

  it('escapes the question and names in HTML', () => {
    const { html } = nudgeEmail(input, 'nb');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('Acme &lt;Regnskap&gt; AS');
  });
});
