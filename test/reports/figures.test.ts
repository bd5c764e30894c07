import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReport } from '../../src/app/reports.js';
import { requestEvents, requests } from '../../src/db/schema.js';
import { monthPeriod } from '../../src/domain/period.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import type { AccessType } from '../../src/domain/intake.js';
import type { Status } from '../../src/domain/lifecycle.js';
import type { EventKind } from '../../src/domain/events.js';

/**
 * Fixed data inserted straight into a fresh database; every expected figure is worked out by hand
 * below. Times are Oslo local (CET, +01:00, in November and December 2026).
 *
 * Request  type  submitted            altinn      fnr         completed   other
 * R1       fict  Mon 11-02 10:00      Wed 11-04   Thu 11-05   Fri 11-06   feedback up (11-06)
 * R2       cust  Fri 11-06 15:00      Mon 11-09   Mon 11-09   Tue 11-10   feedback down (11-10)
 * R3       cust  Mon 11-09            Mon 11-16   Wed 11-18   Fri 11-20   feedback up (11-20)
 * R4       fict  Tue 11-10                                                rejected Wed 11-11
 * R5       cust  Thu 11-12                                                withdrawn Fri 11-13
 * R6       cust  Fri 10-30 (October)  Mon 11-02   Tue 11-03   Tue 11-03
 * R7       fict  Tue 12-01 00:30 (December, though 11-30 23:30 UTC)
 * R8       fict  Sun 11-01 00:30 (November, though 10-31 23:30 UTC)
 * R9       cust  Wed 12-23            Mon 12-28   Mon 12-28   Mon 12-28   (25 December is a holiday)
 */
const DAY = (d: string, time = '10:00') => new Date(`${d}T${time}:00+01:00`);

let db: TestDatabase;

async function add(n: string, accessType: AccessType, status: Status, events: [EventKind, Date, Record<string, unknown>?][]) {
  const [r] = await db.database.db
    .insert(requests)
    .values({
      status,
      accessType,
      vendorOrgNumber: '974760673',
      vendorOrgName: `Vendor ${n}`,
      contactName: 'Kari Nordmann',
      contactEmail: 'kari@example.no',
      contactPhone: '+4791234567',
      requesterUserId: 'UVENDOR01',
      channelId: `C${n}`,
      submissionKey: `key-${n}`,
    })
    .returning();
  await db.database.db
    .insert(requestEvents)
    .values(events.map(([kind, at, details]) => ({ requestId: r!.id, kind, at, actorUserId: 'USTAFF001', details: details ?? {} })));
}

beforeAll(async () => {
  db = await openTestDatabase();
  await add('1', 'fictitious_enterprise', 'completed', [
    ['submitted', DAY('2026-11-02')],
    ['altinn_done', DAY('2026-11-04')],
    ['fnr_registered', DAY('2026-11-05')],
    ['completed', DAY('2026-11-06')],
    ['feedback', DAY('2026-11-06', '12:00'), { value: 'up' }],
  ]);
  await add('2', 'customer_delegation', 'completed', [
    ['submitted', DAY('2026-11-06', '15:00')],
    ['altinn_done', DAY('2026-11-09')],
    ['fnr_registered', DAY('2026-11-09', '11:00')],
    ['completed', DAY('2026-11-10')],
    ['feedback', DAY('2026-11-10', '12:00'), { value: 'down' }],
  ]);
  await add('3', 'customer_delegation', 'completed', [
    ['submitted', DAY('2026-11-09')],
    ['altinn_done', DAY('2026-11-16')],
    ['fnr_registered', DAY('2026-11-18')],
    ['completed', DAY('2026-11-20')],
    ['feedback', DAY('2026-11-20', '12:00'), { value: 'up' }],
  ]);
  await add('4', 'fictitious_enterprise', 'rejected', [['submitted', DAY('2026-11-10')], ['rejected', DAY('2026-11-11')]]);
  await add('5', 'customer_delegation', 'withdrawn', [['submitted', DAY('2026-11-12')], ['withdrawn', DAY('2026-11-13')]]);
  await add('6', 'customer_delegation', 'completed', [
    ['submitted', DAY('2026-10-30')],
    ['altinn_done', DAY('2026-11-02')],
    ['fnr_registered', DAY('2026-11-03')],
    ['completed', DAY('2026-11-03', '15:00')],
  ]);
  await add('7', 'fictitious_enterprise', 'submitted', [['submitted', DAY('2026-12-01', '00:30')]]);
  await add('8', 'fictitious_enterprise', 'submitted', [['submitted', DAY('2026-11-01', '00:30')]]);
  await add('9', 'customer_delegation', 'completed', [
    ['submitted', DAY('2026-12-23')],
    ['altinn_done', DAY('2026-12-28')],
    ['fnr_registered', DAY('2026-12-28', '11:00')],
    ['completed', DAY('2026-12-28', '12:00')],
  ]);
});

