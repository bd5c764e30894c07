import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig, type Config } from '../config.js';
import type { RunningServer, ServerOptions } from '../server.js';
import { BOT, CHANNELS, HOST_TEAM, TRIAGE_CHANNEL, USERS, VENDOR_CHANNEL } from './cast.js';
import { createInteractions } from './interactions.js';
import { createMailbox } from './mailbox.js';
import { TriageMoveRefused, startPageServer, type PageSetUp, type TriagePlace } from './pageServer.js';
import { createTeamsConnector, type TeamsConnector } from './teamsConnector.js';
import { TEAMS_TRIAGE, TEAMS_VENDOR_CHANNEL } from './teamsCast.js';
import { createWebApi } from './webApi.js';
import { Workspace } from './workspace.js';

/**
 * Each place of staff triage is its own set-up with its own folder (workspace, Teams store, PGlite,
 * mail): a move never leaves cards on a platform the app no longer triages on, and moving back
 * finds everything as it was. Slack triage keeps DATA_DIR/sandbox/, where all sandboxes lived before.
 */
export const SETUP_FOLDERS: Record<TriagePlace, string> = { slack: 'sandbox', teams: 'sandbox-teams-triage' };
/** In DATA_DIR: where staff triage when the sandbox last ran, so that the next `npm start` opens there. */
export const TRIAGE_CHOICE_FILE = 'sandbox-triage.json';

const PLACE_NAMES: Record<TriagePlace, string> = { slack: 'Slack', teams: 'Teams' };

/** One triage set-up: the fake Slack workspace and Teams it plays, and the app running behind them. */
interface SetUp extends PageSetUp {
  teams: TeamsConnector;
  dir: string;
  /** What a new set-up's first start does: the app joins the vendor channels and posts its entry there. */
  firstRun(): Promise<void>;
  countMail(): Promise<number>;
  app?: RunningServer;
  mailWatch?: NodeJS.Timeout;
}

export async function readTriageChoice(dataDir: string): Promise<TriagePlace | undefined> {
  const raw = await readFile(path.join(dataDir, TRIAGE_CHOICE_FILE), 'utf8').catch(() => null);
  if (raw === null) return undefined;
  try {
    const t = (JSON.parse(raw) as { triage?: unknown }).triage;
    return t === 'slack' || t === 'teams' ? t : undefined;
  } catch {
    return undefined;
  }
}

async function saveTriageChoice(dataDir: string, triage: TriagePlace): Promise<void> {
  const file = path.join(dataDir, TRIAGE_CHOICE_FILE);
  await writeFile(`${file}.tmp`, JSON.stringify({ triage }), { mode: 0o600 });
  await rename(`${file}.tmp`, file);
}

/**
 * The local sandbox: with no Slack settings, `npm start` serves a page at http://localhost:PORT/
 * that plays Slack and Teams for this app. The real app runs unchanged behind it, with generated
 * settings: its Web API calls go to the sandbox (SLACK_API_URL), and what a person does on the page
 * reaches its POST /slack/events signed as Slack signs it (or its /api/messages, as Teams sends it).
 * Staff triage in Slack (data in DATA_DIR/sandbox/) or in Teams (DATA_DIR/sandbox-teams-triage/):
 * SANDBOX_TRIAGE decides at start-up, else where it was last; the page's "Staff triage" control moves
 * it, restarting the app behind the same page.
 * `startServer` is the app's own start (server.ts hands it over), so the sandbox imports no part of the app.
 */
