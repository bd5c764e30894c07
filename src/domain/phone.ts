/**
 * Phone numbers, stored as E.164. Default country Norway; international numbers with '+' or
 * the Norwegian '00' prefix are accepted. Uses libphonenumber-js with full ("max") metadata so
 * the number type (mobile, fixed line, …) is known.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type PhoneError = 'format' | 'not_mobile';

/** Digits, '+', and the usual separators. Letters (vanity numbers, "ext.") are refused. */
const ALLOWED = /^[0-9+()\-./\s]+$/u;
const MAX_INPUT = 64;
const MOBILE_TYPES = new Set(['MOBILE', 'FIXED_LINE_OR_MOBILE']);

export function parsePhone(
  input: string,
  opts?: { mobile?: boolean },
): { ok: true; e164: string } | { ok: false; error: PhoneError } {
  const text = input.trim();
  if (text.length === 0 || text.length > MAX_INPUT || !ALLOWED.test(text)) {
    return { ok: false, error: 'format' };
  }
  const parsed = parsePhoneNumberFromString(text, { defaultCountry: 'NO', extract: false });
  if (!parsed || !parsed.isValid() || parsed.ext) return { ok: false, error: 'format' };

  if (opts?.mobile) {
    const type = parsed.getType();
    // Unknown type: give the benefit of the doubt; a known non-mobile type is refused.
    if (type !== undefined && !MOBILE_TYPES.has(type)) return { ok: false, error: 'not_mobile' };
  }
  return { ok: true, e164: parsed.number };
}

/**
 * Masks an E.164 number for logs: country code and the last two digits stay, the rest of the
 * national number becomes '•', grouped in pairs from the right: '+4741234567' → '+47 •• •• •• 67'.
 */
export function maskPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  const prefix = parsed ? `+${parsed.countryCallingCode}` : '';
  const national = parsed ? parsed.nationalNumber : e164.replace(/[^0-9]/g, '');
  const n = national.length;
  const masked = [...national].map((d, i) => (i >= n - 2 ? d : '•'));
  const groups: string[] = [];
  for (let end = n; end > 0; end -= 2) groups.unshift(masked.slice(Math.max(0, end - 2), end).join(''));
  return [prefix, ...groups].filter((g) => g !== '').join(' ');
}
