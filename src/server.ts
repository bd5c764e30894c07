import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { App } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Ports } from './app/ports.js';
import { Admission } from './app/admission.js';
import { createRetentionJob, type RetentionJob } from './app/retentionJob.js';
import { EFFECT } from './app/effects.js';
import { refreshHomesOn } from './app/home.js';
import { createReminderJob, type ReminderJob } from './app/reminderJob.js';
import { nudgeMailHandlers } from './mail/nudgeDelivery.js';
import { reminderDeliveryHandlers } from './slack/reminderDelivery.js';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { slackLogger, type Logger } from './logger.js';
import { createMailer, type Mailer } from './mail/transport.js';
import { backoffMs, createOutboxWorker, type OutboxWorker } from './app/outbox/worker.js';
import { createRegisterClient } from './register/enhetsregisteret.js';
import { createSlackApp } from './slack/app.js';
import { slackDeliveryHandlers } from './slack/delivery.js';
import { fileDeliveryHandlers } from './slack/fileDelivery.js';
import { createMonthlySummaryTicker } from './app/monthlySummary.js';
import { SlackDirectory } from './slack/directory.js';
import { slackFetch } from './slack/transport.js';
import { buildConfirmation, customerEmailed, mailDeliveryHandlers } from './mail/delivery.js';
import { dispatchTable } from './app/outbox/dispatch.js';
import { recordDeliveryFailed } from './app/outbox/deliveries.js';
import { processFaults } from './faults.js';
import { Health } from './health.js';
import { GuardedReceiver } from './slack/receiver.js';
import { checkBotToken, classifySlackError, credentialsRefused, type BotIdentity } from './slack/connect.js';

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
  /** The reminders' ticker (digest, idle DMs, vendor nudges). */
  reminders?: ReminderJob;
  /** What /healthz reports besides the database. */
  health?: Health;
  /**
   * Resolves once connected to Slack (at once when Slack answered at start-up); rejects with a
   * ConfigError if Slack, reached only after retries, refuses the credentials.
   */
  slackReady?: Promise<void>;
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
  /** Backoff while Slack is unreachable at start-up (default from 1 s, doubling, up to 60 s). */
  slackRetry?: { baseDelayMs?: number; maxDelayMs?: number };
  /** The clock for ages and reminders (tests set it); default: the system's. */
  now?: () => Date;
  /** Home tab refreshes: at most one per user per this many ms (default 5 s). */
  homeDebounceMs?: number;
  /** How often each instance looks for due reminders (default 30 s). */
  reminderTickMs?: number;
}

/**
 * Starts the whole app: database (migrated), HTTP server on PORT (/healthz, /slack/events), then Slack:
 * the bot token is checked with auth.test. Refused credentials end start-up with one ConfigError naming
 * the variable; an unreachable Slack is retried with backoff while /healthz reports "degraded".
 */
