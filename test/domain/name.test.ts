import { describe, expect, it } from 'vitest';
import { parseName } from '../../src/domain/name.js';

describe('parseName', () => {
  it('accepts ordinary names of people and organisations', () => {
    for (const input of ['Kari Nordmann', 'Brønnøysundregistrene', 'Åse Ødegård-Æsøy', "O'Brien AS", 'Ng', 'Sámi Čáhppes']) {
      expect(parseName(input), input).toEqual({ ok: true, value: input });
    }
  });

  it('trims and collapses internal whitespace runs to one space', () => {
    expect(parseName('  Kari \t  Nordmann\n')).toEqual({ ok: true, value: 'Kari Nordmann' });
    expect(parseName('Kari\u00A0\u00A0Nordmann')).toEqual({ ok: true, value: 'Kari Nordmann' });
  });

  it('normalises decomposed characters to NFC', () => {
    expect(parseName('A\u030Ase')).toEqual({ ok: true, value: 'Åse' });
  });

  it('rejects names shorter than two characters after trimming', () => {
    for (const input of ['', ' ', 'K', '  K  ', '\n\t']) {
      expect(parseName(input), JSON.stringify(input)).toEqual({ ok: false, error: 'too_short' });
    }
  });

  it('accepts 200 characters and rejects 201', () => {
    expect(parseName('a'.repeat(200))).toEqual({ ok: true, value: 'a'.repeat(200) });
    expect(parseName('a'.repeat(201))).toEqual({ ok: false, error: 'too_long' });
  });

  it('counts Unicode code points, not UTF-16 units', () => {
    // '𝔸' is one code point but two UTF-16 code units.
    expect(parseName('𝔸'.repeat(200))).toMatchObject({ ok: true });
    expect(parseName('𝔸'.repeat(201))).toEqual({ ok: false, error: 'too_long' });
    expect(parseName('𝔸')).toEqual({ ok: false, error: 'too_short' });
  });

  it('measures the length after collapsing whitespace', () => {
    expect(parseName(`a${' '.repeat(500)}b`)).toEqual({ ok: true, value: 'a b' });
  });

  it('rejects control characters that are not whitespace', () => {
    for (const input of ['Kari\u0000Nordmann', 'Kari\u0007', 'Kari\u001BNordmann', 'Kari\u007FNordmann', 'Kari\u0085Nordmann']) {
      expect(parseName(input), JSON.stringify(input)).toEqual({ ok: false, error: 'control_chars' });
    }
  });

  it('rejects bidirectional override characters that can disguise text', () => {
    expect(parseName('Kari\u202ENordmann')).toEqual({ ok: false, error: 'control_chars' });
    expect(parseName('Kari\u2066Nordmann\u2069')).toEqual({ ok: false, error: 'control_chars' });
  });

  it('rejects lone surrogates', () => {
    expect(parseName('Kari\uD800')).toEqual({ ok: false, error: 'control_chars' });
  });
});

describe('parseName: what would make a link or hide a character', () => {
  it('refuses URLs, web and email addresses, and the characters that make one', () => {
    for (const input of ['Acme http://evil.example/login', 'Acme evil.example', 'acme.no AS', 'Acme www.acme', 'kari@acme', 'Acme <b>', 'Acme: login', 'Acme\\login']) {
      expect(parseName(input), input).toEqual({ ok: false, error: 'url' });
    }
  });

  it('keeps names that only look a little like one', () => {
    for (const input of ['Foo A/S', 'St.Olav Eiendom', 'Kari J.Nordmann', 'A.S. Nordmann', 'Acme & Co AS', 'Nordmann Consulting AS.', 'Acme AS (Oslo)']) {
      expect(parseName(input), input).toEqual({ ok: true, value: input });
    }
  });

  it('refuses invisible format characters (\\p{Cf}), such as a zero-width space or a direction mark', () => {
    for (const c of ['\u200B', '\u200E', '\u200F', '\u2060', '\u00AD']) {
      expect(parseName(`Acme${c}AS`), JSON.stringify(c)).toEqual({ ok: false, error: 'control_chars' });
    }
  });
});
