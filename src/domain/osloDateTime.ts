import type { Locale } from './texts/index.js';
import { OSLO } from './workingDays.js';

const formats = new Map<Locale, Intl.DateTimeFormat>();

/**
 * An instant as brreg's readers say it, always on Oslo's clock (summer time included), whatever the
 * server's zone: "7. desember 2026 kl. 14:58", "7 December 2026 at 14:58". For emails and files, which
 * (unlike Slack's date tokens) are not shown in each reader's own zone.
 */
export function osloDateTime(at: Date, locale: Locale): string {
  let f = formats.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'nb-NO', { timeZone: OSLO, dateStyle: 'long', timeStyle: 'short' });
    formats.set(locale, f);
  }
  return f.format(at);
}
