/**
 * Slack's date tokens as the sandbox page shows them (src/sandbox/public/slackDate.js, the page's own
 * module, run here in Node): each {token} in the viewer's locale and time zone, as Slack does.
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the page's plain-JavaScript module has no type declarations.
import { formatSlackDate } from '../../src/sandbox/public/slackDate.js';

const format = formatSlackDate as (seconds: number, format: string, viewer: { locale: string; timeZone: string; now?: Date }) => string;
/** Monday 7 December 2026, 14:58:06 in Oslo (13:58:06 UTC). */
const AT = Date.parse('2026-12-07T13:58:06Z') / 1000;
const LATER = new Date('2026-12-10T10:00:00Z');
const oslo = (locale: string, now = LATER) => ({ locale, timeZone: 'Europe/Oslo', now });

describe('Slack date tokens in the sandbox', () => {
  it('renders every format token in the viewer’s locale and time zone', () => {
    const expected: Record<string, [string, string]> = {
      '{date_num}': ['2026-12-07', '2026-12-07'],
      '{date}': ['7 December 2026', '7. desember 2026'],
      '{date_short}': ['7 Dec 2026', '7. des. 2026'],
      '{date_long}': ['Monday, 7 December 2026', 'mandag 7. desember 2026'],
      '{date_pretty}': ['7 December 2026', '7. desember 2026'],
      '{date_short_pretty} {time}': ['7 Dec 2026 14:58', '7. des. 2026 14:58'],
      '{date_long_pretty}': ['Monday, 7 December 2026', 'mandag 7. desember 2026'],
      '{time}': ['14:58', '14:58'],
      '{time_secs}': ['14:58:06', '14:58:06'],
    };
    for (const [f, [en, nb]] of Object.entries(expected)) {
      expect(format(AT, f, oslo('en-GB')), f).toBe(en);
      expect(format(AT, f, oslo('nb-NO')), f).toBe(nb);
    }
    // The card's own format, never the browser default with seconds ("12/7/2026, 2:58:06 PM").
    expect(format(AT, '{date_short_pretty} {time}', oslo('en-US'))).toBe('Dec 7, 2026 2:58 PM');
  });

  it('says today, yesterday or tomorrow for the pretty formats, by the calendar day in the viewer’s time zone', () => {
    expect(format(AT, '{date_short_pretty} {time}', oslo('en-GB', new Date('2026-12-07T22:30:00Z')))).toBe('Today 14:58');
    expect(format(AT, '{date_short_pretty} {time}', oslo('nb-NO', new Date('2026-12-08T08:00:00Z')))).toBe('I går 14:58');
    expect(format(AT, 'due {date_pretty}', oslo('en-GB', new Date('2026-12-06T12:00:00Z')))).toBe('due tomorrow');
    // 23:30 UTC on the 7th is already the 8th in Oslo: "yesterday" there, not "today".
    expect(format(AT, '{date_long_pretty}', oslo('en-GB', new Date('2026-12-07T23:30:00Z')))).toBe('Yesterday');
    expect(format(AT, '{date_long_pretty}', { locale: 'en-GB', timeZone: 'UTC', now: new Date('2026-12-07T23:30:00Z') })).toBe('Today');
  });

  it('leaves an unknown token as written', () => {
    expect(format(AT, 'at {nonsense}', oslo('en-GB'))).toBe('at {nonsense}');
  });
});
