import { describe, expect, it } from 'vitest';
import { parsePeriod, previousMonth } from '../../src/domain/period.js';
import { toCsv } from '../../src/reports/csv.js';

const NOW = new Date('2026-12-01T10:00:00Z');

describe('report periods', () => {
  it('reads a month, a quarter, a year and last-month as Oslo days, end exclusive', () => {
    expect(parsePeriod('2026-11', NOW)).toEqual({ ok: true, period: { from: '2026-11-01', to: '2026-12-01', label: '2026-11' } });
    expect(parsePeriod('2026-12', NOW)).toEqual({ ok: true, period: { from: '2026-12-01', to: '2027-01-01', label: '2026-12' } });
    expect(parsePeriod('2026-Q4', NOW)).toEqual({ ok: true, period: { from: '2026-10-01', to: '2027-01-01', label: '2026-Q4' } });
    expect(parsePeriod('2026-q1', NOW)).toEqual({ ok: true, period: { from: '2026-01-01', to: '2026-04-01', label: '2026-Q1' } });
    expect(parsePeriod('2026', NOW)).toEqual({ ok: true, period: { from: '2026-01-01', to: '2027-01-01', label: '2026' } });
    expect(parsePeriod('last-month', NOW)).toEqual({ ok: true, period: { from: '2026-11-01', to: '2026-12-01', label: '2026-11' } });
    expect(previousMonth(new Date('2027-01-04T08:00:00Z')).label).toBe('2026-12');
  });

  it('defaults to the last 30 days, today included', () => {
    expect(parsePeriod('', NOW)).toEqual({ ok: true, period: { from: '2026-11-02', to: '2026-12-02', label: '2026-11-02..2026-12-01' } });
  });

  it('refuses what it does not understand', () => {
    for (const bad of ['2026-13', '2026-00', '2026-Q5', 'november', '26-11', '2026-11-01']) expect(parsePeriod(bad, NOW)).toEqual({ ok: false, error: 'bad_period' });
  });
});

describe('CSV', () => {
  it('quotes commas, quotes and line breaks, and defuses spreadsheet formulas', () => {
    expect(toCsv(['a', 'b'], [['Acme, "Best" AS', 'line\nbreak'], ['=HYPERLINK("x")', null], [42, '-1']])).toBe(
      'a,b\r\n"Acme, ""Best"" AS","line\nbreak"\r\n"\'=HYPERLINK(""x"")",\r\n42,\'-1\r\n',
    );
  });
});
