import { enqueue } from '../db/repositories/outbox.js';
import { previousMonth } from '../domain/period.js';
import { firstWorkingDayOfMonth, osloDay, osloMinutes } from '../domain/workingDays.js';
import type { Logger } from '../logger.js';
import { effect, EFFECT } from './effects.js';
import type { Ports } from './ports.js';

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

export interface MonthlySummaryTicker {
  start(): void;
  stop(): Promise<void>;
  /** One check now (what each minute does). */
  tick(): Promise<boolean>;
}

/** Checks every minute (injected clock) whether the monthly summary is due. */
export function createMonthlySummaryTicker(o: { ports: Ports; logger: Logger; now?: () => Date; intervalMs?: number }): MonthlySummaryTicker {
  const now = o.now ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<boolean> | null = null;
  const tick = (): Promise<boolean> => {
    running ??= enqueueMonthlySummaryIfDue(o.ports, now())
      .catch((err: unknown) => {
        o.logger.warn({ err }, 'monthly summary check failed');
        return false;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  return {
    tick,
    start() {
      if (timer) return;
      timer = setInterval(() => void tick(), o.intervalMs ?? 60_000);
      timer.unref();
      void tick();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
