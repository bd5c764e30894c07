import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { runRetention, type RetentionRun } from './retention.js';
import type { PeriodicJob } from './ticker.js';

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

export interface RetentionJob extends PeriodicJob {
  /** One run, awaited: what it purged (tests, operators). */
  runOnce(): Promise<RetentionRun>;
}

/**
 * The retention rule as a job of the ticker, in every instance: at start-up, periodically and when
 * kicked (after an outbox delivery, for "purge at close"). Each run is safe next to another
 * instance's (see purgeExpiredPersonalData), so no leader is needed.
 */
export function createRetentionJob(o: RetentionJobOptions): RetentionJob {
  const log = o.logger.child({ component: 'retention' });
  const now = o.now ?? (() => new Date());

  const runOnce = async (): Promise<RetentionRun> => {
    const result = await runRetention(o.ports, {
      now: now(),
      retentionDays: o.retentionDays,
      mailDir: o.mailDir,
      onError: (requestId, message) => log.warn({ requestId, err: message }, 'could not purge personal data; will try again'),
    });
    if (result.purged.length > 0 || result.filesRemoved > 0 || result.slackFilesDeleted > 0) {
      log.info(
        { purged: result.purged.length, filesRemoved: result.filesRemoved, slackFilesDeleted: result.slackFilesDeleted, retentionDays: o.retentionDays },
        'personal data purged',
      );
    }
    return result;
  };

  return { name: 'retention', everyMs: o.intervalMs ?? INTERVAL_MS, run: runOnce, runOnce };
}
