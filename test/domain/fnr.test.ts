import { describe, expect, it } from 'vitest';
import { maskFnr, parseFnr } from '../../src/domain/fnr.js';
import { K1_WEIGHTS, generate, generateNewRuleOnly, k2For, weighted } from '../support/fnr.js';

// Synthetic (Tenor, month + 80) examples are preferred wherever the kind does not matter.
const SYNTHETIC = generate('018190'); // 1 Jan 1990, month 01 + 80
const SYNTHETIC_DNR = generate('418190'); // day 01 + 40, month 01 + 80
const FNR = generate('010190');
const DNR = generate('410190');
const HNR = generate('014190');
const DNR_HNR = generate('414190');

describe('parseFnr: kinds', () => {
  it('accepts a Tenor synthetic number (month + 80) and flags it synthetic', () => {
    expect(parseFnr(SYNTHETIC)).toEqual({ ok: true, value: SYNTHETIC, kind: 'synthetic', synthetic: true });
  });

  it('accepts a Tenor synthetic D-number (day + 40, month + 80) and flags it synthetic', () => {
    expect(parseFnr(SYNTHETIC_DNR)).toEqual({ ok: true, value: SYNTHETIC_DNR, kind: 'synthetic', synthetic: true });
  });

  it('accepts an ordinary fødselsnummer as possibly real (not synthetic)', () => {
    expect(parseFnr(FNR)).toEqual({ ok: true, value: FNR, kind: 'fnr', synthetic: false });
  });

  it('accepts a D-number (day + 40) as possibly real', () => {
    expect(parseFnr(DNR)).toEqual({ ok: true, value: DNR, kind: 'dnr', synthetic: false });
  });

  it('accepts an H-number / Dolly number (month + 40) but treats it as possibly real', () => {
    expect(parseFnr(HNR)).toEqual({ ok: true, value: HNR, kind: 'hnr', synthetic: false });
  });

  it('accepts day + 40 and month + 40 as a D-number that is possibly real', () => {
    expect(parseFnr(DNR_HNR)).toEqual({ ok: true, value: DNR_HNR, kind: 'dnr', synthetic: false });
  });

  it('accepts the examples from the library README (T-number and H-number)', () => {
    expect(parseFnr('10915596784')).toMatchObject({ ok: true, kind: 'synthetic', synthetic: true });
    expect(parseFnr('13527248013')).toMatchObject({ ok: true, kind: 'hnr', synthetic: false });
  });
});

describe('parseFnr: input normalisation and format', () => {
  it('strips ordinary, non-breaking and thin spaces', () => {
    const spaced = `${SYNTHETIC.slice(0, 6)}\u00A0${SYNTHETIC.slice(6, 9)}\u2009${SYNTHETIC.slice(9)} `;
    expect(parseFnr(spaced)).toMatchObject({ ok: true, value: SYNTHETIC });
    expect(parseFnr(`${SYNTHETIC.slice(0, 6)} ${SYNTHETIC.slice(6)}`)).toMatchObject({ ok: true, value: SYNTHETIC });
  });

  it('rejects anything that is not exactly eleven digits as a format error', () => {
    for (const input of ['', '123', SYNTHETIC.slice(0, 10), SYNTHETIC + '0', `${SYNTHETIC.slice(0, 6)}-${SYNTHETIC.slice(6)}`, 'abcdefghijk']) {
      expect(parseFnr(input), input).toEqual({ ok: false, error: 'format' });
    }
  });

  it('never throws for odd input', () => {
    for (const input of ['\u0000', '💥'.repeat(11), '9'.repeat(10_000)]) {
      expect(() => parseFnr(input)).not.toThrow();
    }
  });
});

