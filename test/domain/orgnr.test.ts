import { describe, expect, it } from 'vitest';
import { formatOrgNumber, parseOrgNumber } from '../../src/domain/orgnr.js';

describe('parseOrgNumber', () => {
  it('accepts a known valid organisation number (Brønnøysundregistrene, 974760673)', () => {
    expect(parseOrgNumber('974760673')).toEqual({ ok: true, value: '974760673' });
  });

  it('accepts a number whose check digit is computed as 11 - remainder', () => {
    // 1·3 + 2·2 + 3·7 + 4·6 + 5·5 + 6·4 + 7·3 + 8·2 = 138; 138 mod 11 = 6; 11 - 6 = 5
    expect(parseOrgNumber('123456785')).toEqual({ ok: true, value: '123456785' });
  });

  it('accepts a number whose check digit computes to 11 and is therefore 0', () => {
    const prefix = findPrefixWithRemainder(0);
    expect(parseOrgNumber(prefix + '0')).toEqual({ ok: true, value: prefix + '0' });
    expect(parseOrgNumber(prefix + '1')).toEqual({ ok: false, error: 'checksum' });
  });

  it('strips ordinary, non-breaking, thin and zero-width spaces from the input', () => {
    for (const input of [
      '974 760 673',
      ' 974760673 ',
      '974\u00A0760\u00A0673',
      '974\u2009760\u202F673',
      '974\t760\n673',
      '974\u200B760673',
    ]) {
      expect(parseOrgNumber(input)).toEqual({ ok: true, value: '974760673' });
    }
  });

  it('rejects anything that is not exactly nine digits as a format error', () => {
    for (const input of ['', '   ', '97476067', '9747606730', '974-760-673', '974.760.673', 'NO974760673', 'abcdefghi', '９７４７６０６７３']) {
      expect(parseOrgNumber(input)).toEqual({ ok: false, error: 'format' });
    }
  });

  it('rejects every single-digit change of a valid number as a checksum error', () => {
    const valid = '974760673';
    for (let pos = 0; pos < 9; pos++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === valid[pos]) continue;
        const changed = valid.slice(0, pos) + String(d) + valid.slice(pos + 1);
        expect(parseOrgNumber(changed), changed).toEqual({ ok: false, error: 'checksum' });
      }
    }
  });

  it('rejects numbers whose check digit would be 10 whatever the ninth digit is', () => {
    const prefix = findPrefixWithRemainder(1);
    for (let d = 0; d <= 9; d++) {
      expect(parseOrgNumber(prefix + String(d))).toEqual({ ok: false, error: 'checksum' });
    }
  });

  it('never throws for odd input', () => {
    for (const input of ['\u0000', '💥💥💥', 'x'.repeat(10_000)]) {
      expect(() => parseOrgNumber(input)).not.toThrow();
    }
  });
});

describe('formatOrgNumber', () => {
  it('groups nine digits as three blocks of three', () => {
    expect(formatOrgNumber('974760673')).toBe('974 760 673');
  });

  it('normalises already spaced input', () => {
    expect(formatOrgNumber(' 974\u00A0760673')).toBe('974 760 673');
  });

  it('returns input that is not nine digits unchanged', () => {
    expect(formatOrgNumber('12345')).toBe('12345');
  });
});

function findPrefixWithRemainder(remainder: number): string {
  const weights = [3, 2, 7, 6, 5, 4, 3, 2];
  for (let n = 10_000_000; n < 100_000_000; n++) {
    const s = String(n);
    const sum = weights.reduce((acc, w, i) => acc + w * Number(s[i]), 0);
    if (sum % 11 === remainder) return s;
  }
  throw new Error('no prefix found');
}
