/**
 * Norwegian working days in Europe/Oslo: ages, thresholds and reminders count these, so a request filed
 * on Friday afternoon is not "three days old" on Monday, nor overdue after Easter. The public holidays
 * are computed (Easter and Whitsun move every year: no table is kept by hand).
 */
export const OSLO = 'Europe/Oslo';

/** An Oslo calendar day as `YYYY-MM-DD`. */
export type Day = string;

// Made on first use: a formatter with a time zone loads ICU's zone data, 50–60 ms that start-up need not wait for.
let dayFormat: Intl.DateTimeFormat | undefined;
let timeFormat: Intl.DateTimeFormat | undefined;

/** The Oslo calendar day an instant falls on. */
export function osloDay(at: Date): Day {
  dayFormat ??= new Intl.DateTimeFormat('en-CA', { timeZone: OSLO, year: 'numeric', month: '2-digit', day: '2-digit' });
  return dayFormat.format(at);
}

/** Minutes since midnight, Oslo time (for "at 08:30 Oslo"). */
export function osloMinutes(at: Date): number {
  timeFormat ??= new Intl.DateTimeFormat('en-GB', { timeZone: OSLO, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const [h, m] = timeFormat.format(at).split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/**
 * Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, Meeus/Jones/Butcher).
 * Norway's public holidays are five fixed dates and seven that follow Easter, set by law
 * (helligdagsfredloven); computing them here replaced `date-holidays`, which loads every country's
 * rules with moment-timezone: 20 MB and 0.1–0.3 s of start-up for twelve dates a year. The test
 * checks every year from 2000 to 2070 against date-holidays.
 */
function easterSunday(year: number): Day {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days after Easter Sunday: Maundy Thursday, Good Friday, Easter Sunday and Monday, Ascension, Whit Sunday and Monday. */
const FROM_EASTER = [-3, -2, 0, 1, 39, 49, 50];
/** New Year's Day, Labour Day, Constitution Day, Christmas Day and Boxing Day. */
const FIXED = ['01-01', '05-01', '05-17', '12-25', '12-26'];

const holidaysByYear = new Map<number, Set<Day>>();

/** Norway's public holidays (helligdager) of a year, as Oslo days. */
export function publicHolidays(year: number): Set<Day> {
  let days = holidaysByYear.get(year);
  if (!days) {
    const easter = easterSunday(year);
    days = new Set([...FIXED.map((md) => `${year}-${md}`), ...FROM_EASTER.map((n) => shift(easter, n))]);
    holidaysByYear.set(year, days);
  }
  return days;
}

/** Day arithmetic on the calendar date itself (noon UTC keeps clear of every offset). */
function shift(day: Day, by: number): Day {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + by);
  return d.toISOString().slice(0, 10);
}

export function isWorkingDay(day: Day): boolean {
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !publicHolidays(Number(day.slice(0, 4))).has(day);
}

/**
 * Working days from `from` to `to`: the working days after `from`'s Oslo day, up to and including
 * `to`'s. Filed on Monday, it is 0 on Monday and 1 on Tuesday; filed on Friday, 1 on Monday. 0 when
 * `to` is not later.
 */
export function workingDaysBetween(from: Date, to: Date): number {
  const end = osloDay(to);
  let day = osloDay(from);
  let count = 0;
  while (day < end) {
    day = shift(day, 1);
    if (isWorkingDay(day)) count += 1;
  }
  return count;
}

/** The Oslo day `n` working days after `from`'s day (n ≥ 0; n = 0 is the next working day from that day on). */
export function addWorkingDays(from: Date | Day, n: number): Day {
  let day = typeof from === 'string' ? from : osloDay(from);
  while (!isWorkingDay(day)) day = shift(day, 1);
  for (let left = n; left > 0; ) {
    day = shift(day, 1);
    if (isWorkingDay(day)) left -= 1;
  }
  return day;
}

/** The first working day of the month `day` falls in. */
export function firstWorkingDayOfMonth(day: Day): Day {
  return addWorkingDays(`${day.slice(0, 7)}-01`, 0);
}
