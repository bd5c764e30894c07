import { recordEvent } from '../db/repositories/events.js';
import { enqueue } from '../db/repositories/outbox.js';
import { periodFigures, reportRows, weeklySeries, type FigureWindow, type PeriodFigures, type ReportRow, type WeeklyCount, type WeeklyLead } from '../db/repositories/reports.js';
import type { Period } from '../domain/period.js';
import { publicHolidays } from '../domain/workingDays.js';
import { effect, EFFECT } from './effects.js';
import type { Actor, Ports } from './ports.js';
import type { Locale } from '../domain/texts/index.js';

export type { PeriodFigures, ReportRow, WeeklyCount, WeeklyLead };

/** The SQL's window: the period, with the public holidays of every year a lead time may span. */
export function figureWindow(p: Period): FigureWindow {
  const first = Number(p.from.slice(0, 4)) - 1;
  const last = Number(p.to.slice(0, 4));
  const holidays: string[] = [];
  for (let y = first; y <= last; y += 1) holidays.push(...publicHolidays(y));
  return { from: p.from, to: p.to, holidays: holidays.sort() };
}

export interface ReportData {
  period: Period;
  figures: PeriodFigures;
  weekly: { counts: WeeklyCount[]; lead: WeeklyLead[] };
  rows: ReportRow[];
}

export async function loadReport(ports: Pick<Ports, 'db'>, period: Period): Promise<ReportData> {
  const w = figureWindow(period);
  const [figures, weekly, rows] = await Promise.all([periodFigures(ports.db, w), weeklySeries(ports.db, w), reportRows(ports.db, w)]);
  return { period, figures, weekly, rows };
}

export interface ReportJob {
  period: Period;
  userId: string;
  locale: Locale;
  withContacts: boolean;
}

/**
 * Queues a report for one staff member (built and uploaded by the outbox, so a failed upload
 * retries). Asking for contact details is audited, in the same transaction.
 */
export async function requestReport(ports: Ports, cmd: { job: ReportJob; actor: Actor; key: string }): Promise<void> {
  await ports.db.transaction(async (tx) => {
    if (cmd.job.withContacts) {
      await recordEvent(tx, {
        requestId: null,
        kind: 'report_with_contacts',
        actorUserId: cmd.actor.userId,
        actorTeamId: cmd.actor.teamId,
        details: { period: cmd.job.period.label },
      });
    }
    await enqueue(tx, [effect(EFFECT.reportFile, null, `report:${cmd.key}`, { ...cmd.job })]);
  });
  ports.outboxNotify();
}
