import { z } from 'zod';
import { LOCALES, type Locale } from './domain/texts/index.js';

const csv = z
  .string()
  .optional()
  .transform((s) => (s ?? '').split(',').map((x) => x.trim()).filter(Boolean));

const slackId = (prefixes: string, example: string) =>
  z
    .string()
    .trim()
    .regex(new RegExp(`^[${prefixes}][A-Z0-9]{2,}$`), `should be a Slack ID such as ${example}`);

const optionalString = z
  .string()
  .optional()
  .transform((s) => (s && s.trim() ? s.trim() : undefined));

/** Entra (Azure AD) ids: app, tenant, user object and group ids are all GUIDs. */
const guid = z
  .string()
  .trim()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'should be an Entra id (a GUID such as 00000000-0000-0000-0000-000000000000)');

/** A threshold in Norwegian working days (1–60). */
const workingDays = (fallback: number) =>
  z.coerce
    .number({ error: 'should be a whole number of working days, 1 to 60' })
    .int('should be a whole number of working days, 1 to 60')
    .min(1, 'should be a whole number of working days, 1 to 60')
    .max(60, 'should be a whole number of working days, 1 to 60')
    .default(fallback);

const envSchema = z.object({
  PORT: z.coerce
    .number({ error: 'should be a port number such as 3000' })
    .int('should be a port number such as 3000')
    .min(0)
    .max(65535)
    .default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SLACK_BOT_TOKEN: optionalString.pipe(
    z.string().startsWith('xoxb-', 'should be a bot token starting with xoxb-').optional(),
  ),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString.pipe(
    z.string().startsWith('xapp-', 'should be an app-level token starting with xapp-').optional(),
  ),
  SLACK_API_URL: optionalString.pipe(z.url('should be a URL such as https://slack.com/api/').optional()),
  TRIAGE_CHANNEL_ID: optionalString.pipe(slackId('CG', 'C0123456789').optional()),
  STAFF_USER_IDS: csv.pipe(z.array(slackId('UW', 'U0123456789'))),
  STAFF_USERGROUP_ID: optionalString.pipe(slackId('S', 'S0123456789').optional()),
  STAFF_CACHE_SECONDS: z.coerce.number().int().min(0).default(60),
  VENDOR_CHANNEL_IDS: csv.pipe(z.array(slackId('CG', 'C0123456789'))),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'should be a postgres:// URL (leave it unset for the embedded database)')
      .optional(),
  ),
  DATA_DIR: z.string().default('./.data'),
  SMTP_URL: optionalString.pipe(
    z.string().regex(/^smtps?:\/\//, 'should be an smtp:// or smtps:// URL').optional(),
  ),
  MAIL_FROM: z.string().default('Brønnøysundregistrene TT02 <tt02-access@localhost>'),
  MAIL_REPLY_TO: optionalString,
  MAIL_BCC: optionalString,
  ENHETSREGISTERET_URL: z
    .string()
    .default('https://data.brreg.no/enhetsregisteret/api')
    .pipe(z.union([z.literal('off'), z.url('should be a URL, or off to disable look-ups')])),
  MASKINPORTEN_GUIDE_URL: z.url('should be a URL').default('https://brreg.github.io/docs/apidokumentasjon/maskinporten/'),
  TT02_PORTAL_URL: z.url('should be a URL').default('https://tt02.altinn.no'),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
  OUTBOX_LEASE_SECONDS: z.coerce.number().int().min(1).max(600).default(15),
  RETENTION_DAYS: z.coerce
    .number({ error: 'should be a whole number of days, 0 or more (0 purges at close)' })
    .int('should be a whole number of days, 0 or more (0 purges at close)')
    .min(0, 'should be a whole number of days, 0 or more (0 purges at close)')
    .default(90),
  /** The local sandbox: unset or on (also true, 1, yes) when no platform is configured; off, false, 0, no: never. */
  SANDBOX: z
    .string()
    .optional()
    .transform((s) => s?.trim().toLowerCase() || 'on')
    .pipe(z.enum(['on', 'true', '1', 'yes', 'off', 'false', '0', 'no'], { error: 'should be on or off' }))
    .transform((v) => ['on', 'true', '1', 'yes'].includes(v)),
  /** Where the sandbox's staff triage: slack (default) or teams (the mixed set-up: vendors on Slack, staff in Teams). */
  SANDBOX_TRIAGE: z
    .string()
    .optional()
    .transform((s) => s?.trim().toLowerCase() || 'slack')
    .pipe(z.enum(['slack', 'teams'], { error: 'should be slack or teams (where the sandbox\'s staff triage; teams: vendors on Slack, staff in Teams)' })),
  DIGEST_TIME: z
    .string()
    .trim()
    .default('08:30')
    .pipe(z.union([z.literal('off'), z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'should be a time of day HH:MM (Oslo), such as 08:30, or off')])),
  THRESHOLD_UNASSIGNED_DAYS: workingDays(1),
  THRESHOLD_STEP_DAYS: workingDays(3),
  THRESHOLD_VENDOR_DAYS: workingDays(5),
  NUDGE_VENDOR_DAYS: workingDays(3),
  /** `off`: no monthly summary in the triage channel (e.g. a second, staging app on the same channel). */
  MONTHLY_SUMMARY: z.enum(['on', 'off'], { error: 'should be on or off' }).default('on'),
  TEAMS_APP_ID: optionalString.pipe(guid.optional()),
  TEAMS_APP_PASSWORD: optionalString,
  TEAMS_TENANT_ID: optionalString.pipe(guid.optional()),
  TEAMS_TRIAGE_CONVERSATION_ID: optionalString,
  /** The triage channel's team (its Entra group id): Graph reads the channel with it (exactly-once on a retry) and links name it. */
  TEAMS_TRIAGE_TEAM_ID: optionalString.pipe(guid.optional()),
  TEAMS_SERVICE_URL: z.url('should be a URL such as https://smba.trafficmanager.net/emea/').default('https://smba.trafficmanager.net/emea/'),
  TEAMS_STAFF_AAD_IDS: csv.pipe(z.array(guid)),
  TEAMS_STAFF_GROUP_ID: optionalString.pipe(guid.optional()),
  TEAMS_VENDOR_CONVERSATION_IDS: csv,
  /** The SDK reads the keys from this URL with `/openidconfiguration` replaced by `/keys`. */
  TEAMS_OPENID_METADATA_URL: z
    .url('should be a URL ending in /openidconfiguration')
    .default('https://login.botframework.com/v1/.well-known/openidconfiguration')
    .pipe(z.string().regex(/\/openidconfiguration$/, 'should be a URL ending in /openidconfiguration')),
  TEAMS_LOGIN_URL: z.url('should be a URL such as https://login.microsoftonline.com').default('https://login.microsoftonline.com'),
  GRAPH_URL: z.url('should be a URL such as https://graph.microsoft.com').default('https://graph.microsoft.com'),
  /** The language of the posts all staff share: the cards, the digest, the Altinn list, the monthly summary. */
  TRIAGE_LOCALE: z.enum(LOCALES, { error: 'should be nb (Norwegian bokmål) or en (English)' }).default('nb'),
});

