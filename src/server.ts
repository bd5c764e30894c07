import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { App, HTTPReceiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { type RetentionJob } from './app/retentionJob.js';
import { EFFECT } from './app/effects.js';
import { refreshHomesOn } from './app/home.js';
import { type ReminderJob } from './app/reminderJob.js';
import { reminderDeliveryHandlers } from './slack/reminderDelivery.js';
import type { Config } from './config.js';
import { createCore } from './core.js';
import { openDatabase, type Database } from './db/client.js';
import { secureDataDir } from './dataDir.js';
import type { Logger } from './logger.js';
import { backoffMs, type OutboxWorker } from './app/outbox/worker.js';
import { createSlackApp } from './slack/app.js';
import { slackDeliveryHandlers } from './slack/delivery.js';
import { fileDeliveryHandlers } from './slack/fileDelivery.js';
import { SlackDirectory } from './slack/directory.js';
import { slackClientOptions } from './slack/webClient.js';
import { dispatchTable } from './app/outbox/dispatch.js';
import { bySide, vendorByPlatform } from './app/outbox/sides.js';
import { Health } from './health.js';
import { createReceiver, slackHttpServer } from './slack/receiver.js';
import type { TeamsEndpoint } from './teams/endpoint.js';
import { checkBotToken, classifySlackError, credentialsRefused, type BotIdentity } from './slack/connect.js';

/**
 * Slack's Web API answers in well under a second; the WebClient waits forever by default. A post
 * that timed out is retried by the outbox, which first looks for the post by its key, so the limit
 * only has to be long enough that a slow answer is rare (20 s) and short enough that a hung
 * connection frees its slot soon. The outbox renews its lease meanwhile.
 */
const OUTBOX_SLACK_TIMEOUT_MS = 20_000;
/** Look-ups (channel, user, user group) run before an acknowledgement: within Slack's 3 s. */
const LOOKUP_SLACK_TIMEOUT_MS = 3_000;
/** Listeners' calls after the acknowledgement (views.open, chat.postEphemeral, …). */
const LISTENER_SLACK_TIMEOUT_MS = 10_000;

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
  /** Set when Teams is configured (TEAMS_APP_ID, TEAMS_APP_PASSWORD, TEAMS_TENANT_ID). */
  teams?: TeamsEndpoint;
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
  /**
   * Outbox tuning (tests use short delays); `pollMs`: how often each instance looks for rows queued
   * elsewhere (default 1 s); `slackTimeoutMs`: how long a post waits for Slack's, and Teams', answer (default 20 s).
   */
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
  await secureDataDir(config.dataDir);
  // No Slack credentials at all: a local sandbox plays Slack for the app (src/sandbox/), unless SANDBOX=off.
  if (!config.slack && config.sandbox) return (await import('./sandbox/index.js')).startSandbox(config, opts, startServer);
  const database = opts.database ?? (await openDatabase(config.database));
  // PGlite has just written its files, 0666.
  if (database.kind === 'pglite' && !opts.database) await secureDataDir(config.dataDir);
  log.info({ database: database.kind }, 'database ready');

  if (!config.slack && config.teamsOnly) return (await import('./teamsOnlyServer.js')).startTeamsOnly(config, database, opts, log);
  if (!config.slack) return startSetupMode(config, database, log);
  const slack = config.slack;

  const core = createCore(config, database, opts, log);
  const { ports, now } = core;
  const slackTimeoutMs = opts.outbox?.slackTimeoutMs ?? OUTBOX_SLACK_TIMEOUT_MS;
  const clientOptions = (timeoutMs: number) => slackClientOptions({ apiUrl: slack.apiUrl, timeoutMs, logger: log });
  const outboxClient = new WebClient(slack.botToken, clientOptions(slackTimeoutMs));
  // Start-up's auth.test and the directory's look-ups, which run before an acknowledgement.
  const lookupClient = new WebClient(slack.botToken, clientOptions(LOOKUP_SLACK_TIMEOUT_MS));

  // The outbox's own look-ups (is a Home tab's viewer still staff?), with its own cache.
  const outboxDirectory = new SlackDirectory(outboxClient, staffDirectorySettings(config, slack), log);
  /** From auth.test once connected: Bolt's authorize hands it out, the deliveries build permalinks from it. */
  let identity: BotIdentity | undefined;
  const health = new Health({ state: 'connecting', attempts: 0 });
  health.triage = config.triage?.platform;
  // The Teams SDK is loaded only when Teams is configured: it adds about 20 MB to a Slack-only process.
  const teamsModule = config.teams ? await import('./teams/endpoint.js') : undefined;
  const teamsApp = config.teams ? await import('./teams/app.js') : undefined;
  const teamsSettings = config.teams;
  const teams =
    teamsSettings && teamsModule && teamsApp
      ? await teamsModule.createTeamsEndpoint({
          teams: teamsSettings,
          health,
          logger: log,
          register: (sdk) => teamsApp.registerTeamsHandlers({ ports, config, teams: teamsSettings, sdk, logger: log, now }),
          timeoutMs: slackTimeoutMs,
        })
      : undefined;
  // Slack's handlers serve the vendors; the triage side goes wherever triage is (app/outbox/sides.ts).
  const slackHandlers = {
    ...slackDeliveryHandlers({ ports, client: outboxClient, triageChannelId: slack.triageChannelId, triageLocale: config.triageLocale, workspaceUrl: () => identity?.workspaceUrl }),
    ...reminderDeliveryHandlers({ ports, client: outboxClient, triageChannelId: slack.triageChannelId, triageLocale: config.triageLocale, now, staffCheck: (u) => (config.triage?.platform === 'teams' ? Promise.resolve('not_staff' as const) : outboxDirectory.staffVerdict(u)) }),
    ...fileDeliveryHandlers({ ports, client: outboxClient, triageChannelId: slack.triageChannelId, triageLocale: config.triageLocale }),
  };
  const triageInTeams = teams && teamsSettings && config.triage?.platform === 'teams';
  const triageHandlers = triageInTeams ? (await import('./teams/delivery.js')).teamsTriageHandlersFor({ ports, sdk: teams.sdk, teams: teamsSettings, triageLocale: config.triageLocale, now }) : slackHandlers;
  // The vendor's side goes back to the platform each request came from (Slack, or Teams when configured).
  const teamsVendorHandlers =
    teams && teamsSettings ? (await import('./teams/vendorDelivery.js')).teamsVendorDeliveryHandlers({ ports, sdk: teams.sdk, tenantId: teamsSettings.tenantId }) : undefined;
  const vendorHandlers = vendorByPlatform(ports, { slack: slackHandlers, ...(teamsVendorHandlers ? { teams: teamsVendorHandlers } : {}) });
  // Every change to a request updates its card, in the change's transaction: the Home tabs follow.
  const jobs = core.outbox(
    refreshHomesOn(dispatchTable(bySide(triageHandlers, vendorHandlers), ...core.mailHandlers), [EFFECT.cardPost, EFFECT.cardUpdate], {
      db: database.db,
      debounceMs: opts.homeDebounceMs ?? 5_000,
      now,
    }),
  );
  const otherRoutes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> =
    teams && teamsModule ? { [teamsModule.TEAMS_MESSAGES_PATH]: teams.handle } : {};
  const directory = new SlackDirectory(lookupClient, staffDirectorySettings(config, slack), log);
  const buildApp = (receiver?: HTTPReceiver): App =>
    createSlackApp({ ports, config: { ...config, slack }, directory, logger: log, now }, { receiver, identity: () => identity, clientOptions: clientOptions(LISTENER_SLACK_TIMEOUT_MS) });

  // HTTP: Bolt's receiver answers /healthz (and refuses events with 503) before Slack is connected.
  // Socket Mode: Slack sends nothing over HTTP; a plain server answers /healthz.
  let app: App | undefined;
  let server: Server;
  if (slack.appToken) {
    server = createServer((req, res) => {
      if (req.method === 'GET' && req.url === '/healthz') return void health.respond(database, res);
      const other = req.method === 'POST' ? otherRoutes[(req.url ?? '/').split('?')[0]!] : undefined;
      if (other) return other(req, res);
      res.writeHead(404);
      res.end();
    });
  } else {
    const receiver = createReceiver({ signingSecret: slack.signingSecret, healthz: (res) => void health.respond(database, res), logger: log });
    app = buildApp(receiver);
    server = slackHttpServer(receiver, { signingSecret: slack.signingSecret, health, logger: log, routes: otherRoutes });
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: config.port, host: opts.host }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  let attempts = 0;
  /** One attempt to connect: true when connected, false to retry; throws when credentials are refused. */
  const connect = async (): Promise<boolean> => {
    attempts += 1;
    const answer = await checkBotToken(lookupClient);
    if (answer.kind === 'rejected') {
      health.slack = { state: 'rejected', variable: 'SLACK_BOT_TOKEN', slackAnswered: answer.slackAnswered };
      throw credentialsRefused('SLACK_BOT_TOKEN', 'auth.test', answer.slackAnswered);
    }
    if (answer.kind === 'unreachable') {
      health.slack = { state: 'connecting', attempts, lastError: answer.error };
      return false;
    }
    identity = answer.identity;
    if (slack.appToken) {
      const candidate = buildApp();
      try {
        await candidate.start(); // opens the socket
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
    }
    health.slack = { state: 'connected', socketMode: !!slack.appToken };
    log.info({ port, socketMode: !!slack.appToken, slackConnectAttempts: attempts }, 'tt02-access is running');
    return true;
  };

  const stopping = new AbortController();
  const stopAll = async () => {
    stopping.abort();
    await new Promise((r) => server.close(r));
    if (slack.appToken) await app?.stop().catch(() => undefined);
    await jobs.stop();
    if (!opts.database) await database.close();
  };

  let connected: boolean;
  try {
    connected = await connect();
  } catch (err) {
    await stopAll();
    throw err;
  }
  jobs.start();
  if (config.triage?.platform === 'slack' && config.staff.userIds.length === 0 && !config.staff.usergroupId) {
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
    worker: jobs.worker,
    retention: jobs.retention,
    reminders: jobs.reminders,
    health,
    teams,
    slackReady,
    stop: stopAll,
  };
}

function staffDirectorySettings(config: Config, slack: { triageChannelId?: string }) {
  return {
    vendorChannelIds: config.vendorChannelIds,
    triageChannelId: slack.triageChannelId,
    staffUserIds: config.staff.userIds,
    staffUsergroupId: config.staff.usergroupId,
    staffCacheSeconds: config.staff.cacheSeconds,
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
