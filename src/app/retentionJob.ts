import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { runRetention, type RetentionRun } from './retention.js';

/** Often enough that "purge at close" (RETENTION_DAYS=0) catches up soon after a restart or a missed kick. */
const INTERVAL_MS = 5 * 60_000;

export interface RetentionJobOptions {
  ports: { db: Db; outboxNotify: () => void };
  retentionDays: number;
  mailDir: string;
  logger: Logger;
  intervalMs?: number;
  now?: () => Date;
}

export interface RetentionJob {
  /** Run now (e.g. after an outbox delivery); coalesces with a run in progress. */
  kick(): void;
  /** Runs at once, then every few minutes. */
  start(): void;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
  /** One run, awaited: what it purged (tests, operators). */
  runOnce(): Promise<RetentionRun>;
}

/**
 * Runs the retention rule in every instance: at start-up, periodically and when kicked. Each run is
 * safe next to another instance's (see purgeExpiredPersonalData), so no leader is needed.
 */
export function createRetentionJob(o: RetentionJobOptions): RetentionJob {
  const log = o.logger.child({ component: 'retention' });
  const now = o.now ?? (() => new Date());
  let running: Promise<unknown> | null = null;
  let again = false;
  let stopped = true;
  let timer: NodeJS.Timeout | undefined;

  const runOnce = async (): Promise<RetentionRun> => {
    const result = await runRetention(o.ports, {
      now: now(),
      retentionDays: o.retentionDays,
      mailDir: o.mailDir,
      onError: (requestId, message) => log.warn({ requestId, err: message }, 'could not purge personal data; will try again'),
    });
    if (result.purged.length > 0 || result.filesRemoved > 0) {
      log.info({ purged: result.purged.length, filesRemoved: result.filesRemoved, retentionDays: o.retentionDays }, 'personal data purged');
    }
    return result;
  };

  function run(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = runOnce()
      .catch((err: unknown) => log.error({ err: err instanceof Error ? err.message : String(err) }, 'retention run failed'))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          run();
        }
      });
  }

  return {
    kick: run,
    runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      timer = setInterval(run, o.intervalMs ?? INTERVAL_MS);
      timer.unref();
      run();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