export type Env = z.infer<typeof envSchema>;

export interface SlackSettings {
  botToken: string;
  signingSecret: string;
  appToken?: string;
  apiUrl?: string;
  /** Undefined when triage is in Teams (TEAMS_TRIAGE_CONVERSATION_ID): Slack then serves vendors only. */
  triageChannelId?: string;
}

/** Where staff triage: exactly one Slack channel or one Teams channel. */
export type TriagePlace = { platform: 'slack'; channelId: string } | { platform: 'teams'; conversationId: string };

/** The bot's Entra registration and where Teams is reached; present when all three credentials are set. */
export interface TeamsSettings {
  appId: string;
  appPassword: string;
  tenantId: string;
  /** Triage in this Teams channel instead of Slack's TRIAGE_CHANNEL_ID. */
  triageConversationId?: string;
  /** The triage channel's team, its Entra group id (TEAMS_TRIAGE_TEAM_ID): for Graph look-ups of the bot's own posts and for links. */
  triageTeamId?: string;
  /** The Bot Connector to post to until an activity names one. */
  serviceUrl: string;
  staffAadIds: string[];
  staffGroupId?: string;
  vendorConversationIds: string[];
  openIdMetadataUrl: string;
  /** Client credentials are posted to `{loginUrl}/{tenantId}/oauth2/v2.0/token`. */
  loginUrl: string;
  graphUrl: string;
}

