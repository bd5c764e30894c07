import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  firstWorkingDayOfMonth,
  isWorkingDay,
  osloDay,
  osloMinutes,
  publicHolidays,
  workingDaysBetween,
} from '../../src/domain/workingDays.js';

describe('Norwegian working days in Europe/Oslo', () => {
  it('skips weekends and public holidays, Easter and Whitsun included', () => {
    expect(isWorkingDay('2026-12-01')).toBe(true); // Tuesday
    expect(isWorkingDay('2026-12-05')).toBe(false); // Saturday
    expect(isWorkingDay('2026-12-25')).toBe(false); // Christmas Day
    expect(isWorkingDay('2026-12-24')).toBe(true); // Christmas Eve is not a public holiday
    for (const easter of ['2026-04-02', '2026-04-03', '2026-04-06']) expect(isWorkingDay(easter)).toBe(false);
    expect(isWorkingDay('2027-03-25')).toBe(false); // Maundy Thursday moves: 2027's
    expect(isWorkingDay('2026-05-25')).toBe(false); // Whit Monday
    expect(isWorkingDay('2026-05-17')).toBe(false); // Constitution Day (a Sunday anyway)
    expect(isWorkingDay('2027-05-17')).toBe(false); // a Monday in 2027
  });

  it("has date-holidays' public holidays for Norway in every year from 2000 to 2070", () => {
    const oracle = new Holidays('NO');
    for (let year = 2000; year <= 2070; year += 1) {
      const expected = new Set(oracle.getHolidays(year).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
      expect(publicHolidays(year), String(year)).toEqual(expected);
    }
    expect(publicHolidays(2026).size).toBe(12); // 1 Jan, Easter's four, 1 and 17 May, Ascension, Whitsun's two, 25–26 Dec
  });

  it('counts the working days after the day of filing, by the Oslo calendar', () => {
    const friday = new Date('2026-11-27T15:00:00+01:00');
    expect(workingDaysBetween(friday, new Date('2026-11-27T23:00:00+01:00'))).toBe(0);
    expect(workingDaysBetween(friday, new Date('2026-11-29T12:00:00+01:00'))).toBe(0); // Sunday
    expect(workingDaysBetween(friday, new Date('2026-11-30T08:00:00+01:00'))).toBe(1); // Monday
    // Wednesday before Easter 2026 to the Tuesday after: only Tuesday counts.
    expect(workingDaysBetween(new Date('2026-04-01T10:00:00+02:00'), new Date('2026-04-07T10:00:00+02:00'))).toBe(1);
    // 23:30 UTC on 30 November is already 1 December in Oslo.
    expect(osloDay(new Date('2026-11-30T23:30:00Z'))).toBe('2026-12-01');
    expect(workingDaysBetween(new Date('2026-11-30T10:00:00Z'), new Date('2026-11-30T23:30:00Z'))).toBe(1);
  });

  it('adds working days and finds the first working day of a month', () => {
    expect(addWorkingDays('2026-12-23', 1)).toBe('2026-12-24');
    expect(addWorkingDays('2026-12-24', 1)).toBe('2026-12-28');
    expect(addWorkingDays('2026-12-26', 0)).toBe('2026-12-28');
    expect(firstWorkingDayOfMonth('2026-11-15')).toBe('2026-11-02'); // 1 November 2026 is a Sunday
    expect(firstWorkingDayOfMonth('2027-01-20')).toBe('2027-01-04'); // New Year's Day, then a weekend
  });

  it('tells the time of day in Oslo across daylight saving time', () => {
    expect(osloMinutes(new Date('2026-12-01T07:30:00Z'))).toBe(8 * 60 + 30); // CET
    expect(osloMinutes(new Date('2026-06-01T06:30:00Z'))).toBe(8 * 60 + 30); // CEST
  });
});
