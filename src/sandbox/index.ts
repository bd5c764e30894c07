import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { loadConfig, type Config } from '../config.js';
import type { RunningServer, ServerOptions } from '../server.js';
import { BOT, CHANNELS, HOST_TEAM, TRIAGE_CHANNEL, USERS, VENDOR_CHANNEL } from './cast.js';
import { createInteractions } from './interactions.js';
import { createMailbox } from './mailbox.js';
import { startPageServer } from './pageServer.js';
import { createTeamsConnector } from './teamsConnector.js';
import { TEAMS_TRIAGE, TEAMS_VENDOR_CHANNEL } from './teamsCast.js';
import { createWebApi } from './webApi.js';
import { Workspace } from './workspace.js';

/**
 * The local sandbox: with no Slack settings, `npm start` serves a page at http://localhost:PORT/
 * that plays Slack for this app. The real app runs unchanged behind it, with generated settings:
 * its Web API calls go to the sandbox (SLACK_API_URL), and what a person does on the page reaches
 * its POST /slack/events signed as Slack signs it. Its data lives in DATA_DIR/sandbox/.
 * `startServer` is the app's own start (server.ts hands it over), so the sandbox imports no part of the app.
 */
export async function startSandbox(
  config: Config,
  opts: ServerOptions,
  startServer: (config: Config, opts: ServerOptions) => Promise<RunningServer>,
): Promise<RunningServer> {
  const log = opts.logger.child({ component: 'sandbox' });
  const dir = path.join(config.dataDir, 'sandbox');
  const ws = new Workspace(path.join(dir, 'workspace.json'));
  await ws.load();

  const token = `xoxb-sandbox-${randomBytes(16).toString('hex')}`;
  const signingSecret = randomBytes(32).toString('hex');
  const mailbox = createMailbox(path.join(dir, 'mail'));
  let app: RunningServer | undefined;

  const webApi = createWebApi(ws, { token, pageUrl: () => page.url });
  const interactions = createInteractions(ws, {
    eventsUrl: () => `${app?.url ?? 'http://127.0.0.1:0'}/slack/events`,
    signingSecret,
    responseUrl: (channel, userId) => page.responseUrl(channel, userId),
    channelName: (id) => CHANNELS.find((c) => c.id === id)?.name ?? id.toLowerCase(),
  });
  // The sandbox's Teams: the app reaches it through TEAMS_LOGIN_URL, TEAMS_OPENID_METADATA_URL and the
  // activities' serviceUrl, all on this server; SANDBOX_TRIAGE=teams puts staff there (the mixed set-up).
  const triageInTeams = config.sandboxTriage === 'teams';
  const teams = createTeamsConnector({
    baseUrl: () => page.url,
    messagesUrl: () => `${app?.url ?? 'http://127.0.0.1:0'}/api/messages`,
    file: path.join(dir, 'teams.json'),
    changed: () => ws.changed(),
    // Vendors in Teams: the channel shared with Acme (Vera, of another tenant), beside Slack's vendor channel.
    vendorChannel: true,
    triage: triageInTeams,
  });
  await teams.load();
  const page = await startPageServer({
    teams,
    triage: config.sandboxTriage,
    port: config.port,
    ws,
    webApi,
    act: interactions.act,
    mail: mailbox.list,
    health: async () => {
      if (!app) return { status: 503, body: JSON.stringify({ status: 'starting' }) };
      const r = await fetch(`${app.url}/healthz`).catch(() => null);
      return r ? { status: r.status, body: await r.text() } : { status: 503, body: JSON.stringify({ status: 'app unreachable' }) };
    },
    setup: config.missingSlackSettings,
    token,
  });

  try {
    app = await startServer(
      loadConfig({
        PORT: '0',
        LOG_LEVEL: config.logLevel,
        SLACK_BOT_TOKEN: token,
        SLACK_SIGNING_SECRET: signingSecret,
        SLACK_API_URL: `${page.url}/slack-api/`,
        ...(triageInTeams ? { TEAMS_TRIAGE_CONVERSATION_ID: TEAMS_TRIAGE.id } : { TRIAGE_CHANNEL_ID: TRIAGE_CHANNEL.id }),
        ...teams.env(),
        STAFF_USER_IDS: USERS.staff.id,
        VENDOR_CHANNEL_IDS: VENDOR_CHANNEL.id,
        TEAMS_VENDOR_CONVERSATION_IDS: TEAMS_VENDOR_CHANNEL.id,
        DATA_DIR: dir,
        // The sandbox's own small register (register.ts), unless ENHETSREGISTERET_URL was set.
        ENHETSREGISTERET_URL: config.enhetsregisteretUrlSet ? config.enhetsregisteretUrl : `${page.url}/enhetsregisteret/api`,
        // A scheduled post with no one to ask for it: a sandbox started on the 1st would open with one.
        MONTHLY_SUMMARY: 'off',
        MAIL_FROM: config.mail.from,
        MASKINPORTEN_GUIDE_URL: config.maskinportenGuideUrl,
        OUTBOX_MAX_ATTEMPTS: String(config.outboxMaxAttempts),
      }),
      { ...opts, host: '127.0.0.1' },
    );
  } catch (err) {
    await page.close();
    throw err;
  }

  // A new workspace: the app is added to the vendor channel, and posts and pins its entry button.
  if (![...ws.messages.values()].some((m) => m.channel === VENDOR_CHANNEL.id)) {
    await interactions.event({ type: 'member_joined_channel', user: BOT.userId, channel: VENDOR_CHANNEL.id, channel_type: 'C', team: HOST_TEAM.id, inviter: USERS.staff.id });
  }

  // Vendors in Teams: a new sandbox adds the bot to the channel shared with Acme (by Kari, a member of it),
  // as Teams sends it (conversationUpdate, the bot in membersAdded); the app posts its entry card there.
  if (teams.isEmpty(TEAMS_VENDOR_CHANNEL.id)) await teams.botAdded(TEAMS_VENDOR_CHANNEL.id, 'staff');

  // The outbox writes emails a moment after the click: tell the page when a new one appears.
  let mails = await mailbox.count();
  const mailWatch = setInterval(() => {
    void mailbox.count().then((n) => {
      if (n !== mails) {
        mails = n;
        ws.changed();
      }
    });
  }, 500);
  mailWatch.unref();

  const shown = page.url.replace('127.0.0.1', 'localhost');
  log.info({ url: shown, dataDir: dir }, `Sandbox: no Slack settings, so a local sandbox plays Slack and Teams (staff triage in ${triageInTeams ? 'Teams' : 'Slack'}; SANDBOX_TRIAGE=${triageInTeams ? 'slack' : 'teams'} to switch). Open ${shown}/ (SANDBOX=off for the set-up page)`);
  return {
    url: page.url,
    port: page.port,
    database: app.database,
    ...(app.worker ? { worker: app.worker } : {}),
    async stop() {
      clearInterval(mailWatch);
      await app?.stop();
      await page.close();
      await ws.flush();
      await teams.flush();
    },
  };
}
