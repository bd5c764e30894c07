import { enqueue } from '../db/repositories/outbox.js';
import { previousMonth } from '../domain/period.js';
import { firstWorkingDayOfMonth, osloDay, osloMinutes } from '../domain/workingDays.js';
import { effect, EFFECT } from './effects.js';
import type { Ports } from './ports.js';
import type { PeriodicJob } from './ticker.js';

/** Posted after 09:00 Oslo on the first working day of the month. */
export const MONTHLY_SUMMARY_AT_MINUTES = 9 * 60;

/**
 * Queues last month's summary when it is due. The dedupe key `monthly-summary:YYYY-MM` (the month
 * summarised) makes it happen once however many instances tick, and however often.
 */
export async function enqueueMonthlySummaryIfDue(ports: Ports, now: Date): Promise<boolean> {
  const today = osloDay(now);
  if (today !== firstWorkingDayOfMonth(today) || osloMinutes(now) < MONTHLY_SUMMARY_AT_MINUTES) return false;
  const period = previousMonth(now);
  await enqueue(ports.db, [effect(EFFECT.monthlySummary, null, `monthly-summary:${period.label}`, { period: { ...period } })]);
  ports.outboxNotify();
  return true;
}

/** Checks every minute whether the monthly summary is due (a job of the ticker). */
export function createMonthlySummaryJob(o: { ports: Ports; now?: () => Date; everyMs?: number }): PeriodicJob {
  const now = o.now ?? (() => new Date());
  return { name: 'monthly summary', everyMs: o.everyMs ?? 60_000, run: () => enqueueMonthlySummaryIfDue(o.ports, now()) };
}
