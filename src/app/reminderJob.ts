import type { ReminderSettings } from '../config.js';
import type { Ports } from './ports.js';
import { enqueueDueReminders, type ReminderRun } from './reminders.js';
import type { PeriodicJob } from './ticker.js';

/** Often enough that a reminder goes out within a minute of its time. */
const TICK_MS = 30_000;

export interface ReminderJobOptions {
  ports: Ports;
  settings: ReminderSettings;
  now: () => Date;
  tickMs?: number;
}

export interface ReminderJob extends PeriodicJob {
  /** One run, awaited (tests, with a clock they control). */
  tick(): Promise<ReminderRun>;
}

/**
 * The reminders as a job of the ticker, in every instance: each tick queues what is due at `now()`
 * (see enqueueDueReminders). No leader and no lock: the dedupe keys make a second instance's tick, or
 * a tick after a restart, add nothing, and the outbox delivers each row once. Since what is due is
 * computed from the database and the clock, a restart misses nothing: the first tick catches up.
 */
export function createReminderJob(o: ReminderJobOptions): ReminderJob {
  const tick = async (): Promise<ReminderRun> => {
    const run = await enqueueDueReminders(o.ports.db, o.settings, o.now());
    if (run.digest || run.idle > 0 || run.nudges > 0) o.ports.outboxNotify();
    return run;
  };
  return { name: 'reminders', everyMs: o.tickMs ?? TICK_MS, run: tick, tick };
}
