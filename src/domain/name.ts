/**
 * Names of people and organisations: NFC-normalised, trimmed, internal whitespace runs (incl.
 * tabs, newlines, non-breaking spaces) collapsed to one space, then 2–200 Unicode code points.
 * Refused as 'control_chars': C0/C1 control characters that are not whitespace, bidirectional
 * override/isolate characters (U+202A–U+202E, U+2066–U+2069; they can disguise text) and lone
 * surrogates.
 */

export type NameError = 'too_short' | 'too_long' | 'control_chars' | 'url';

const MIN = 2;
const MAX = 200;
/** Stricter than free text: no format characters at all (\p{Cf}: zero-width spaces, direction marks). */
const FORBIDDEN = /[\p{Cc}\p{Cs}\p{Cf}\u202A-\u202E\u2066-\u2069]/u;
/**
 * Names go into brreg's email to a customer, whose mail client makes links of web addresses: refused
 * are the characters a URL or an address needs (/ \ : @ < > and the like; "A/S" is allowed), `www.`
 * and a host name such as `evil.example` (a dot and a lowercase top-level domain; `St.Olav` and
 * `A.S.` are names).
 */
const URL_LIKE = /[/\\:@<>[\]{}|^`]|[wW]{3}\.|[\p{L}\p{N}-]\.[a-z]{2,24}(?=$|[\s,;)])/u;

export function parseName(input: string): { ok: true; value: string } | { ok: false; error: NameError } {
  const value = input.normalize('NFC').replace(/\s+/gu, ' ').trim();
  if (FORBIDDEN.test(value)) return { ok: false, error: 'control_chars' };
  // "A/S" (the Danish company form) is a name, not a path.
  if (URL_LIKE.test(value.replace(/\bA\/S\b/g, 'AS'))) return { ok: false, error: 'url' };
  const length = [...value].length;
  if (length < MIN) return { ok: false, error: 'too_short' };
  if (length > MAX) return { ok: false, error: 'too_long' };
  return { ok: true, value };
}
