import { en } from './en.js';
import { nb, type Texts } from './nb.js';

export type Locale = 'nb' | 'en';
export type { Texts };

export function texts(locale: Locale): Texts {
  return locale === 'en' ? en : nb;
}

/** Slack locales look like en-US, en-GB, nb-NO: English gets English, everyone else bokmål. */
export function localeFromSlack(slackLocale: string | null | undefined): Locale {
  return slackLocale && /^en\b/i.test(slackLocale) ? 'en' : 'nb';
}
