import type { Logger } from '../logger.js';

/**
 * A job the ticker runs in every instance: at start, then every `everyMs`. A job that must happen
 * once across instances says so in the database itself (a lease, a dedupe key), never here.
 */
export interface PeriodicJob {
  name: string;
  everyMs: number;
  run: () => Promise<unknown> | void;
}

export interface Ticker {
  /** Runs every job now, then each at its interval. */
  start(): void;
  /** Runs a job now (e.g. retention after a delivery), or once more after the run in progress. */
  kick(name: string): void;
  /** No more runs; waits for those in progress. */
  stop(): Promise<void>;
}

/**
 * The one timer for the periodic jobs (the outbox's poll, retention, reminders, the monthly summary).
 * A job never runs beside itself: a tick that comes while it runs is skipped, a kick is kept for after.
 */
export function createTicker(o: { jobs: PeriodicJob[]; logger: Logger }): Ticker {
  const log = o.logger.child({ component: 'ticker' });
  const state = new Map(o.jobs.map((job) => [job.name, { job, dueAt: 0, running: undefined as Promise<void> | undefined, again: false }]));
  let stopped = true;
  let timer: NodeJS.Timeout | undefined;

  function run(s: NonNullable<ReturnType<typeof state.get>>): void {
    if (stopped) return;
    if (s.running) return;
    s.running = (async () => s.job.run())()
      .then(
        () => undefined,
        (err: unknown) => log.error({ err, job: s.job.name }, 'periodic job failed'),
      )
      .finally(() => {
        s.running = undefined;
        if (s.again) {
          s.again = false;
          run(s);
        }
      });
  }

  /** Runs the jobs that are due, then sleeps until the next one is. */
  function tick(): void {
    if (stopped) return;
    const now = Date.now();
    for (const s of state.values()) {
      if (s.dueAt > now) continue;
      s.dueAt = now + s.job.everyMs;
      run(s);
    }
    const next = Math.min(...[...state.values()].map((s) => s.dueAt));
    if (!Number.isFinite(next)) return; // no jobs
    timer = setTimeout(tick, Math.max(0, next - Date.now()));
    timer.unref();
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      tick();
    },
    kick(name) {
      const s = state.get(name);
      if (!s || stopped) return;
      if (s.running) s.again = true;
      else run(s);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await Promise.all([...state.values()].map((s) => s.running));
    },
  };
}
