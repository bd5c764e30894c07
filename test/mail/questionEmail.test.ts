import { describe, expect, it } from 'vitest';
import { questionEmail } from '../../src/mail/questionEmail.js';

const input = { reference: 'TT02-0042', vendorOrgName: 'Acme <Regnskap> AS', contactName: 'Kari Nordmann', question: 'Hvilket API?\nOg for <hvem>?' };

describe('the question email', () => {
  it('carries staff’s question with its line breaks, in bokmål and in English, escaped in HTML', () => {
    const nb = questionEmail(input, 'nb');
    expect(nb.subject).toBe('Spørsmål om bestillingen av TT02-tilgang – TT02-0042');
    expect(nb.text).toContain('Hei Kari Nordmann,');
    expect(nb.text).toContain('    Hvilket API?\n    Og for <hvem>?');
    expect(nb.text).toContain('knappen «Svar»');
    expect(nb.html).toContain('Og for &lt;hvem&gt;?');
    expect(nb.html).toContain('Acme &lt;Regnskap&gt; AS');
    expect(nb.html).not.toContain('<hvem>');

    const en = questionEmail(input, 'en');
    expect(en.subject).toBe('A question about your TT02 access request – TT02-0042');
    expect(en.text).toContain('the Brønnøysund Register Centre');
    expect(en.text).toContain('"Answer" button');
  });
});
