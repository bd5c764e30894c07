import type { ReminderSettings } from '../config.js';
import type { Logger } from '../logger.js';
import type { Ports } from './ports.js';
import { enqueueDueReminders, type ReminderRun } from './reminders.js';

/** Often enough that a reminder goes out within a minute of its time. */
const TICK_MS = 30_000;

export interface ReminderJobOptions {
  ports: Ports;
  settings: ReminderSettings;
  logger: Logger;
  now: () => Date;
  tickMs?: number;
}

export interface ReminderJob {
  /** Runs at once, then on every tick. */
  start(): void;
  stop(): Promise<void>;
  /** One run, awaited (tests, with a clock they control). */
  tick(): Promise<ReminderRun>;
}

/**
 * The reminders' ticker, in every instance: each tick queues what is due at `now()` (see
 * enqueueDueReminders). No leader and no lock: the dedupe keys make a second instance's tick, or a
 * tick after a restart, add nothing, and the outbox delivers each row once. Since what is due is
 * computed from the database and the clock, a restart misses nothing: the first tick catches up.
 */
export function createReminderJob(o: ReminderJobOptions): ReminderJob {
  const log = o.logger.child({ component: 'reminders' });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | null = null;

  const tick = async (): Promise<ReminderRun> => {
    const run = await enqueueDueReminders(o.ports.db, o.settings, o.now());
    if (run.digest || run.idle > 0 || run.nudges > 0) o.ports.outboxNotify();
    return run;
  };

  const runInBackground = () => {
    if (running) return;
    running = tick()
      .catch((err: unknown) => log.error({ err }, 'reminder tick failed'))
      .finally(() => {
        running = null;
      });
  };

  return {
    tick,
    start() {
      if (timer) return;
      timer = setInterval(runInBackground, o.tickMs ?? TICK_MS);
      timer.unref();
      runInBackground();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
