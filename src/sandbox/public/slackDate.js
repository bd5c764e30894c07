/**
 * Slack's date tokens, `<!date^SECONDS^FORMAT|fallback>`, as Slack shows them: each {token} of FORMAT
 * in the viewing person's locale and time zone (Slack's "Formatting text for app surfaces"):
 *   {date_num}          2014-02-18
 *   {date}              February 18, 2014
 *   {date_short}        Feb 18, 2014
 *   {date_long}         Tuesday, February 18, 2014
 *   {date_pretty}, {date_short_pretty}, {date_long_pretty}: the same, or today / yesterday / tomorrow
 *   {time}              18:39 (or 6:39 PM where the locale writes it so)
 *   {time_secs}         18:39:45
 * An unknown {token} is left as it is; a format Slack cannot read shows the fallback (the caller's job).
 * No DOM here, so the test suite runs it in Node with the same Intl data as the browser.
 */

const DATE = {
  date: { day: 'numeric', month: 'long', year: 'numeric' },
  date_short: { day: 'numeric', month: 'short', year: 'numeric' },
  date_long: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
};
const TIME = {
  time: { hour: 'numeric', minute: '2-digit' },
  time_secs: { hour: 'numeric', minute: '2-digit', second: '2-digit' },
};

/** The calendar day (YYYY-MM-DD) of an instant in a time zone. */
const dayIn = (at, timeZone) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

/** Days from `now`'s calendar day to `at`'s, both in the time zone (-1 yesterday, 0 today, 1 tomorrow). */
function dayOffset(at, now, timeZone) {
  const utc = (d) => Date.parse(`${dayIn(d, timeZone)}T00:00:00Z`);
  return Math.round((utc(at) - utc(now)) / 86_400_000);
}

/**
 * @param {number} seconds Unix time
 * @param {string} format e.g. "{date_short_pretty} {time}"
 * @param {{ locale: string, timeZone: string, now?: Date }} viewer
 */
export function formatSlackDate(seconds, format, viewer) {
  const at = new Date(seconds * 1000);
  const { locale, timeZone } = viewer;
  const now = viewer.now ?? new Date();
  const token = (name, atStart) => {
    const pretty = name.endsWith('_pretty');
    const base = pretty ? name.slice(0, -'_pretty'.length) : name;
    if (pretty) {
      const offset = dayOffset(at, now, timeZone);
      if (Math.abs(offset) <= 1) {
        const word = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(offset, 'day');
        return atStart ? word.charAt(0).toLocaleUpperCase(locale) + word.slice(1) : word;
      }
    }
    if (base === 'date_num') return dayIn(at, timeZone);
    if (DATE[base]) return new Intl.DateTimeFormat(locale, { timeZone, ...DATE[base] }).format(at);
    if (TIME[base]) return new Intl.DateTimeFormat(locale, { timeZone, ...TIME[base] }).format(at);
    return null;
  };
  return format.replace(/\{([a-z_]+)\}/g, (whole, name, index) => token(name, index === 0) ?? whole);
}
