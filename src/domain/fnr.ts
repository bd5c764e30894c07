/**
 * Norwegian national identity numbers (fødselsnummer and its variants).
 *
 * Validation is delegated to @navikt/fnrvalidator (NAV), which checks: 11 digits, both MOD11
 * check digits, and a real calendar date after removing the variant offsets below.
 *
 * Post-2032 rule (Skatteetaten, "Nytt fødselsnummer fra 2032", in force for numbers issued from
 * 1 January 2032; validators must accept both rules in parallel for all numbers):
 *   k1: let S = 3·d1 + 7·d2 + 6·d3 + 1·d4 + 8·d5 + 9·d6 + 4·d7 + 5·d8 + 2·d9 + 1·k1.
 *       Old rule: S mod 11 = 0. New rule: S mod 11 ∈ {0, 1, 2, 3}. (k1 = 10 is still impossible.)
 *   k2: unchanged: (5·d1 + 4·d2 + 3·d3 + 2·d4 + 7·d5 + 6·d6 + 5·d7 + 4·d8 + 3·d9 + 2·k1 + 1·k2)
 *       mod 11 = 0, computed with the k1 actually present; k2 = 10 is impossible.
 * The library (v2.2.x, `checksums()` in src/validator.ts) implements exactly this, so no local
 * supplement is needed; test/domain/fnr.test.ts pins the behaviour in case the library changes.
 *
 * Variants (library type → our kind):
 *   fnr          ordinary fødselsnummer                              → 'fnr'
 *   dnr          D-number, day + 40                                  → 'dnr'
 *   tnr          synthetic, month + 80 (Tenor / Test Norge)          → 'synthetic', synthetic: true
 *   dnr-and-tnr  synthetic D-number, day + 40 and month + 80 (Tenor) → 'synthetic', synthetic: true
 *   hnr          month + 40: H-number (helsevesenets hjelpenummer). NAV's Dolly also issues its
 *                synthetic numbers with month + 40, but the two cannot be told apart from the
 *                digits, so these count as possibly real                → 'hnr', synthetic: false
 *   dnr-and-hnr  day + 40 and month + 40 (in practice Dolly D-numbers; same ambiguity)
 *                                                                    → 'dnr', synthetic: false
 * Anything with synthetic: false could belong to a real person.
 */
import { idnr } from '@navikt/fnrvalidator';

export type FnrKind = 'fnr' | 'dnr' | 'synthetic' | 'hnr';
export type FnrError = 'format' | 'checksum' | 'date';

const WHITESPACE = /[\s\u200B-\u200D\u2060]/gu;
const ELEVEN_DIGITS = /^[0-9]{11}$/;

const KINDS: Record<string, { kind: FnrKind; synthetic: boolean }> = {
  fnr: { kind: 'fnr', synthetic: false },
  dnr: { kind: 'dnr', synthetic: false },
  hnr: { kind: 'hnr', synthetic: false },
  'dnr-and-hnr': { kind: 'dnr', synthetic: false },
  tnr: { kind: 'synthetic', synthetic: true },
  'dnr-and-tnr': { kind: 'synthetic', synthetic: true },
};

export function parseFnr(
  input: string,
):
  | { ok: true; value: string; kind: FnrKind; synthetic: boolean }
  | { ok: false; error: FnrError } {
  const value = input.replace(WHITESPACE, '');
  if (!ELEVEN_DIGITS.test(value)) return { ok: false, error: 'format' };

  const result = idnr(value);
  if (result.status === 'invalid') {
    // A mistyped digit most often breaks the checksum, so that is reported first.
    if (result.reasons.includes("checksums don't match")) return { ok: false, error: 'checksum' };
    if (result.reasons.includes('invalid date')) return { ok: false, error: 'date' };
    return { ok: false, error: 'format' };
  }

  const mapped = KINDS[result.type];
  // Unknown future library type: be conservative, treat it as possibly real.
  if (!mapped) return { ok: true, value, kind: 'fnr', synthetic: false };
  return { ok: true, value, ...mapped };
}

/** All but the last two digits replaced by '•': '•••••••••45'. */
export function maskFnr(value: string): string {
  const chars = [...value.replace(WHITESPACE, '')];
  const keep = chars.length > 2 ? chars.slice(-2).join('') : '';
  return '•'.repeat(chars.length - keep.length) + keep;
}

/**
 * Free text passed on as written (a vendor's words mirrored to the card): each valid fødselsnummer in
 * it (11 digits, maybe split 6 + 5) masked as the card masks the stored one. Other numbers stay.
 */
export function maskFnrsIn(text: string): string {
  return text.replace(/(?<!\d)\d{6}[ \u00A0]?\d{5}(?!\d)/g, (m) => (parseFnr(m).ok ? maskFnr(m) : m));
}