describe('parseFnr: check digits', () => {
  it('rejects a wrong second check digit', () => {
    const wrong = SYNTHETIC.slice(0, 10) + String((Number(SYNTHETIC[10]) + 1) % 10);
    expect(parseFnr(wrong)).toEqual({ ok: false, error: 'checksum' });
  });

  it('rejects every single-digit change of the check digits that the rules do not allow', () => {
    for (let pos = 9; pos <= 10; pos++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === SYNTHETIC[pos]) continue;
        const changed = SYNTHETIC.slice(0, pos) + String(d) + SYNTHETIC.slice(pos + 1);
        // Changing k1 alone also breaks k2 (k2 depends on k1), so every change must fail.
        expect(parseFnr(changed), changed).toEqual({ ok: false, error: 'checksum' });
      }
    }
  });

  it('rejects a changed digit in the individual number', () => {
    const changed = SYNTHETIC.slice(0, 8) + String((Number(SYNTHETIC[8]) + 1) % 10) + SYNTHETIC.slice(9);
    expect(parseFnr(changed)).toMatchObject({ ok: false });
  });
});

describe('parseFnr: post-2032 rule for k1', () => {
  it.each([1, 2, 3] as const)('accepts k1 with weighted sum ≡ %i (mod 11), valid only under the new rule', (rest) => {
    const nr = generateNewRuleOnly('018132', rest); // synthetic, 1 Jan 2032
    expect(parseFnr(nr)).toMatchObject({ ok: true, value: nr, kind: 'synthetic' });
  });

  it('accepts the new rule for D-numbers and ordinary numbers too', () => {
    expect(parseFnr(generateNewRuleOnly('410132', 2))).toMatchObject({ ok: true, kind: 'dnr' });
    expect(parseFnr(generateNewRuleOnly('010132', 3))).toMatchObject({ ok: true, kind: 'fnr' });
  });

  it('rejects k1 with weighted sum ≡ 4..10 (mod 11) even when k2 is consistent with it', () => {
    const first9 = '018132' + '123';
    let checked = 0;
    for (let rest = 4; rest <= 10; rest++) {
      const k1 = (11 + rest - (weighted(first9, K1_WEIGHTS) % 11)) % 11;
      if (k1 === 10) continue;
      const k2 = k2For(first9 + String(k1));
      if (k2 === null) continue;
      const nr = first9 + String(k1) + String(k2);
      expect(parseFnr(nr), nr).toEqual({ ok: false, error: 'checksum' });
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(3);
  });

  it('keeps the standard MOD11 rule for k2 when k1 follows the new rule', () => {
    const nr = generateNewRuleOnly('018132', 1);
    const wrongK2 = nr.slice(0, 10) + String((Number(nr[10]) + 1) % 10);
    expect(parseFnr(wrongK2)).toEqual({ ok: false, error: 'checksum' });
  });
});

describe('parseFnr: dates', () => {
  it('rejects an impossible date with valid check digits', () => {
    expect(parseFnr(generate('328190'))).toEqual({ ok: false, error: 'date' }); // day 32
    expect(parseFnr(generate('019390'))).toEqual({ ok: false, error: 'date' }); // month 13 + 80
    expect(parseFnr(generate('000190'))).toEqual({ ok: false, error: 'date' }); // day 0
  });

  it('rejects 29 February in a non-leap year and accepts it in a leap year', () => {
    expect(parseFnr(generate('298291'))).toEqual({ ok: false, error: 'date' });
    expect(parseFnr(generate('298292'))).toMatchObject({ ok: true });
  });

  it('accepts 29 February in year 00 (2000 was a leap year)', () => {
    expect(parseFnr(generate('298200', 0, 500))).toMatchObject({ ok: true });
  });

  it('rejects a D-number whose day without the offset is impossible', () => {
    expect(parseFnr(generate('728190'))).toEqual({ ok: false, error: 'date' }); // 72 - 40 = 32
  });
});

describe('maskFnr', () => {
  it('keeps only the last two digits', () => {
    expect(maskFnr('01819012345')).toBe('•••••••••45');
    expect(maskFnr(SYNTHETIC)).toBe('•'.repeat(9) + SYNTHETIC.slice(-2));
  });

  it('masks very short input completely', () => {
    expect(maskFnr('12')).toBe('••');
    expect(maskFnr('')).toBe('');
  });
});
