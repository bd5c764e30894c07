import type { AccessType } from '../intake.js';
import type { Status } from '../lifecycle.js';
import { en } from './en.js';
import { nb, type Texts } from './nb.js';

export const LOCALES = ['nb', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type { Texts };

export function texts(locale: Locale): Texts {
  return locale === 'en' ? en : nb;
}

/**
 * Slack locales look like en-US, nb-NO, sv-SE, da-DK. Norwegian, Swedish and Danish readers get
 * bokmål (they read it easily); every other locale gets English. An unknown locale (Slack did not
 * say) gets bokmål, brreg's own language; the modal lets the user switch.
 */
export function localeFromSlack(slackLocale: string | null | undefined): Locale {
  if (!slackLocale) return 'nb';
  return /^(nb|nn|no|sv|da)\b/i.test(slackLocale) ? 'nb' : 'en';
}

/**
 * A status in words that fit the access type ("Lest inn i TT02" is the customer-delegation step;
 * for a fictitious enterprise the same step created the enterprise) and the reader: the vendor
 * reads about itself in the second person.
 */
export function statusLabel(t: Texts, status: Status, accessType: AccessType, reader: 'staff' | 'vendor'): string {
  if (status === 'altinn_done' && accessType === 'fictitious_enterprise') return t.statusFictitiousCreated;
  return reader === 'vendor' ? t.vendorStatus[status] : t.status[status];
}
