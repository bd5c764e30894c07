/**
 * One or many, as the language says it (Intl.PluralRules): "1 request", "2 requests"; "1 bestilling",
 * "2 bestillinger". Bokmål and English both have only the forms one and other; a count that is not a
 * number (the catalogue test calls texts with placeholders) takes other.
 */
const rules = new Map<string, Intl.PluralRules>();

export function plural(lang: 'nb' | 'en', n: number, forms: { one: string; other: string }): string {
  let r = rules.get(lang);
  if (!r) rules.set(lang, (r = new Intl.PluralRules(lang)));
  return r.select(n) === 'one' ? forms.one : forms.other;
}
