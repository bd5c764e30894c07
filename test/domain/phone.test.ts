import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { maskPhone, parsePhone, parseWithLibrary } from '../../src/domain/phone.js';

describe('parsePhone', () => {
  it('accepts Norwegian numbers written with +47, without prefix, or with 0047', () => {
    for (const input of ['+47 412 34 567', '41234567', '0047 41234567', '+4741234567', ' 412 34 567 ', '+47 (412) 34-567', '412.34.567']) {
      expect(parsePhone(input), input).toEqual({ ok: true, e164: '+4741234567' });
    }
  });

  it('accepts international numbers and stores them as E.164', () => {
    expect(parsePhone('+46 70 123 45 67')).toEqual({ ok: true, e164: '+46701234567' });
    expect(parsePhone('0046 70 123 45 67')).toEqual({ ok: true, e164: '+46701234567' });
    expect(parsePhone('+44 7911 123456')).toEqual({ ok: true, e164: '+447911123456' });
  });

  it('accepts a Norwegian landline when a mobile number is not required', () => {
    expect(parsePhone('22 22 22 22')).toEqual({ ok: true, e164: '+4722222222' });
  });

  it('rejects malformed or impossible numbers as a format error', () => {
    for (const input of ['', '   ', '4123456', '412345678', '+47', 'abc', '+46 41234567', '1-800-FLOWERS', 'call 41234567', '+' + '4'.repeat(80)]) {
      expect(parsePhone(input), input).toEqual({ ok: false, error: 'format' });
    }
  });

  it('rejects numbers with an extension, which E.164 cannot hold', () => {
    expect(parsePhone('41234567 ext. 12')).toEqual({ ok: false, error: 'format' });
    expect(parsePhone('41234567x12')).toEqual({ ok: false, error: 'format' });
  });

  it('with mobile: true, rejects a Norwegian landline as not_mobile', () => {
    expect(parsePhone('22 22 22 22', { mobile: true })).toEqual({ ok: false, error: 'not_mobile' });
  });

  it('with mobile: true, rejects a toll-free number as not_mobile', () => {
    expect(parsePhone('800 12 345', { mobile: true })).toEqual({ ok: false, error: 'not_mobile' });
  });

  it('with mobile: true, accepts Norwegian and foreign mobile numbers', () => {
    expect(parsePhone('41234567', { mobile: true })).toEqual({ ok: true, e164: '+4741234567' });
    expect(parsePhone('+46 70 123 45 67', { mobile: true })).toEqual({ ok: true, e164: '+46701234567' });
  });

  it('with mobile: true, accepts numbers whose type is FIXED_LINE_OR_MOBILE', () => {
    // US numbers cannot be told apart: libphonenumber reports FIXED_LINE_OR_MOBILE.
    expect(parsePhone('+1 201 555 0123', { mobile: true })).toEqual({ ok: true, e164: '+12015550123' });
  });

  it('still reports a format error before checking the type', () => {
    expect(parsePhone('123', { mobile: true })).toEqual({ ok: false, error: 'format' });
  });
});

describe('maskPhone', () => {
  it('shows only the country code and the last two digits of a Norwegian number', () => {
    expect(maskPhone('+4741234567')).toBe('+47 •• •• •• 67');
  });

  it('masks foreign numbers the same way, grouped in pairs from the right', () => {
    expect(maskPhone('+46701234567')).toBe('+46 • •• •• •• 67');
  });

  it('never reveals more than the last two digits of unparsable input', () => {
    expect(maskPhone('12345')).toBe('• •• 45');
  });
});

describe('parsePhone: the Norwegian fast path agrees with libphonenumber-js', () => {
  const digit = fc.constantFrom(...'0123456789');
  const separator = fc.constantFrom('', '', '', ' ', '-', '.', '  ');
  /** Eight digits as vendors write them: any prefix the fast path takes, separators anywhere. */
  const written = fc
    .record({
      prefix: fc.constantFrom('', '+47', '+47 ', '0047', '0047 ', '+4 7', '00 47', '+470', '47'),
      digits: fc.array(digit, { minLength: 7, maxLength: 9 }),
      separators: fc.array(separator, { minLength: 9, maxLength: 9 }),
    })
    .map(({ prefix, digits, separators }) => prefix + digits.map((d, i) => d + separators[i]).join(''));

  it('gives the same answer as the library alone, mobile or not', () => {
    fc.assert(
      fc.property(written, fc.boolean(), (text, mobile) => {
        expect(parsePhone(text, { mobile })).toEqual(parseWithLibrary(text.trim(), { mobile }));
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees on every Norwegian number range (each three-digit start)', () => {
    for (let start = 200; start <= 999; start++) {
      for (const rest of ['00000', '12345', '99999']) {
        const text = `${start}${rest}`;
        for (const mobile of [false, true]) expect(parsePhone(text, { mobile }), text).toEqual(parseWithLibrary(text, { mobile }));
      }
    }
  });

  it('leaves Svalbard numbers, which share +47, to the library', () => {
    expect(parsePhone('79 02 34 56')).toEqual(parseWithLibrary('79 02 34 56'));
    expect(parsePhone('79 02 34 56').ok).toBe(true);
  });
});
