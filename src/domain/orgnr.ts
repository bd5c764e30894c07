/**
 * Norwegian organisation numbers (organisasjonsnummer), as issued by Enhetsregisteret.
 *
 * Nine digits; the ninth is a MOD11 check digit over the first eight with the weights
 * 3,2,7,6,5,4,3,2. check = 11 - (sum % 11); a result of 11 means 0 and a result of 10
 * means the number can never be valid. Pure: no I/O, never throws for user input.
 */

export type OrgNumberError = 'format' | 'checksum';

const WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2] as const;

/** All Unicode whitespace (`\s` covers U+00A0, thin/narrow spaces …) plus zero-width characters. */
const WHITESPACE = /[\s\u200B-\u200D\u2060]/gu;

const NINE_DIGITS = /^[0-9]{9}$/;

export function parseOrgNumber(
  input: string,
): { ok: true; value: string } | { ok: false; error: OrgNumberError } {
  const value = input.replace(WHITESPACE, '');
  if (!NINE_DIGITS.test(value)) return { ok: false, error: 'format' };

  let sum = 0;
  for (let i = 0; i < WEIGHTS.length; i++) sum += WEIGHTS[i]! * Number(value[i]);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  if (check === 10 || check !== Number(value[8])) return { ok: false, error: 'checksum' };

  return { ok: true, value };
}

/** '974760673' → '974 760 673'. Anything that is not nine digits is returned unchanged. */
export function formatOrgNumber(v: string): string {
  const digits = v.replace(WHITESPACE, '');
  if (!NINE_DIGITS.test(digits)) return v;
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}
