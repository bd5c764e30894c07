import { describe, expect, it } from 'vitest';
import { hasPunycodeDomain, parseEmail } from '../../src/domain/email.js';

describe('parseEmail', () => {
  it('accepts ordinary addresses unchanged', () => {
    for (const input of ['ola.nordmann@example.no', 'a+tag@sub.example.co.uk', "o'brien@example.com", 'x_y-z@example.io']) {
      expect(parseEmail(input), input).toEqual({ ok: true, value: input });
    }
  });

  it('trims surrounding whitespace, including non-breaking spaces', () => {
    expect(parseEmail('  kari@example.no\u00A0\n')).toEqual({ ok: true, value: 'kari@example.no' });
  });

  it('lower-cases the domain but keeps the local part as typed', () => {
    expect(parseEmail('Kari.Nordmann@Example.NO')).toEqual({ ok: true, value: 'Kari.Nordmann@example.no' });
  });

  it('rejects malformed addresses', () => {
    for (const input of ['', '   ', 'kari', 'kari@', '@example.no', 'kari@example', 'kari@@example.no', 'ka ri@example.no', 'a..b@example.no', '.a@example.no', 'kari@example..no', 'kari@-example.no', '"kari"@example.no', 'kari@[127.0.0.1]']) {
      expect(parseEmail(input), input).toEqual({ ok: false, error: 'format' });
    }
  });

  it('rejects two addresses in one field', () => {
    expect(parseEmail('a@example.no, b@example.no')).toEqual({ ok: false, error: 'format' });
    expect(parseEmail('a@example.no b@example.no')).toEqual({ ok: false, error: 'format' });
  });

  it('accepts exactly 254 characters and rejects 255', () => {
    const domain = (n: number) => `${'d'.repeat(60)}.${'e'.repeat(60)}.${'f'.repeat(60)}.${'g'.repeat(n)}.no`;
    const local = 'l'.repeat(50);
    const at254 = `${local}@${domain(254 - 51 - 186)}`;
    expect(at254).toHaveLength(254);
    expect(parseEmail(at254)).toEqual({ ok: true, value: at254 });
    const at255 = `${local}@${domain(255 - 51 - 186)}`;
    expect(at255).toHaveLength(255);
    expect(parseEmail(at255)).toEqual({ ok: false, error: 'format' });
  });

  it('rejects a local part longer than 64 characters', () => {
    expect(parseEmail(`${'a'.repeat(64)}@example.no`)).toMatchObject({ ok: true });
    expect(parseEmail(`${'a'.repeat(65)}@example.no`)).toEqual({ ok: false, error: 'format' });
  });
});

describe('hasPunycodeDomain', () => {
  it('flags a domain with an xn-- label, in any case and at any level', () => {
    expect(hasPunycodeDomain('kari@xn--brreg-ssa.no')).toBe(true);
    expect(hasPunycodeDomain('kari@post.XN--brreg-ssa.no')).toBe(true);
    expect(hasPunycodeDomain('kari@brreg.no')).toBe(false);
    expect(hasPunycodeDomain('xn--kari@brreg.no')).toBe(false);
  });
});
