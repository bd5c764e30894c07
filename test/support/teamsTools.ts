/**
 * The app's Teams side with triage in Teams, as server.ts composes it, for the staff tools' tests: the
 * real Teams endpoint (token checks included) with the real handlers on a local HTTP server, and an
 * outbox worker with the Teams deliveries of staff's files and reminders, on a test database. One
 * "instance" each; several can share a database (the two-instance reminder test).
 * Start-up with triage in Teams is not in server.ts yet (the teams-delivery branch brings it): when it
 * is, these tests can move to the full harness.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { dispatchTable } from '../../src/app/outbox/dispatch.js';
import { createOutboxWorker, type OutboxWorker } from '../../src/app/outbox/worker.js';
import type { Ports } from '../../src/app/ports.js';
import { createReminderJob, type ReminderJob } from '../../src/app/reminderJob.js';
import { loadConfig, type Config, type TeamsSettings } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { Health } from '../../src/health.js';
import { createLogger } from '../../src/logger.js';
import { registerTeamsHandlers } from '../../src/teams/app.js';
import { createTeamsEndpoint, TEAMS_MESSAGES_PATH, type TeamsEndpoint } from '../../src/teams/endpoint.js';
import { teamsToolsDeliveryHandlers } from '../../src/teams/toolsDelivery.js';
import type { FakeTeams } from './fakeTeams.js';

export const APP_ID = '11111111-2222-3333-4444-555555555555';
export const TENANT_ID = '99999999-8888-7777-6666-555555555555';
export const OTHER_TENANT_ID = '12121212-3434-5656-7878-909090909090';
export const PASSWORD = 'teams-app-password';
export const TRIAGE_CONVERSATION = '19:triage-channel@thread.tacv2';

/** Teams people: Entra object id, 29: id, name. */
export const STAFF_A = { aad: 'aaaaaaaa-0000-0000-0000-000000000001', id: '29:staff-a', name: 'Siri Saksbehandler' };
export const STAFF_B = { aad: 'aaaaaaaa-0000-0000-0000-000000000002', id: '29:staff-b', name: 'Ola Saksbehandler' };
export const COLLEAGUE = { aad: 'bbbbbbbb-0000-0000-0000-000000000003', id: '29:colleague', name: 'Kari Kollega' };
/** Staff through the Entra group TEAMS_STAFF_GROUP_ID only (asked of the fake Graph). */
export const STAFF_GROUP = 'dddddddd-0000-0000-0000-000000000009';
export const GROUP_STAFF = { aad: 'aaaaaaaa-0000-0000-0000-000000000005', id: '29:group-staff', name: 'Gro Gruppe' };
export const GROUP_STAFF_2 = { aad: 'aaaaaaaa-0000-0000-0000-000000000006', id: '29:group-staff-2', name: 'Geir Gruppe' };
export type Person = typeof STAFF_A;

export interface TeamsToolsInstance {
  url: string;
  config: Config;
  teams: TeamsSettings;
  ports: Ports;
  worker: OutboxWorker;
  reminders: ReminderJob;
  endpoint: TeamsEndpoint;
  logs: string[];
  stop(): Promise<void>;
}

export function teamsToolsEnv(fake: FakeTeams, extra: Record<string, string> = {}): Record<string, string> {
  return {
    LOG_LEVEL: 'info',
    TEAMS_APP_ID: APP_ID,
    TEAMS_APP_PASSWORD: PASSWORD,
    TEAMS_TENANT_ID: TENANT_ID,
    TEAMS_SERVICE_URL: fake.serviceUrl,
    TEAMS_OPENID_METADATA_URL: fake.openIdMetadataUrl,
    TEAMS_LOGIN_URL: fake.loginUrl,
    TEAMS_TRIAGE_CONVERSATION_ID: TRIAGE_CONVERSATION,
    TEAMS_STAFF_AAD_IDS: `${STAFF_A.aad},${STAFF_B.aad}`,
    TEAMS_STAFF_GROUP_ID: STAFF_GROUP,
    GRAPH_URL: fake.graphUrl,
    ENHETSREGISTERET_URL: 'off',
    DIGEST_TIME: 'off',
    MONTHLY_SUMMARY: 'off',
    ...extra,
  };
}