afterAll(async () => {
  await db.drop();
});

describe('report figures computed in SQL over the audit events', () => {
  // Lead times are given to one decimal.
  it('counts the steps of November 2026 by Oslo day, with lead times in working days', async () => {
    const { figures } = await loadReport({ db: ports().db }, monthPeriod(2026, 11));
    // Received in November (Oslo): R1 R2 R3 R4 R5 R8 = 6 (R6 came in October, R7 on 1 December Oslo time).
    // Completed in November: R1 R2 R3 R6 = 4; rejected R4; withdrawn R5.
    expect({ received: figures.received, completed: figures.completed, rejected: figures.rejected, withdrawn: figures.withdrawn }).toEqual({
      received: 6,
      completed: 4,
      rejected: 1,
      withdrawn: 1,
    });
    // Submission → completion, working days: R1 Mon→Fri 4; R2 Fri→Tue (Mon, Tue) 2; R3 Mon 9 → Fri 20
    // (Tue–Fri 4 + Mon–Fri 5) 9; R6 Fri→Tue 2. Sorted 2 2 4 9: median (2+4)/2 = 3; p90 at rank
    // 0.9·3 = 2.7 → 4 + 0.7·(9−4) = 7.5.
    expect(figures.lead.total).toEqual({ median: 3, p90: 7.5 });
    // To the Altinn step: R1 2, R2 1, R3 5, R6 1 → 1 1 2 5: median 1.5, p90 2 + 0.7·3 = 4.1.
    expect(figures.lead.toAltinn.median).toBe(1.5);
    expect(figures.lead.toAltinn.p90).toBe(4.1);
    // Altinn → fnr: R1 1, R2 0 (same day), R3 2, R6 1 → 0 1 1 2: median 1, p90 1 + 0.7·1 = 1.7.
    expect(figures.lead.toFnr.median).toBe(1);
    expect(figures.lead.toFnr.p90).toBe(1.7);
    // fnr → confirmation: R1 1, R2 1, R3 2, R6 0 → the same 0 1 1 2.
    expect(figures.lead.toConfirmation.median).toBe(1);
    expect(figures.lead.toConfirmation.p90).toBe(1.7);
    // Feedback given in November: up, down, up.
    expect(figures.feedback).toEqual({ up: 2, total: 3 });
  });

  it('groups requests per ISO week by access type, and lead time per week of completion', async () => {
    const { weekly } = await loadReport({ db: ports().db }, monthPeriod(2026, 11));
    // Sunday 1 November is in week 44; Monday 2 November starts week 45.
    expect(weekly.counts).toEqual([
      { week: '2026-W44', accessType: 'fictitious_enterprise', requests: 1 },
      { week: '2026-W45', accessType: 'customer_delegation', requests: 1 },
      { week: '2026-W45', accessType: 'fictitious_enterprise', requests: 1 },
      { week: '2026-W46', accessType: 'customer_delegation', requests: 2 },
      { week: '2026-W46', accessType: 'fictitious_enterprise', requests: 1 },
    ]);
    // W45: R6 (2) and R1 (4) → median 3, p90 2 + 0.9·2 = 3.8; W46: R2 (2); W47: R3 (9).
    expect(weekly.lead).toEqual([
      { week: '2026-W45', median: 3, p90: 3.8 },
      { week: '2026-W46', median: 2, p90: 2 },
      { week: '2026-W47', median: 9, p90: 9 },
    ]);
  });

  it('skips public holidays: 23 → 28 December is two working days, not three', async () => {
    const { figures, rows } = await loadReport({ db: ports().db }, monthPeriod(2026, 12));
    // Thu 24 counts, Fri 25 (first day of Christmas) does not, nor the weekend; Mon 28 counts.
    expect(figures.lead.total).toEqual({ median: 2, p90: 2 });
    expect(figures.received).toBe(2); // R7 and R9
    expect(rows.map((r) => r.submitted)).toEqual(['2026-12-01 00:30', '2026-12-23 10:00']);
  });

  it('an empty period has zero counts and no lead times', async () => {
    const { figures, weekly } = await loadReport({ db: ports().db }, monthPeriod(2025, 3));
    expect(figures.received).toBe(0);
    expect(figures.lead.total).toEqual({ median: null, p90: null });
    expect(weekly).toEqual({ counts: [], lead: [] });
  });
});

const ports = () => ({ db: db.database.db });
