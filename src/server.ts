import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import type { Ports } from './app/ports.js';
import { createRetentionJob, type RetentionJob } from './app/retentionJob.js';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { slackLogger, type Logger } from './logger.js';
import { createMailer, type Mailer } from './mail/transport.js';
import { createOutboxWorker, type OutboxWorker } from './outbox/worker.js';
import { createRegisterClient } from './register/enhetsregisteret.js';
import { createSlackApp } from './slack/app.js';
import { slackDeliveryHandlers } from './slack/delivery.js';
import { SlackDirectory } from './slack/directory.js';
import { LoadGauge } from './loadGauge.js';
import { mailDeliveryHandlers, onMailFailed } from './mail/delivery.js';

/**
 * Slack's Web API answers in well under a second; the WebClient waits forever by default. A post
 * that timed out is retried by the outbox, which first looks for the post by its key, so the limit
 * only has to be long enough that a slow answer is rare (20 s) and short enough that a hung
 * connection frees its slot soon. The outbox renews its lease meanwhile.
 */
const OUTBOX_SLACK_TIMEOUT_MS = 20_000;
/** Listeners' look-ups (channel, user, user group) run before an acknowledgement: within Slack's 3 s. */
const LISTENER_SLACK_TIMEOUT_MS = 3_000;

export interface RunningServer {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  database: Database;
  worker?: OutboxWorker;
  retention?: RetentionJob;
  stop(): Promise<void>;
}

export interface ServerOptions {
  logger: Logger;
  /** An already open database (tests); otherwise opened from the configuration. */
  database?: Database;
  /** Outbox tuning (tests use short delays). */
  outbox?: { pollMs?: number; baseDelayMs?: number; maxDelayMs?: number; leaseMs?: number; slackTimeoutMs?: number };
  /** False: commit outbox rows but never deliver them (tests: a crash right after the commit). */
  deliver?: boolean;
  /** Listen on this address only (the sandbox keeps the app on 127.0.0.1); default: all interfaces. */
  host?: string;
}

async function health(db: Database, res: ServerResponse): Promise<void> {
  const ok = await db.ping();
  res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ status: ok ? 'ok' : 'database unreachable', database: db.kind }));
}

/** Starts the whole app: database (migrated), outbox worker, Bolt on PORT. */
export async function startServer(config: Config, opts: ServerOptions): Promise<RunningServer> {
  const log = opts.logger;
  // No Slack credentials at all: a local sandbox plays Slack for the app (src/sandbox/), unless SANDBOX=off.
  if (!config.slack && config.sandbox) return (await import('./sandbox/index.js')).startSandbox(config, opts);
  const database = opts.database ?? (await openDatabase(config.database));
  log.info({ database: database.kind }, 'database ready');

  if (!config.slack) return startSetupMode(config, database, log);
  const slack = config.slack;

  const mailer: Mailer = createMailer({
    smtpUrl: config.mail.smtpUrl,
    from: config.mail.from,
    mailDir: config.mail.dir,
    logger: log.child({ component: 'mail' }),
  });
  const register =
    config.enhetsregisteretUrl === 'off' ? undefined : createRegisterClient({ baseUrl: config.enhetsregisteretUrl });

  const { slackTimeoutMs = OUTBOX_SLACK_TIMEOUT_MS, ...outboxTuning } = opts.outbox ?? {};
  // The outbox's own client: no hidden retries, so 429s and outages come back to the outbox's backoff.
  const outboxClient = new WebClient(slack.botToken, {
    ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: slackTimeoutMs,
    logger: slackLogger(log, 'web-api'),
  });

  const gauge = new LoadGauge();
  // The worker is created below; notify only runs after a commit, by which time it exists.
  const ports: Ports = { db: database.db, outboxNotify: () => worker.kick(), register };
  const worker: OutboxWorker = createOutboxWorker({
    db: database.db,
    logger: log,
    maxAttempts: config.outboxMaxAttempts,
    handlers: {
      ...slackDeliveryHandlers({ db: database.db, client: outboxClient, triageChannelId: slack.triageChannelId, notify: ports.outboxNotify }),
      ...mailDeliveryHandlers({ db: database.db, mailer, config, notify: ports.outboxNotify }),
    },
    onFailure: (row, error, final) => onMailFailed(database.db, row, error, final, ports.outboxNotify),
    underLoad: gauge.underLoad,
    ...outboxTuning,
  });

  // The directory's look-ups run before acknowledgements: no hidden retries (the default retries for
  // minutes, and on a 429 pauses every call for the Retry-After), and a request that hangs ends, so
  // the next check can try again.
  const botClient = new WebClient(slack.botToken, {
    ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: LISTENER_SLACK_TIMEOUT_MS,
    logger: slackLogger(log, 'web-api'),
  });
  const directory = new SlackDirectory(
    botClient,
    {
      vendorChannelIds: config.vendorChannelIds,
      triageChannelId: slack.triageChannelId,
      staffUserIds: config.staff.userIds,
      staffUsergroupId: config.staff.usergroupId,
      staffCacheSeconds: config.staff.cacheSeconds,
    },
    log,
  );
  const app = createSlackApp(
    { ports, config: { ...config, slack }, directory, logger: log, mailer },
    {
      port: config.port,
      customRoutes: [{ path: '/healthz', method: ['GET'], handler: (_req, res) => void health(database, res) }],
    },
  );
  const started = (await app.start(opts.host ? { port: config.port, host: opts.host } : config.port)) as unknown as Server | undefined;
  const port = (started?.address?.() as AddressInfo | null)?.port ?? config.port;
  started?.on?.('request', gauge.hit);
  const retention = createRetentionJob({ ports, retentionDays: config.retentionDays, mailDir: config.mail.dir, logger: log });
  if (opts.deliver !== false) {
    worker.start();
    retention.start();
    // "Purge at close": a closed request is purged once its last effect is delivered (or given up).
    if (config.retentionDays === 0) {
      worker.events.on('delivered', retention.kick);
      worker.events.on('failed', (_row, _error, final: boolean) => final && retention.kick());
    }
  }
  log.info({ port, socketMode: !!slack.appToken }, 'tt02-access is running');
  if (config.staff.userIds.length === 0 && !config.staff.usergroupId) {
    log.warn('No staff configured: set STAFF_USER_IDS and/or STAFF_USERGROUP_ID, or nobody can work the triage cards');
  }

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    database,
    worker,
    retention,
    async stop() {
      await app.stop().catch(() => undefined);
      await retention.stop();
      await worker.stop();
      await mailer.close();
      if (!opts.database) await database.close();
    },
  };
}

/** Without Slack settings the app still runs: /healthz works and / says exactly what is missing. */
async function startSetupMode(config: Config, database: Database, log: Logger): Promise<RunningServer> {
  const missing = config.missingSlackSettings;
  const page = [
    'tt02-access is running, but it is not connected to Slack yet.',
    '',
    'Set these environment variables and restart (see README.md, "Create the Slack app"):',
    ...missing.map((m) => `  ${m.name}: ${m.hint}`),
    '',
  ].join('\n');
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url === '/healthz') return void health(database, res);
    res.writeHead(req.url === '/' ? 200 : 503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(page);
  });
  await new Promise<void>((resolve) => server.listen(config.port, resolve));
  const port = (server.address() as AddressInfo).port;
  log.warn({ missing: missing.map((m) => m.name), port }, `Slack is not configured yet. Missing: ${missing.map((m) => m.name).join(', ')}`);
  for (const m of missing) log.warn(`${m.name} is not set: ${m.hint}`);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    database,
    async stop() {
      await new Promise((r) => server.close(r));
      await database.close();
    },
  };
}
