import { describe, expect, it } from 'vitest';
import { parseFreeText, stripUnsafeText } from '../../src/domain/freeText.js';

describe('free text (question, answer, reason)', () => {
  it('keeps line breaks and tabs, normalises CRLF and trims', () => {
    expect(parseFreeText('  Hvilken kunde?\r\n\tOg når?  ')).toEqual({ ok: true, value: 'Hvilken kunde?\n\tOg når?' });
  });

  it.each([
    ['NUL', 'a\u0000b'],
    ['another C0 control', 'a\u0007b'],
    ['a C1 control', 'a\u0085b'],
    ['a right-to-left override', 'Godkjent \u202Egnijtsnas'],
    ['a left-to-right embedding', '\u202Aabc'],
    ['a first-strong isolate', 'abc \u2068def\u2069'],
    ['a lone surrogate', 'abc \uD800 def'],
  ])('refuses %s as control_chars', (_, raw) => {
    expect(parseFreeText(raw)).toEqual({ ok: false, error: 'control_chars' });
  });

  it('requires text and allows at most 2000 characters', () => {
    expect(parseFreeText(' \n ')).toEqual({ ok: false, error: 'required' });
    expect(parseFreeText('x'.repeat(2000)).ok).toBe(true);
    expect(parseFreeText('x'.repeat(2001))).toEqual({ ok: false, error: 'too_long' });
  });
});

describe('stripUnsafeText: the same rule, for text that is passed on and cannot be refused', () => {
  it('removes what a form refuses and keeps the rest as typed', () => {
    expect(stripUnsafeText('A\u0000B \u202Eevil\u202C & <ok>\r\nline\ttab')).toBe('AB evil & <ok>\nline\ttab');
    for (const raw of ['Hei\u0000', '\u202Etxt.exe', 'x\u2066y\u2069', 'a\u0085b']) {
      expect(parseFreeText(stripUnsafeText(raw)).ok, JSON.stringify(raw)).toBe(true);
    }
  });
});