/**
 * One instance on `database` (or, with `databaseUrl`, on its own connection pool to that PostgreSQL
 * database, as a second process would have).
 */
export async function startTeamsTools(o: {
  fake: FakeTeams;
  database: Database;
  databaseUrl?: string;
  env?: Record<string, string>;
  now?: () => Date;
  leaseMs?: number;
}): Promise<TeamsToolsInstance> {
  const config = loadConfig(teamsToolsEnv(o.fake, o.env));
  const teams = config.teams!;
  const logs: string[] = [];
  const logger = createLogger(config.logLevel, new Writable({ write: (c: Buffer, _e, cb) => (logs.push(...c.toString().split('\n').filter(Boolean)), cb()) }));
  const own = o.databaseUrl ? await openDatabase({ url: o.databaseUrl, pgliteDir: 'memory://' }) : undefined;
  const db = (own ?? o.database).db;
  const now = o.now ?? (() => new Date());
  const ports: Ports = { db, outboxNotify: () => worker.kick() };
  const endpoint = await createTeamsEndpoint({
    teams,
    health: new Health({ state: 'connecting', attempts: 0 }),
    logger,
    register: (sdk) => registerTeamsHandlers({ ports, config, teams, sdk, logger, now }),
  });
  const worker = createOutboxWorker({
    db,
    logger,
    maxAttempts: 5,
    leaseMs: o.leaseMs ?? 5_000,
    baseDelayMs: 20,
    maxDelayMs: 200,
    handlers: dispatchTable(teamsToolsDeliveryHandlers({ ports, teams, sdk: () => endpoint.sdk, triageLocale: config.triageLocale, now })),
  });
  const ep = endpoint;
  const server: Server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === TEAMS_MESSAGES_PATH) return ep.handle(req, res);
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  worker.start();
  const reminders = createReminderJob({ ports, settings: config.reminders, now });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    config,
    teams,
    ports,
    worker,
    reminders,
    endpoint: ep,
    logs,
    async stop() {
      await new Promise((r) => server.close(r));
      await worker.stop();
      await own?.close();
    },
  };
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Where a person writes: the personal chat with the bot, or a channel (with an @mention of the bot). */
export type Where = { personal: true } | { channel: string };

export const personalChatOf = (p: Person) => `a:personal-${p.id}`;

/** An activity from `who` as Teams sends it. */
export function activityFrom(fake: FakeTeams, who: Person, where: Where, body: Record<string, Json>, tenant = TENANT_ID, locale = 'nb-NO'): Record<string, Json> {
  const conversation: Record<string, Json> =
    'personal' in where ? { id: personalChatOf(who), conversationType: 'personal', tenantId: tenant } : { id: where.channel, conversationType: 'channel', tenantId: tenant };
  return {
    id: `1700${Math.floor(Math.random() * 1e9)}`,
    timestamp: new Date().toISOString(),
    serviceUrl: fake.serviceUrl,
    channelId: 'msteams',
    from: { id: who.id, name: who.name, aadObjectId: who.aad },
    conversation,
    recipient: { id: `28:${APP_ID}`, name: 'tt02-access' },
    locale,
    channelData: { tenant: { id: tenant } },
    ...body,
  };
}

/** A message typed to the bot: in a channel it @mentions the bot, as Teams writes a mention. */
export function messageFrom(fake: FakeTeams, who: Person, where: Where, text: string, o: { tenant?: string; locale?: string } = {}): Record<string, Json> {
  const body: Record<string, Json> =
    'personal' in where
      ? { type: 'message', text }
      : {
          type: 'message',
          text: `<at>tt02-access</at> ${text}`,
          entities: [{ type: 'mention', text: '<at>tt02-access</at>', mentioned: { id: `28:${APP_ID}`, name: 'tt02-access' } }],
        };
  return activityFrom(fake, who, where, body, o.tenant, o.locale);
}

/** Posts a signed activity to an instance; the HTTP answer. */
export async function postActivity(fake: FakeTeams, i: TeamsToolsInstance, activity: Record<string, Json>): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${i.url}${TEAMS_MESSAGES_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: fake.sign(activity) },
    body: JSON.stringify(activity),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}
