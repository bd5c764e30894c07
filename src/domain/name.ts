/**
 * Names of people and organisations: NFC-normalised, trimmed, internal whitespace runs (incl.
 * tabs, newlines, non-breaking spaces) collapsed to one space, then 2–200 Unicode code points.
 * Refused as 'control_chars': C0/C1 control characters that are not whitespace, bidirectional
 * override/isolate characters (U+202A–U+202E, U+2066–U+2069; they can disguise text) and lone
 * surrogates.
 */

export type NameError = 'too_short' | 'too_long' | 'control_chars';

const MIN = 2;
const MAX = 200;
const FORBIDDEN = /[\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069]/u;

export function parseName(input: string): { ok: true; value: string } | { ok: false; error: NameError } {
  const value = input.normalize('NFC').replace(/\s+/gu, ' ').trim();
  if (FORBIDDEN.test(value)) return { ok: false, error: 'control_chars' };
  const length = [...value].length;
  if (length < MIN) return { ok: false, error: 'too_short' };
  if (length > MAX) return { ok: false, error: 'too_long' };
  return { ok: true, value };
}
