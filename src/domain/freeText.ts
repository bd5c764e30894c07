/**
 * Free text from staff or vendors (a question, an answer, a rejection reason): line breaks normalised,
 * trimmed, required, at most 2000 characters. Refused as 'control_chars', like names: NUL and the other
 * C0/C1 control characters except tab and line feed, bidirectional override/isolate characters
 * (U+202A–U+202E, U+2066–U+2069; they can make text read differently from what it is) and lone
 * surrogates. The text goes to the vendor's channel, the card and the email as it is typed.
 */

export type FreeTextError = 'required' | 'too_long' | 'control_chars';

const MAX = 2000;
/** The one rule for every piece of free text: what a form refuses and a mirror strips. */
export const UNSAFE_TEXT = /(?![\t\n])[\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069]/u;
const FORBIDDEN = UNSAFE_TEXT;

/**
 * Text we pass on but cannot refuse (a vendor's message mirrored from its thread): the characters
 * the rule forbids are removed, line breaks normalised. NUL would make the database refuse the row.
 */
export function stripUnsafeText(raw: string): string {
  return raw.replace(/\r\n?/g, '\n').replace(new RegExp(UNSAFE_TEXT.source, 'gu'), '');
}

export function parseFreeText(raw: string): { ok: true; value: string } | { ok: false; error: FreeTextError } {
  const value = raw.replace(/\r\n?/g, '\n').trim();
  if (!value) return { ok: false, error: 'required' };
  if (FORBIDDEN.test(value)) return { ok: false, error: 'control_chars' };
  if (value.length > MAX) return { ok: false, error: 'too_long' };
  return { ok: true, value };
}
