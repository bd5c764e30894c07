/**
 * Free text from staff or vendors (a question, an answer, a rejection reason): line breaks normalised,
 * trimmed, required, at most 2000 characters. Refused as 'control_chars', like names: NUL and the other
 * C0/C1 control characters except tab and line feed, bidirectional override/isolate characters
 * (U+202A–U+202E, U+2066–U+2069; they can make text read differently from what it is) and lone
 * surrogates. The text goes to the vendor's channel, the card and the email as it is typed.
 */

export type FreeTextError = 'required' | 'too_long' | 'control_chars';

const MAX = 2000;
const FORBIDDEN = /(?![\t\n])[\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069]/u;

export function parseFreeText(raw: string): { ok: true; value: string } | { ok: false; error: FreeTextError } {
  const value = raw.replace(/\r\n?/g, '\n').trim();
  if (!value) return { ok: false, error: 'required' };
  if (FORBIDDEN.test(value)) return { ok: false, error: 'control_chars' };
  if (value.length > MAX) return { ok: false, error: 'too_long' };
  return { ok: true, value };
}
