import { createMonthlySummaryJob } from './app/monthlySummary.js';
import { recordDeliveryFailed } from './app/outbox/deliveries.js';
import type { EffectHandlers } from './app/outbox/dispatch.js';
import { createOutboxWorker, type OutboxHandler, type OutboxWorker } from './app/outbox/worker.js';
import type { Ports } from './app/ports.js';
import { createReminderJob, type ReminderJob } from './app/reminderJob.js';
import { createRetentionJob, type RetentionJob } from './app/retentionJob.js';
import { createTicker } from './app/ticker.js';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import type { Logger } from './logger.js';
import { buildConfirmation, mailDeliveryHandlers } from './mail/delivery.js';
import { nudgeMailHandlers } from './mail/nudgeDelivery.js';
import { createMailer, type Mailer } from './mail/transport.js';
import { createRegisterClient } from './register/enhetsregisteret.js';
import type { ServerOptions } from './server.js';

/**
 * What every set-up shares, whichever platforms it serves (server.ts with Slack, teamsOnlyServer.ts
 * with Teams alone): mail, the enterprise register, the use cases' ports, the outbox worker and the
 * periodic jobs. The platforms' outbox handlers are handed to `outbox()` once their adapters exist.
 */
export interface Core {
  ports: Ports;
  mailer: Mailer;
  now: () => Date;
  /** The mail adapter's outbox handlers (emails and the vendor nudge's email). */
  mailHandlers: EffectHandlers[];
  /** The outbox worker and the ticker's jobs, over these handlers; started by `start()`. */
  outbox(handlers: Record<string, OutboxHandler>): CoreJobs;
}

export interface CoreJobs {
  worker: OutboxWorker;
  retention: RetentionJob;
  reminders: ReminderJob;
  /** Delivers and runs the periodic jobs (unless the options say not to deliver: tests of a crash). */
  start(): void;
  stop(): Promise<void>;
}

export function createCore(config: Config, database: Database, opts: ServerOptions, log: Logger): Core {
  const mailer = createMailer({ smtpUrl: config.mail.smtpUrl, from: config.mail.from, mailDir: config.mail.dir, logger: log.child({ component: 'mail' }) });
  const register = config.enhetsregisteretUrl === 'off' ? undefined : createRegisterClient({ baseUrl: config.enhetsregisteretUrl });
  const now = opts.now ?? (() => new Date());
  let worker: OutboxWorker | undefined;
  const ports: Ports = {
    db: database.db,
    // Rows are committed only once the adapters exist, so the worker does by then.
    outboxNotify: () => worker?.kick(),
    register,
    mails: { confirmation: (r) => buildConfirmation(r, config.maskinportenGuideUrl, config.mail, config.tt02PortalUrl) },
  };
  const { pollMs = 1_000, slackTimeoutMs: _timeout, ...outboxTuning } = opts.outbox ?? {};
  return {
    ports,
    mailer,
    now,
    mailHandlers: [mailDeliveryHandlers({ ports, mailer, config }), nudgeMailHandlers({ ports, mailer, mail: config.mail })],
    outbox(handlers) {
      const w = createOutboxWorker({
        db: database.db,
        logger: log,
        maxAttempts: config.outboxMaxAttempts,
        leaseMs: config.outboxLeaseMs,
        handlers,
        onFailure: (row, _error, final) => recordDeliveryFailed(ports, row, final),
        ...outboxTuning,
      });
      worker = w;
      const retention = createRetentionJob({ ports, retentionDays: config.retentionDays, mailDir: config.mail.dir, logger: log });
      const reminders = createReminderJob({ ports, settings: config.reminders, now, tickMs: opts.reminderTickMs });
      const ticker = createTicker({
        logger: log,
        jobs: [{ name: 'outbox', everyMs: pollMs, run: () => w.kick() }, retention, reminders, ...(config.monthlySummary ? [createMonthlySummaryJob({ ports })] : [])],
      });
      return {
        worker: w,
        retention,
        reminders,
        start() {
          if (opts.deliver === false) return;
          w.start();
          ticker.start();
          // "Purge at close": a closed request is purged once its last effect is delivered (or given up).
          if (config.retentionDays === 0) {
            w.events.on('delivered', () => ticker.kick(retention.name));
            w.events.on('failed', (_row, _error, final: boolean) => final && ticker.kick(retention.name));
          }
        },
        async stop() {
          await ticker.stop();
          await w.stop();
          await mailer.close();
        },
      };
    },
  };
}
