import { osloDay, type Day } from './workingDays.js';

/**
 * A report's period as Oslo calendar days, `from` inclusive and `to` exclusive. Written as
 * `2026-11` (a month), `2026-Q4` (a quarter), `2026` (a year), `last-month`, or nothing (the last 30
 * days, today included).
 */
export interface Period {
  from: Day;
  to: Day;
  label: string;
}

export type PeriodResult = { ok: true; period: Period } | { ok: false; error: 'bad_period' };

const pad = (n: number) => String(n).padStart(2, '0');
const monthStart = (y: number, m: number): Day => (m > 12 ? `${y + 1}-01-01` : `${y}-${pad(m)}-01`);

function shiftDay(day: Day, by: number): Day {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + by);
  return d.toISOString().slice(0, 10);
}

export function monthPeriod(y: number, m: number): Period {
  return { from: monthStart(y, m), to: monthStart(y, m + 1), label: `${y}-${pad(m)}` };
}

/** The calendar month before the one `now` falls in (Oslo). */
export function previousMonth(now: Date): Period {
  const [y, m] = osloDay(now).split('-').map(Number) as [number, number];
  return m === 1 ? monthPeriod(y - 1, 12) : monthPeriod(y, m - 1);
}

export function parsePeriod(raw: string, now: Date): PeriodResult {
  const s = raw.trim().toLowerCase();
  if (s === '') {
    const today = osloDay(now);
    return { ok: true, period: { from: shiftDay(today, -29), to: shiftDay(today, 1), label: `${shiftDay(today, -29)}..${today}` } };
  }
  if (s === 'last-month') return { ok: true, period: previousMonth(now) };
  let m = /^(\d{4})-(\d{2})$/.exec(s);
  if (m) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) return { ok: false, error: 'bad_period' };
    return { ok: true, period: monthPeriod(Number(m[1]), month) };
  }
  m = /^(\d{4})-q([1-4])$/.exec(s);
  if (m) {
    const y = Number(m[1]);
    const q = Number(m[2]);
    return { ok: true, period: { from: monthStart(y, q * 3 - 2), to: monthStart(y, q * 3 + 1), label: `${y}-Q${q}` } };
  }
  m = /^(\d{4})$/.exec(s);
  if (m) {
    const y = Number(m[1]);
    return { ok: true, period: { from: `${y}-01-01`, to: `${y + 1}-01-01`, label: String(y) } };
  }
  return { ok: false, error: 'bad_period' };
}