export async function startServer(config: Config, opts: ServerOptions): Promise<RunningServer> {
  const log = opts.logger;
  // No Slack credentials at all: a local sandbox plays Slack for the app (src/sandbox/), unless SANDBOX=off.
  if (!config.slack && config.sandbox) return (await import('./sandbox/index.js')).startSandbox(config, opts, startServer);
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
    fetch: slackFetch,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: slackTimeoutMs,
    logger: slackLogger(log, 'web-api'),
  });

  const now = opts.now ?? (() => new Date());
  /** From auth.test once connected: the deliveries build permalinks from it. */
  let workspaceUrl: string | undefined;
  // The worker is created below; notify only runs after a commit, by which time it exists.
  const ports: Ports = {
    db: database.db,
    outboxNotify: () => worker.kick(),
    register,
    mails: {
      confirmation: (r) => buildConfirmation(r, config.maskinportenGuideUrl, config.mail, config.tt02PortalUrl),
      customerEmailed,
    },
    admission: new Admission(database.db),
    deliverNow: {
      accepting: () => worker.accepting(),
      get leaseMs() {
        return worker.leaseMs;
      },
      deliver: (rows, fresh) => worker.deliverLeased(rows, fresh),
    },
  };
  const worker: OutboxWorker = createOutboxWorker({
    db: database.db,
    logger: log,
    maxAttempts: config.outboxMaxAttempts,
    leaseMs: config.outboxLeaseMs,
    // Each adapter registers its handlers; the registry parses every payload before they see it.
    // Every change to a request updates its card, in the change's transaction: the Home tabs follow.
    handlers: refreshHomesOn(
      dispatchTable(
        slackDeliveryHandlers({ ports, client: outboxClient, triageChannelId: slack.triageChannelId, workspaceUrl: () => workspaceUrl }),
        mailDeliveryHandlers({ ports, mailer, config }),
        reminderDeliveryHandlers({ db: database.db, client: outboxClient, triageChannelId: slack.triageChannelId, now }),
        nudgeMailHandlers({ db: database.db, mailer, mail: config.mail }),
        fileDeliveryHandlers({ ports, client: outboxClient, triageChannelId: slack.triageChannelId }),
      ),
      [EFFECT.cardPost, EFFECT.cardUpdate],
      { db: database.db, debounceMs: opts.homeDebounceMs ?? 5_000, now },
    ),
    onFailure: (row, _error, final) => recordDeliveryFailed(ports, row, final),
    ...outboxTuning,
  });

  const health = new Health({ state: 'connecting', attempts: 0 });
  const receiver = slack.appToken
    ? undefined
    : new GuardedReceiver({ signingSecret: slack.signingSecret, logger: log, health, faults: processFaults });
  let app: App | undefined;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz' && req.method === 'GET') return void health.respond(database, res);
    if (path === '/slack/events' && req.method === 'POST' && receiver) {
      if (app) return receiver.handle(req, res);
      // Not connected to Slack yet: Slack retries events, and a user is told to try again.
      res.writeHead(503, { 'retry-after': '5' });
      return void res.end();
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    const listening = () => {
      server.off('error', reject);
      resolve();
    };
    if (opts.host) server.listen(config.port, opts.host, listening);
    else server.listen(config.port, listening);
  });
  const port = (server.address() as AddressInfo).port;

  const buildApp = (identity: BotIdentity): App => {
    // The directory's look-ups run before acknowledgements: no hidden retries (the default retries for
    // minutes, and on a 429 pauses every call for the Retry-After), and a request that hangs ends, so
    // the next check can try again.
    const botClient = new WebClient(slack.botToken, {
      ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
      fetch: slackFetch,
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
    return createSlackApp({ ports, config: { ...config, slack }, directory, logger: log, now }, { identity, receiver });
  };

  // Its own client: no hidden retries (our backoff decides) and a bounded wait per attempt.
  const probeClient = new WebClient(slack.botToken, {
    ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
    fetch: slackFetch,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
    // Each failed attempt is logged once, below; the client's own warning would repeat it.
    logger: slackLogger(log.child({}, { level: 'error' }), 'web-api'),
  });
  let attempts = 0;
  /** One attempt to connect: true when connected, false to retry; throws when credentials are refused. */
  const connect = async (): Promise<boolean> => {
    attempts += 1;
    const answer = await checkBotToken(probeClient);
    if (answer.kind === 'rejected') {
      health.slack = { state: 'rejected', variable: 'SLACK_BOT_TOKEN', slackAnswered: answer.slackAnswered };
      throw credentialsRefused('SLACK_BOT_TOKEN', 'auth.test', answer.slackAnswered);
    }
    if (answer.kind === 'unreachable') {
      health.slack = { state: 'connecting', attempts, lastError: answer.error };
      return false;
    }
    workspaceUrl = answer.identity.workspaceUrl;
    const candidate = buildApp(answer.identity);
    try {
      await candidate.start(); // HTTP: nothing to start (our server listens); Socket Mode: opens the socket
    } catch (err) {
      const c = classifySlackError(err);
      if (c.kind === 'rejected') {
        health.slack = { state: 'rejected', variable: 'SLACK_APP_TOKEN', slackAnswered: c.slackAnswered };
        throw credentialsRefused('SLACK_APP_TOKEN', 'apps.connections.open', c.slackAnswered);
      }
      health.slack = { state: 'connecting', attempts, lastError: c.error };
      await candidate.stop().catch(() => undefined);
      return false;
    }
    app = candidate;
    health.slack = { state: 'connected', socketMode: !!slack.appToken };
    log.info({ port, socketMode: !!slack.appToken, slackConnectAttempts: attempts }, 'tt02-access is running');
    return true;
  };

  const retention = createRetentionJob({ ports, retentionDays: config.retentionDays, mailDir: config.mail.dir, logger: log });
  const reminders = createReminderJob({ ports, settings: config.reminders, logger: log, now, tickMs: opts.reminderTickMs });
  const monthlySummary = createMonthlySummaryTicker({ ports, logger: log });
  const stopping = new AbortController();
  const stopAll = async () => {
    stopping.abort();
    await new Promise((r) => server.close(r));
    await app?.stop().catch(() => undefined);
    await retention.stop();
    await reminders.stop();
    await monthlySummary.stop();
    await worker.stop();
    await mailer.close();
    if (!opts.database) await database.close();
  };

  let connected: boolean;
  try {
    connected = await connect();
  } catch (err) {
    await stopAll();
    throw err;
  }
  if (opts.deliver !== false) {
    worker.start();
    retention.start();
    reminders.start();
    if (config.monthlySummary) monthlySummary.start();
    // "Purge at close": a closed request is purged once its last effect is delivered (or given up).
    if (config.retentionDays === 0) {
      worker.events.on('delivered', retention.kick);
      worker.events.on('failed', (_row, _error, final: boolean) => final && retention.kick());
    }
  }
  if (config.staff.userIds.length === 0 && !config.staff.usergroupId) {
    log.warn('No staff configured: set STAFF_USER_IDS and/or STAFF_USERGROUP_ID, or nobody can work the triage cards');
  }

  const retryUntilConnected = async (): Promise<void> => {
    const base = opts.slackRetry?.baseDelayMs ?? 1000;
    const max = opts.slackRetry?.maxDelayMs ?? 60_000;
    for (;;) {
      const delayMs = Math.round(backoffMs(attempts, base, max));
      if (health.slack.state === 'connecting') health.slack.retryInSeconds = Math.ceil(delayMs / 1000);
      const lastError = health.slack.state === 'connecting' ? health.slack.lastError : undefined;
      log.warn({ attempts, lastError, retryInMs: delayMs, port }, 'Slack is unreachable: retrying; /healthz reports "degraded" until connected');
      try {
        await sleep(delayMs, undefined, { signal: stopping.signal });
      } catch {
        return; // stopped
      }
      if (await connect()) return;
    }
  };
  const slackReady = connected ? Promise.resolve() : retryUntilConnected();
  slackReady.catch(() => undefined); // the caller decides what a refusal means (main.ts exits)

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    database,
    worker,
    retention,
    reminders,
    health,
    slackReady,
    stop: stopAll,
  };
}

/** Without Slack settings the app still runs: /healthz works and / says exactly what is missing. */
async function startSetupMode(config: Config, database: Database, log: Logger): Promise<RunningServer> {
  const missing = config.missingSlackSettings;
  const health = new Health({ state: 'not configured', missing: missing.map((m) => m.name) });
  const page = [
    'tt02-access is running, but it is not connected to Slack yet.',
    '',
    'Set these environment variables and restart (see README.md, "Create the Slack app"):',
    ...missing.map((m) => `  ${m.name}: ${m.hint}`),
    '',
  ].join('\n');
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url === '/healthz') return void health.respond(database, res);
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
