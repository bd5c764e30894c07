import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { openTestDatabase, type TestDatabase } from './db.js';
import { startFakeSlack, type FakeSlack } from './fakeSlack.js';
import type { RateLimiter } from './rateLimit.js';
import { createSocketSender, startFakeSocketMode, type FakeSocketMode } from './fakeSocketMode.js';
import { createSlackSender, type SlackSender } from './slackRequests.js';
import { startSmtpSink, type SmtpSink } from './smtpSink.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const TRIAGE = 'CTRIAGE01';
export const VENDOR_CHANNEL = 'CVENDOR01';
export const OTHER_VENDOR_CHANNEL = 'CVENDOR02';
export const INTERNAL_CHANNEL = 'CINTERN01';
export const STAFF = 'USTAFF001';
export const STAFF_2 = 'USTAFF002';
export const GROUP_STAFF = 'USTAFF009';
export const STAFF_GROUP = 'SSTAFF001';
/** A vendor developer from another organisation (Slack Connect), Norwegian locale. */
export const VENDOR_USER = 'UVENDOR01';
/** A vendor developer with an English Slack locale. */
export const VENDOR_USER_EN = 'UVENDOR02';
export const VENDOR_TEAM = 'TVENDOR01';

export interface Harness {
  slack: FakeSlack;
  smtp: SmtpSink;
  db: TestDatabase;
  server: RunningServer;
  /** Signed HTTP requests; over Socket Mode (`socketMode: true`), envelopes on the fake socket. */
  send: SlackSender;
  /** The fake Socket Mode endpoint, when started with `socketMode: true`. */
  socket?: FakeSocketMode;
  /** Every log line the app wrote (JSON). */
  logs: string[];
  /** Resolves with the first log line, already written or yet to come, that satisfies `pred`. */
  logged(pred: (line: string) => boolean): Promise<string>;
  env: Record<string, string>;
  stop(): Promise<void>;
  /** Stops just the app (as if the process died), keeping database, fake Slack and SMTP. */
  stopApp(): Promise<void>;
  /** Starts the app again on the same database (delivering, unless told otherwise). */
  restartApp(env?: Record<string, string>, deliver?: boolean): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  outboxPollMs?: number;
  /** False: the app commits outbox rows but never delivers them, like a process killed right after a commit. */
  deliver?: boolean;
  /** How long the outbox waits for a Slack answer (default: the production setting). */
  slackTimeoutMs?: number;
  /** Run the app in Socket Mode (app-level token, no signing secret) against a fake Socket Mode endpoint. */
  socketMode?: boolean;
  /** Slack's per-channel posting limit in the fake (test/support/rateLimit.ts). */
  rateLimiter?: RateLimiter;
  /** The app's clock for ages and reminders (default: the system's). */
  now?: () => Date;
  /** Home tab refreshes: at most one per user per this many ms (default here 100 ms). */
  homeDebounceMs?: number;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const slack = await startFakeSlack({
    channels: {
      [VENDOR_CHANNEL]: { name: 'ext-acme', is_ext_shared: true, is_shared: true },
      [OTHER_VENDOR_CHANNEL]: { name: 'ext-other', is_ext_shared: true, is_shared: true },
      [INTERNAL_CHANNEL]: { name: 'internal', is_ext_shared: false },
      [TRIAGE]: { name: 'tt02-triage', is_ext_shared: false },
    },
    users: {
      [VENDOR_USER]: { team_id: VENDOR_TEAM, locale: 'nb-NO', is_stranger: true },
      [VENDOR_USER_EN]: { team_id: VENDOR_TEAM, locale: 'en-GB', is_stranger: true },
      [STAFF]: { team_id: 'THOST', locale: 'nb-NO' },
      [STAFF_2]: { team_id: 'THOST', locale: 'nb-NO' },
    },
    usergroups: { [STAFF_GROUP]: [GROUP_STAFF] },
    ...(opts.rateLimiter ? { rateLimiter: opts.rateLimiter } : {}),
  });
  const socket = opts.socketMode ? await startFakeSocketMode() : undefined;
  socket?.attachTo(slack);
  const smtp = await startSmtpSink();
  const db = await openTestDatabase();
  const logs: string[] = [];
  const logWaiters = new Set<(line: string) => void>();
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      const lines = chunk.toString('utf8').split('\n').filter(Boolean);
      logs.push(...lines);
      for (const line of lines) for (const w of logWaiters) w(line);
      cb();
    },
  });
  const logged = (pred: (line: string) => boolean) =>
    new Promise<string>((resolve) => {
      const seen = logs.find(pred);
      if (seen !== undefined) return resolve(seen);
      const w = (line: string) => {
        if (!pred(line)) return;
        logWaiters.delete(w);
        resolve(line);
      };
      logWaiters.add(w);
    });
  const env: Record<string, string> = {
    PORT: '0',
    // A test (or LOG_LEVEL in the shell) may ask for debug or trace output; h.logs captures it all.
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    TRIAGE_CHANNEL_ID: TRIAGE,
    STAFF_USER_IDS: `${STAFF},${STAFF_2}`,
    STAFF_USERGROUP_ID: STAFF_GROUP,
    SMTP_URL: smtp.url,
    MAIL_FROM: 'TT02 <tt02@brreg.test>',
    ENHETSREGISTERET_URL: 'off',
    // The reminders run on the real clock: a digest posted at start-up would upset tests that count
    // posts. test/slack/reminders.test.ts turns it on, with a clock of its own.
    DIGEST_TIME: 'off',
    // The summary is due by the calendar; tests that want it drive the ticker with their own clock.
    MONTHLY_SUMMARY: 'off',
    ...(socket ? { SLACK_APP_TOKEN: 'xapp-1-A0TEST-1-fakeapptoken', SLACK_SIGNING_SECRET: '' } : {}),
    ...opts.env,
  };

  const start = async (extra: Record<string, string> = {}, deliver = opts.deliver) => {
    const config = loadConfig({ ...env, ...extra });
    return startServer(config, {
      logger: createLogger(config.logLevel, sink),
      database: db.database,
      outbox: {
        pollMs: opts.outboxPollMs ?? 100,
        baseDelayMs: 20,
        maxDelayMs: 200,
        ...(opts.slackTimeoutMs !== undefined ? { slackTimeoutMs: opts.slackTimeoutMs } : {}),
      },
      deliver,
      now: opts.now,
      homeDebounceMs: opts.homeDebounceMs ?? 100,
    });
  };

  let server = await start();
  const h: Harness = {
    slack,
    socket,
    smtp,
    db,
    get server() {
      return server;
    },
    get send() {
      if (socket) return createSocketSender(socket, { responseUrl: () => slack.responseUrl() });
      return createSlackSender({ url: `${server.url}/slack/events`, signingSecret: SIGNING_SECRET, responseUrl: () => slack.responseUrl() });
    },
    logs,
    logged,
    env,
    async stop() {
      await server.stop();
      await socket?.close();
      await db.drop();
      await smtp.close();
      await slack.close();
    },
    async stopApp() {
      await server.stop();
    },
    async restartApp(extra, deliver = true) {
      server = await start(extra, deliver);
    },
  } as Harness;
  return h;
}
