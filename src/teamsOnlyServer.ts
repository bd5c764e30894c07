import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMonthlySummaryJob } from './app/monthlySummary.js';
import { recordDeliveryFailed } from './app/outbox/deliveries.js';
import { dispatchTable } from './app/outbox/dispatch.js';
import { bySide, vendorByPlatform } from './app/outbox/sides.js';
import { createOutboxWorker, type OutboxWorker } from './app/outbox/worker.js';
import type { Ports } from './app/ports.js';
import { createReminderJob } from './app/reminderJob.js';
import { createRetentionJob } from './app/retentionJob.js';
import { createTicker } from './app/ticker.js';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { Health } from './health.js';
import type { Logger } from './logger.js';
import { buildConfirmation, mailDeliveryHandlers } from './mail/delivery.js';
import { nudgeMailHandlers } from './mail/nudgeDelivery.js';
import { createMailer } from './mail/transport.js';
import { createRegisterClient } from './register/enhetsregisteret.js';
import type { RunningServer, ServerOptions } from './server.js';

/**
 * The app with Teams alone (config.teamsOnly): vendors file in Teams, staff triage in Teams, and no
 * Slack setting is needed or read. The same database, outbox, mail, register, retention and reminders
 * as the full server (server.ts); the HTTP server answers /healthz and POST /api/messages.
 */
export async function startTeamsOnly(config: Config, database: Database, opts: ServerOptions, log: Logger): Promise<RunningServer> {
  const teamsSettings = config.teams;
  if (!teamsSettings?.triageConversationId) throw new Error('Teams alone needs TEAMS_TRIAGE_CONVERSATION_ID');
  const mailer = createMailer({ smtpUrl: config.mail.smtpUrl, from: config.mail.from, mailDir: config.mail.dir, logger: log.child({ component: 'mail' }) });
  const register = config.enhetsregisteretUrl === 'off' ? undefined : createRegisterClient({ baseUrl: config.enhetsregisteretUrl });
  const { slackTimeoutMs = 20_000, pollMs = 1_000, ...outboxTuning } = opts.outbox ?? {};
  const now = opts.now ?? (() => new Date());
  const ports: Ports = {
    db: database.db,
    outboxNotify: () => worker.kick(),
    register,
    mails: { confirmation: (r) => buildConfirmation(r, config.maskinportenGuideUrl, config.mail, config.tt02PortalUrl) },
  };
  const health = new Health({ state: 'not configured', missing: [] });
  health.triage = 'teams';
  const { createTeamsEndpoint, TEAMS_MESSAGES_PATH } = await import('./teams/endpoint.js');
  const { registerTeamsHandlers } = await import('./teams/app.js');
  const teams = await createTeamsEndpoint({
    teams: teamsSettings,
    health,
    logger: log,
    register: (sdk) => registerTeamsHandlers({ ports, config, teams: teamsSettings, sdk, logger: log, now }),
    timeoutMs: slackTimeoutMs,
  });
  const { teamsTriageHandlersFor } = await import('./teams/delivery.js');
  const { teamsVendorDeliveryHandlers } = await import('./teams/vendorDelivery.js');
  const triage = teamsTriageHandlersFor({ ports, sdk: teams.sdk, teams: teamsSettings, triageLocale: config.triageLocale, now });
  const vendor = vendorByPlatform(ports, { teams: teamsVendorDeliveryHandlers({ ports, sdk: teams.sdk, tenantId: teamsSettings.tenantId }) });
  const worker: OutboxWorker = createOutboxWorker({
    db: database.db,
    logger: log,
    maxAttempts: config.outboxMaxAttempts,
    leaseMs: config.outboxLeaseMs,
    handlers: dispatchTable(bySide(triage, vendor), mailDeliveryHandlers({ ports, mailer, config }), nudgeMailHandlers({ ports, mailer, mail: config.mail })),
    onFailure: (row, _error, final) => recordDeliveryFailed(ports, row, final),
    ...outboxTuning,
  });
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET' && req.url === '/healthz') return void health.respond(database, res);
    if (req.method === 'POST' && (req.url ?? '/').split('?')[0] === TEAMS_MESSAGES_PATH) return teams.handle(req, res);
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: config.port, host: opts.host }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const retention = createRetentionJob({ ports, retentionDays: config.retentionDays, mailDir: config.mail.dir, logger: log });
  const reminders = createReminderJob({ ports, settings: config.reminders, now, tickMs: opts.reminderTickMs });
  const ticker = createTicker({
    logger: log,
    jobs: [{ name: 'outbox', everyMs: pollMs, run: () => worker.kick() }, retention, reminders, ...(config.monthlySummary ? [createMonthlySummaryJob({ ports })] : [])],
  });
  if (opts.deliver !== false) {
    worker.start();
    ticker.start();
    if (config.retentionDays === 0) {
      worker.events.on('delivered', () => ticker.kick(retention.name));
      worker.events.on('failed', (_row, _error, final: boolean) => final && ticker.kick(retention.name));
    }
  }
  log.info({ port, triage: 'teams' }, 'tt02-access is running with Teams only');
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    database,
    worker,
    retention,
    reminders,
    health,
    teams,
    slackReady: Promise.resolve(),
    async stop() {
      await new Promise((r) => server.close(r));
      await ticker.stop();
      await worker.stop();
      await mailer.close();
      if (!opts.database) await database.close();
    },
  };
}
