/**
 * Phone numbers, stored as E.164. Default country Norway; international numbers with '+' or
 * the Norwegian '00' prefix are accepted. Uses libphonenumber-js with full ("max") metadata so
 * the number type (mobile, fixed line, …) is known.
 */
import { Metadata, type NumberType } from 'libphonenumber-js/core';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import metadata from 'libphonenumber-js/max/metadata';

export type PhoneError = 'format' | 'not_mobile';

/** Digits, '+', and the usual separators. Letters (vanity numbers, "ext.") are refused. */
const ALLOWED = /^[0-9+()\-./\s]+$/u;
const MAX_INPUT = 64;
const MOBILE_TYPES = new Set(['MOBILE', 'FIXED_LINE_OR_MOBILE']);

export type PhoneResult = { ok: true; e164: string } | { ok: false; error: PhoneError };

export function parsePhone(input: string, opts?: { mobile?: boolean }): PhoneResult {
  const text = input.trim();
  if (text.length === 0 || text.length > MAX_INPUT || !ALLOWED.test(text)) {
    return { ok: false, error: 'format' };
  }
  return parseNorwegian(text, opts) ?? parseWithLibrary(text, opts);
}

/**
 * Why a fast path: libphonenumber-js builds a `new RegExp` for every pattern it matches, and in the
 * running app, whose garbage collections clear V8's regexp cache, that made one call cost 24–28 µs
 * (measured in the app under `npm run bench`), about a tenth of all the work behind an invalid
 * submission. The numbers vendors type are Norwegian: for those, the library's own Norwegian rules
 * (its metadata, its order of types) are compiled here once. It decides only a plain Norwegian number
 * (digits, spaces, dashes or dots, after an optional +47 or 0047) that the rules give a type; anything
 * else (undefined) goes to the library. test/domain/phone.test.ts checks that both agree.
 */
const NORWEGIAN_INPUT = /^(?:\+47|0047)?([2-9][0-9]{7})$/;
const SEPARATORS = /[\s.-]/g;
/** What libphonenumber-js's numbering plan has at run time but does not declare; the test holds it to the library. */
interface PlanRules {
  nationalNumberPattern(): string;
  type(type: string): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
}
const plans = new Metadata(metadata);
plans.selectNumberingPlan('NO');
const norway = plans.numberingPlan as unknown as PlanRules;
const whole = (pattern: string) => new RegExp(`^(?:${pattern})$`);
const NATIONAL = whole(norway.nationalNumberPattern());
/** The library's order (getNumberType): fixed line first, then the other types. */
const NORWEGIAN_TYPES = (
  ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'] as const
).flatMap((type) => {
  const rule = norway.type(type);
  const pattern = rule?.pattern();
  return pattern ? [{ type: type as NumberType, lengths: rule?.possibleLengths(), pattern: whole(pattern) }] : [];
});

function norwegianType(national: string): NumberType | undefined {
  if (!NATIONAL.test(national)) return undefined;
  const matching = NORWEGIAN_TYPES.filter((t) => (!t.lengths || t.lengths.includes(national.length)) && t.pattern.test(national)).map((t) => t.type);
  // As the library: a number both fixed line and mobile is FIXED_LINE_OR_MOBILE.
  if (matching[0] === 'FIXED_LINE' && matching.includes('MOBILE')) return 'FIXED_LINE_OR_MOBILE';
  return matching[0];
}

function parseNorwegian(text: string, opts?: { mobile?: boolean }): PhoneResult | undefined {
  const national = NORWEGIAN_INPUT.exec(text.replace(SEPARATORS, ''))?.[1];
  const type = national === undefined ? undefined : norwegianType(national);
  if (type === undefined) return undefined;
  if (opts?.mobile && !MOBILE_TYPES.has(type)) return { ok: false, error: 'not_mobile' };
  return { ok: true, e164: `+47${national}` };
}

/** Any number, through the library (exported for the test that holds the fast path to it). */
export function parseWithLibrary(text: string, opts?: { mobile?: boolean }): PhoneResult {
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
