import Holidays from 'date-holidays';

/**
 * Norwegian working days in Europe/Oslo: ages, thresholds and reminders count these, so a request filed
 * on Friday afternoon is not "three days old" on Monday, nor overdue after Easter. The public holidays
 * come from `date-holidays` (Easter and Whitsun move every year: no table is kept by hand).
 */
export const OSLO = 'Europe/Oslo';

/** An Oslo calendar day as `YYYY-MM-DD`. */
export type Day = string;

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: OSLO, year: 'numeric', month: '2-digit', day: '2-digit' });
const timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone: OSLO, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** The Oslo calendar day an instant falls on. */
export function osloDay(at: Date): Day {
  return dayFormat.format(at);
}

/** Minutes since midnight, Oslo time (for "at 08:30 Oslo"). */
export function osloMinutes(at: Date): number {
  const [h, m] = timeFormat.format(at).split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

const holidaysByYear = new Map<number, Set<Day>>();
const calendar = new Holidays('NO');

/** Norway's public holidays (helligdager) of a year, as Oslo days. */
export function publicHolidays(year: number): Set<Day> {
  let days = holidaysByYear.get(year);
  if (!days) {
    days = new Set(calendar.getHolidays(year).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
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