export interface Config {
  port: number;
  logLevel: Env['LOG_LEVEL'];
  /** Undefined when a required Slack setting is missing: the app then runs in set-up mode. */
  slack?: SlackSettings;
  /** What is missing for Slack, with a hint each, for the set-up page and the log. */
  missingSlackSettings: { name: string; hint: string }[];
  /** Undefined unless TEAMS_APP_ID, TEAMS_APP_PASSWORD and TEAMS_TENANT_ID are all set. */
  teams?: TeamsSettings;
  /**
   * Teams without Slack: Teams is configured with triage in it (TEAMS_TRIAGE_CONVERSATION_ID) and no
   * Slack setting is set at all. Vendors file in Teams, staff triage in Teams, no Slack is reached.
   */
  teamsOnly: boolean;
  /** TRIAGE_CHANNEL_ID or TEAMS_TRIAGE_CONVERSATION_ID (never both); undefined only in set-up mode and the sandbox. */
  triage?: TriagePlace;
  staff: { userIds: string[]; usergroupId?: string; cacheSeconds: number };
  vendorChannelIds: string[];
  database: { url?: string; pgliteDir: string };
  mail: { smtpUrl?: string; from: string; replyTo?: string; bcc?: string; dir: string };
  enhetsregisteretUrl: string;
  /** Whether ENHETSREGISTERET_URL was set (the sandbox otherwise uses its own small register). */
  enhetsregisteretUrlSet: boolean;
  maskinportenGuideUrl: string;
  /** Altinn's TT02 portal: where the vendor logs in and the customer delegates */
  tt02PortalUrl: string;
  outboxMaxAttempts: number;
  /** How long an instance holds an outbox row without renewing it (OUTBOX_LEASE_SECONDS, default 15 s). */
  outboxLeaseMs: number;
  /** Days after closing before a request's personal data is purged (0: at close). */
  retentionDays: number;
  /** Whether the monthly summary is posted in the triage channel (MONTHLY_SUMMARY, default on). */
  monthlySummary: boolean;
  /** TRIAGE_LOCALE: the one language of the posts staff share (cards, digest, Altinn list, monthly summary). */
  triageLocale: Locale;
  /** DATA_DIR: local data (PGlite, .eml files, the sandbox's own folder). */
  dataDir: string;
  /**
   * The local sandbox runs instead of the set-up page: no Slack credential is set at all and
   * SANDBOX is unset or `on` (`off`, `false`, `0`, `no`: the set-up page). A half-configured Slack gets the set-up page, never a pretend Slack.
   */
  sandbox: boolean;
  /** SANDBOX_TRIAGE: where the sandbox's staff triage (teams: the mixed set-up). */
  sandboxTriage: 'slack' | 'teams';
  /** Whether SANDBOX_TRIAGE was set: it then decides at start-up; unset, the sandbox starts where staff triage was last. */
  sandboxTriageSet: boolean;
  reminders: ReminderSettings;
}