export async function startSandbox(
  config: Config,
  opts: ServerOptions,
  startServer: (config: Config, opts: ServerOptions) => Promise<RunningServer>,
): Promise<RunningServer> {
  const log = opts.logger.child({ component: 'sandbox' });
  const first: TriagePlace = config.sandboxTriageSet ? config.sandboxTriage : ((await readTriageChoice(config.dataDir)) ?? 'slack');
  // The same for every set-up: the app's uploads carry the token, the page's clicks are signed with the secret.
  const token = `xoxb-sandbox-${randomBytes(16).toString('hex')}`;
  const signingSecret = randomBytes(32).toString('hex');
  /** Set-ups opened so far, by where staff triage; `current` is the one the page shows and the app runs. */
  const setUps = new Map<TriagePlace, SetUp>();
  let current: SetUp | undefined;
  let moving: { to: TriagePlace; done: Promise<void> } | undefined;

  const page = await startPageServer({
    port: config.port,
    current: () => current,
    moving: () => moving?.to ?? null,
    moveTriage: (to) => moveTriage(to),
    health: async () => {
      const app = current?.app;
      if (!app) return { status: 503, body: JSON.stringify({ status: moving ? 'moving staff triage' : 'starting' }) };
      const r = await fetch(`${app.url}/healthz`).catch(() => null);
      return r ? { status: r.status, body: await r.text() } : { status: 503, body: JSON.stringify({ status: 'app unreachable' }) };
    },
    setup: config.missingSlackSettings,
    token,
  });

  async function openSetUp(triage: TriagePlace): Promise<SetUp> {
    const folder = SETUP_FOLDERS[triage];
    const dir = path.join(config.dataDir, folder);
    const ws = new Workspace(path.join(dir, 'workspace.json'));
    await ws.load();
    ws.onChange(() => {
      if (current?.ws === ws) page.changed();
    });
    const mailbox = createMailbox(path.join(dir, 'mail'));
    const appUrl = () => setUp.app?.url ?? 'http://127.0.0.1:0';
    const interactions = createInteractions(ws, {
      eventsUrl: () => `${appUrl()}/slack/events`,
      signingSecret,
      responseUrl: (channel, userId) => page.responseUrl(channel, userId),
      channelName: (id) => CHANNELS.find((c) => c.id === id)?.name ?? id.toLowerCase(),
    });
    // The sandbox's Teams: the app reaches it through TEAMS_LOGIN_URL, TEAMS_OPENID_METADATA_URL and the
    // activities' serviceUrl, all on this server; with triage in Teams, staff work in its channel Triage.
    const teams = createTeamsConnector({
      baseUrl: () => page.url,
      messagesUrl: () => `${appUrl()}/api/messages`,
      file: path.join(dir, 'teams.json'),
      changed: () => ws.changed(),
      // Vendors in Teams: the channel shared with Acme (Vera, of another tenant), beside Slack's vendor channel.
      vendorChannel: true,
      triage: triage === 'teams',
    });
    await teams.load();
    const setUp: SetUp = {
      triage,
      folder,
      dir,
      ws,
      teams,
      webApi: createWebApi(ws, { token, pageUrl: () => page.url }),
      act: interactions.act,
      mail: mailbox.list,
      countMail: () => mailbox.count(),
      async firstRun() {
        if (![...ws.messages.values()].some((m) => m.channel === VENDOR_CHANNEL.id)) {
          await interactions.event({ type: 'member_joined_channel', user: BOT.userId, channel: VENDOR_CHANNEL.id, channel_type: 'C', team: HOST_TEAM.id, inviter: USERS.staff.id });
        }
        // Vendors in Teams: Kari, a member of the channel shared with Acme, adds the bot to it, as Teams
        // sends it (conversationUpdate, the bot in membersAdded); the app posts its entry card there.
        if (teams.isEmpty(TEAMS_VENDOR_CHANNEL.id)) await teams.botAdded(TEAMS_VENDOR_CHANNEL.id, 'staff');
      },
    };
    return setUp;
  }

  /** Starts the real app behind a set-up: its settings point at this server. */
  async function startApp(s: SetUp): Promise<void> {
    const triageInTeams = s.triage === 'teams';
    s.app = await startServer(
      loadConfig({
        PORT: '0',
        LOG_LEVEL: config.logLevel,
        SLACK_BOT_TOKEN: token,
        SLACK_SIGNING_SECRET: signingSecret,
        SLACK_API_URL: `${page.url}/slack-api/`,
        ...(triageInTeams ? { TEAMS_TRIAGE_CONVERSATION_ID: TEAMS_TRIAGE.id } : { TRIAGE_CHANNEL_ID: TRIAGE_CHANNEL.id }),
        ...s.teams.env(),
        STAFF_USER_IDS: USERS.staff.id,
        VENDOR_CHANNEL_IDS: VENDOR_CHANNEL.id,
        TEAMS_VENDOR_CONVERSATION_IDS: TEAMS_VENDOR_CHANNEL.id,
        DATA_DIR: s.dir,
        // The sandbox's own small register (register.ts), unless ENHETSREGISTERET_URL was set.
        ENHETSREGISTERET_URL: config.enhetsregisteretUrlSet ? config.enhetsregisteretUrl : `${page.url}/enhetsregisteret/api`,
        // A scheduled post with no one to ask for it: a sandbox started on the 1st would open with one.
        MONTHLY_SUMMARY: 'off',
        MAIL_FROM: config.mail.from,
        MASKINPORTEN_GUIDE_URL: config.maskinportenGuideUrl,
        OUTBOX_MAX_ATTEMPTS: String(config.outboxMaxAttempts),
      }),
      // A database handed in (tests) belongs to the set-up started first; another opens its own PGlite
      // in its folder, as every set-up does under `npm start`.
      { ...opts, host: '127.0.0.1', database: s.triage === first ? opts.database : undefined },
    );
    await s.firstRun();
    // The outbox writes emails a moment after the click: tell the page when a new one appears.
    let mails = await s.countMail();
    s.mailWatch = setInterval(() => {
      void s.countMail().then((n) => {
        if (n !== mails) {
          mails = n;
          s.ws.changed();
        }
      });
    }, 500);
    s.mailWatch.unref();
    // Only a convenience for the next start: a folder that refuses it stops nothing.
    await saveTriageChoice(config.dataDir, s.triage).catch((err: unknown) => log.warn({ err }, `Sandbox: could not note where staff triage is in ${TRIAGE_CHOICE_FILE}; the next start opens in Slack unless SANDBOX_TRIAGE says otherwise`));
  }

  async function stopApp(s: SetUp): Promise<void> {
    clearInterval(s.mailWatch);
    const app = s.app;
    s.app = undefined;
    await app?.stop();
    await s.ws.flush();
    await s.teams.flush();
  }

  async function use(triage: TriagePlace): Promise<void> {
    const s = setUps.get(triage) ?? (await openSetUp(triage));
    setUps.set(triage, s);
    // Current before its app starts: the app's start-up calls (auth.test, Entra's token) reach this set-up.
    current = s;
    page.changed();
    await startApp(s);
  }

  /** Moves staff triage: stops the app, starts it again on the other set-up; one move at a time. */
  async function moveTriage(to: TriagePlace): Promise<{ triage: TriagePlace }> {
    if (moving) throw new TriageMoveRefused(`Staff triage is already moving to ${PLACE_NAMES[moving.to]}. Wait a moment until it has moved, then try again.`);
    const from = current;
    if (!from || from.triage === to) return { triage: to };
    let done!: () => void;
    moving = { to, done: new Promise<void>((r) => (done = r)) };
    page.changed();
    log.info({ from: from.triage, to }, `Sandbox: moving staff triage to ${PLACE_NAMES[to]}: restarting the app behind the page`);
    try {
      await stopApp(from);
      try {
        await use(to);
      } catch (err) {
        // Back where it was, so the page keeps working: the other set-up's data is untouched.
        log.error({ err, to }, `Sandbox: staff triage could not move to ${PLACE_NAMES[to]}; it stays in ${PLACE_NAMES[from.triage]}`);
        const next = setUps.get(to);
        if (next?.app) await stopApp(next).catch(() => undefined);
        await use(from.triage);
        throw new Error(`Staff triage could not move to ${PLACE_NAMES[to]} (${(err as Error).message}), so it stays in ${PLACE_NAMES[from.triage]}. The terminal running npm start has the details.`);
      }
      log.info({ dataDir: current?.dir }, `Sandbox: staff triage is now in ${PLACE_NAMES[to]}`);
      return { triage: to };
    } finally {
      moving = undefined;
      done();
      page.changed();
    }
  }

  try {
    await use(first);
  } catch (err) {
    const s = current;
    if (s) await stopApp(s).catch(() => undefined);
    await page.close();
    throw err;
  }

  const shown = page.url.replace('127.0.0.1', 'localhost');
  const other = first === 'slack' ? 'teams' : 'slack';
  log.info(
    { url: shown, dataDir: current?.dir },
    `Sandbox: no Slack settings, so a local sandbox plays Slack and Teams, staff triage in ${PLACE_NAMES[first]}. Open ${shown}/ and move staff triage with "Staff triage: Slack | Teams" at the top of the page (or start with SANDBOX_TRIAGE=${other}). SANDBOX=off serves the set-up page instead`,
  );
  const appNow = (): RunningServer => {
    if (!current?.app) throw new Error('the sandbox is moving staff triage: its app is restarting');
    return current.app;
  };
  return {
    url: page.url,
    port: page.port,
    // The app behind the page changes when staff triage moves: these follow it.
    get database() {
      return appNow().database;
    },
    get worker() {
      return current?.app?.worker;
    },
    async stop() {
      await moving?.done;
      if (current) await stopApp(current);
      await page.close();
    },
  };
}
