// Tiny generator: date part (6 digits, offsets already applied) + individual number (3 digits).
// `rest` selects the k1 rule: 0 is the pre-2032 rule, 1–3 are valid only under the post-2032 rule.
export const K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const K2_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

export function weighted(digits: string, weights: number[]): number {
  return weights.reduce((sum, w, i) => sum + w * Number(digits[i]), 0);
}

export function k2For(first10: string): number | null {
  let k2 = 11 - (weighted(first10, K2_WEIGHTS) % 11);
  if (k2 === 11) k2 = 0;
  return k2 === 10 ? null : k2;
}

export function make(first9: string, rest = 0): string | null {
  // k1 such that (weighted sum of d1..d9 + k1) mod 11 === rest
  const k1 = (11 + rest - (weighted(first9, K1_WEIGHTS) % 11)) % 11;
  if (k1 === 10) return null;
  const k2 = k2For(first9 + String(k1));
  return k2 === null ? null : first9 + String(k1) + String(k2);
}

/** First valid number for a date part, trying individual numbers from `start` upwards. */
export function generate(date6: string, rest = 0, start = 0): string {
  for (let ind = start; ind < 1000; ind++) {
    const nr = make(date6 + String(ind).padStart(3, '0'), rest);
    if (nr) return nr;
  }
  throw new Error(`no number for ${date6}`);
}

/** A number valid under k1 rest `rest` but invalid under the old rule (rest 0). */
export function generateNewRuleOnly(date6: string, rest: 1 | 2 | 3): string {
  for (let ind = 0; ind < 1000; ind++) {
    const first9 = date6 + String(ind).padStart(3, '0');
    const nr = make(first9, rest);
    if (nr && make(first9, 0) === null) return nr;
  }
  throw new Error(`no new-rule-only number for ${date6}`);
}