/** The reminders' schedule and thresholds, in Norwegian working days (see src/app/reminders.ts). */
export interface ReminderSettings {
  /** Minutes after midnight, Oslo time, of the morning digest; null: no digest (DIGEST_TIME=off). */
  digestAt: number | null;
  unassignedDays: number;
  stepDays: number;
  vendorDays: number;
  nudgeVendorDays: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const SLACK_HINTS: Record<string, string> = {
  SLACK_BOT_TOKEN: 'the Bot User OAuth Token (xoxb-…) from "OAuth & Permissions" after installing the app',
  SLACK_SIGNING_SECRET: 'the Signing Secret from "Basic Information" → "App Credentials"',
  TRIAGE_CHANNEL_ID: "the ID of brreg's internal staff channel (channel details → bottom), e.g. C0123456789; or, for triage in Teams, TEAMS_TRIAGE_CONVERSATION_ID instead",
};

/** Parses the environment once; malformed values throw one readable ConfigError naming each variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0] ?? '?');
        const value = env[name];
        const shown = value === undefined || /TOKEN|SECRET|PASSWORD|URL/.test(name) ? '' : ` (got "${value}")`;
        return `${name}${shown}: ${i.message}`;
      }),
    );
  }
  const e = parsed.data;
  if (e.TRIAGE_CHANNEL_ID && e.TEAMS_TRIAGE_CONVERSATION_ID) {
    throw new ConfigError(['TRIAGE_CHANNEL_ID and TEAMS_TRIAGE_CONVERSATION_ID are both set: triage is in exactly one place, so set only one of them']);
  }
  const teams = teamsSettings(e);
  if (e.TEAMS_TRIAGE_CONVERSATION_ID && !teams) {
    throw new ConfigError([`TEAMS_TRIAGE_CONVERSATION_ID is set, but Teams is not: triage in Teams needs ${TEAMS_CREDENTIALS.join(', ')} as well`]);
  }
  // Triage in Teams: Slack serves the vendors only, and needs no triage channel.
  const missingSlackSettings = (['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'TRIAGE_CHANNEL_ID'] as const)
    .filter((name) => !e[name] && !(name === 'SLACK_SIGNING_SECRET' && e.SLACK_APP_TOKEN) && !(name === 'TRIAGE_CHANNEL_ID' && e.TEAMS_TRIAGE_CONVERSATION_ID))
    .map((name) => ({ name, hint: SLACK_HINTS[name] ?? '' }));
  const slack: SlackSettings | undefined =
    missingSlackSettings.length === 0
      ? {
          botToken: e.SLACK_BOT_TOKEN!,
          signingSecret: e.SLACK_SIGNING_SECRET ?? '',
          appToken: e.SLACK_APP_TOKEN,
          apiUrl: e.SLACK_API_URL,
          triageChannelId: e.TRIAGE_CHANNEL_ID,
        }
      : undefined;
  const noSlackAtAll = !e.SLACK_BOT_TOKEN && !e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN && !e.TRIAGE_CHANNEL_ID;
  const teamsOnly = !!teams && !!e.TEAMS_TRIAGE_CONVERSATION_ID && noSlackAtAll;
  const triage: TriagePlace | undefined = e.TEAMS_TRIAGE_CONVERSATION_ID
    ? { platform: 'teams', conversationId: e.TEAMS_TRIAGE_CONVERSATION_ID }
    : slack?.triageChannelId
      ? { platform: 'slack', channelId: slack.triageChannelId }
      : undefined;
  return {
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    slack,
    // Teams alone misses nothing of Slack's.
    missingSlackSettings: teamsOnly ? [] : missingSlackSettings,
    teams,
    teamsOnly,
    triage,
    staff: { userIds: e.STAFF_USER_IDS, usergroupId: e.STAFF_USERGROUP_ID, cacheSeconds: e.STAFF_CACHE_SECONDS },
    vendorChannelIds: e.VENDOR_CHANNEL_IDS,
    database: { url: e.DATABASE_URL, pgliteDir: `${e.DATA_DIR}/pglite` },
    mail: {
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM,
      replyTo: e.MAIL_REPLY_TO,
      bcc: e.MAIL_BCC,
      dir: `${e.DATA_DIR}/mail`,
    },
    enhetsregisteretUrl: e.ENHETSREGISTERET_URL,
    enhetsregisteretUrlSet: env.ENHETSREGISTERET_URL !== undefined,
    maskinportenGuideUrl: e.MASKINPORTEN_GUIDE_URL,
    tt02PortalUrl: e.TT02_PORTAL_URL,
    outboxMaxAttempts: e.OUTBOX_MAX_ATTEMPTS,
    outboxLeaseMs: e.OUTBOX_LEASE_SECONDS * 1000,
    retentionDays: e.RETENTION_DAYS,
    monthlySummary: e.MONTHLY_SUMMARY === 'on',
    triageLocale: e.TRIAGE_LOCALE,
    dataDir: e.DATA_DIR,
    reminders: {
      digestAt: e.DIGEST_TIME === 'off' ? null : Number(e.DIGEST_TIME.slice(0, 2)) * 60 + Number(e.DIGEST_TIME.slice(3, 5)),
      unassignedDays: e.THRESHOLD_UNASSIGNED_DAYS,
      stepDays: e.THRESHOLD_STEP_DAYS,
      vendorDays: e.THRESHOLD_VENDOR_DAYS,
      nudgeVendorDays: e.NUDGE_VENDOR_DAYS,
    },
    sandboxTriage: e.SANDBOX_TRIAGE,
    sandboxTriageSet: Boolean(env.SANDBOX_TRIAGE?.trim()),
    sandbox: e.SANDBOX && !e.SLACK_BOT_TOKEN && !e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN && !teams,
  };
}

const TEAMS_CREDENTIALS = ['TEAMS_APP_ID', 'TEAMS_APP_PASSWORD', 'TEAMS_TENANT_ID'] as const;

/** All three credentials turn Teams on; one or two of them is a mistake worth stopping for. */
function teamsSettings(e: Env): TeamsSettings | undefined {
  const missing = TEAMS_CREDENTIALS.filter((name) => !e[name]);
  if (missing.length === TEAMS_CREDENTIALS.length) return undefined;
  if (missing.length > 0) {
    throw new ConfigError([`${missing.join(' and ')}: not set, but ${TEAMS_CREDENTIALS.filter((n) => e[n]).join(' and ')} is; Teams needs all three of ${TEAMS_CREDENTIALS.join(', ')}`]);
  }
  return {
    appId: e.TEAMS_APP_ID!,
    appPassword: e.TEAMS_APP_PASSWORD!,
    tenantId: e.TEAMS_TENANT_ID!,
    triageConversationId: e.TEAMS_TRIAGE_CONVERSATION_ID,
    triageTeamId: e.TEAMS_TRIAGE_TEAM_ID,
    serviceUrl: e.TEAMS_SERVICE_URL,
    staffAadIds: e.TEAMS_STAFF_AAD_IDS,
    staffGroupId: e.TEAMS_STAFF_GROUP_ID,
    vendorConversationIds: e.TEAMS_VENDOR_CONVERSATION_IDS,
    openIdMetadataUrl: e.TEAMS_OPENID_METADATA_URL,
    loginUrl: e.TEAMS_LOGIN_URL.replace(/\/+$/, ''),
    graphUrl: e.GRAPH_URL.replace(/\/+$/, ''),
  };
}
