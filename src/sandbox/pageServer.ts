import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { BOT, CHANNELS, TRIAGE_CHANNEL, USERS, dmOf, type PersonaKey } from './cast.js';
import { pageActSchema } from './interactions.js';
import type { MailItem } from './mailbox.js';
import { registerAnswer } from './register.js';
import { teamsActSchema, type TeamsConnector } from './teamsConnector.js';
import { BodyTooLarge, MAX_UPLOAD_BYTES, bearerOf, mimeOf, readCapped } from './webApi.js';
import type { Workspace } from './workspace.js';

/**
 * The sandbox's one HTTP server, on 127.0.0.1 only: the page and its client files, the page's
 * state (JSON, and a stream of change notices), the page's actions, the mail view, response URLs,
 * the Web API under /slack-api/ that the app calls instead of Slack's, and a small local
 * Enhetsregisteret (GET /enhetsregisteret/api/enheter/{orgnr}, see register.ts) for its look-ups.
 *
 * It answers its own page only. Another page in the developer's browser can still send requests
 * here, so: the Host must be this server's (a rebound DNS name is refused), a POST with another
 * page's Origin is refused, the page's own actions must be JSON from its own Origin (a `text/plain`
 * POST needs no preflight), the app's calls must carry the token made at start-up, and no body is
 * read past its cap.
 */
const PUBLIC_DIR = (() => {
  const here = fileURLToPath(new URL('./public/', import.meta.url));
  // The compiled build (dist/) has no copy of the static files: use the sources'.
  return existsSync(here) ? here : path.resolve(process.cwd(), 'src/sandbox/public');
})();

/** Microsoft's Adaptive Cards renderer (the `adaptivecards` package), served to the page from here: the page loads nothing from elsewhere. */
const ADAPTIVE_CARDS_JS = (() => {
  try {
    // The package's main is lib/; the browser build is dist/adaptivecards.min.js beside it.
    return path.join(path.dirname(createRequire(import.meta.url).resolve('adaptivecards')), '..', 'dist', 'adaptivecards.min.js');
  } catch {
    return null;
  }
})();

const STATIC: Record<string, string> = {
  '/': 'index.html',
  '/sandbox/app.js': 'app.js',
  '/sandbox/teams.js': 'teams.js',
  '/sandbox/teams.css': 'teams.css',
  '/sandbox/blockkit.js': 'blockkit.js',
  '/sandbox/slackDate.js': 'slackDate.js',
  '/sandbox/sandbox.css': 'sandbox.css',
};
const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/** Where the sandbox's staff triage. */
export type TriagePlace = 'slack' | 'teams';

/** What the page shows and acts on: the set-up of the current place of staff triage (index.ts). */
export interface PageSetUp {
  triage: TriagePlace;
  /** The set-up's folder in DATA_DIR (shown on the page). */
  folder: string;
  ws: Workspace;
  webApi: (req: IncomingMessage, res: ServerResponse, method: string) => Promise<void>;
  act: (input: ReturnType<typeof pageActSchema.parse>) => Promise<void>;
  mail: () => Promise<MailItem[]>;
  /** The sandbox's Teams (teamsConnector.ts): its Microsoft endpoints under /teams/, and the page's Teams view. */
  teams?: Pick<TeamsConnector, 'route' | 'act' | 'stateFor'>;
}

/** A move of staff triage refused because another is under way: the page shows the message. */
export class TriageMoveRefused extends Error {}

export interface PageServerOptions {
  port: number;
  /** The current set-up; it changes when staff triage moves (undefined until the first is open). */
  current: () => PageSetUp | undefined;
  health: () => Promise<{ status: number; body: string }>;
  /** Variables to set for real Slack (the set-up information, shown as a banner). */
  setup: { name: string; hint: string }[];
  /** The token made at start-up that the app's uploads carry (its bot token, as for the Web API). */
  token: string;
  /** Where staff triage is moving to while a move is under way, else null. */
  moving?: () => TriagePlace | null;
  /** The page's "Staff triage: Slack | Teams": restarts the app behind the page on the other set-up. */
  moveTriage?: (to: TriagePlace) => Promise<{ triage: TriagePlace }>;
}

const triageMoveSchema = z.object({ triage: z.enum(['slack', 'teams']) });
const PLACE_NAMES: Record<TriagePlace, string> = { slack: 'Slack', teams: 'Teams' };

/** The page's own posts (an action, a response URL's message) are small. */
const MAX_BODY_BYTES = 1_000_000;

export interface PageServer {
  url: string;
  port: number;
  server: Server;
  /** A response_url for a user in a channel; posts to it show as messages only that user sees. */
  responseUrl(channel: string, userId: string): string;
  /** Tells the open pages that what they show changed (the current workspace's version). */
  changed(): void;
  close(): Promise<void>;
}

const PERSONAS = Object.keys(USERS) as PersonaKey[];

/** Message ts ("1700000000.000123") order: seconds, then the counter. */
function later(a: string, b: string): boolean {
  const [as = '', af = ''] = a.split('.');
  const [bs = '', bf = ''] = b.split('.');
  if (as.length !== bs.length) return as.length > bs.length;
  return as !== bs ? as > bs : af.padEnd(6, '0') > bf.padEnd(6, '0');
}

function stateFor(ws: Workspace, as: PersonaKey, setup: PageServerOptions['setup'], triage: TriagePlace) {
  const me = USERS[as];
  // With triage in Teams (the mixed set-up), Slack has no triage channel.
  const channels = CHANNELS.filter((c) => c.members.includes(as) && !(triage === 'teams' && c.id === TRIAGE_CHANNEL.id));
  const dm = dmOf(me.id);
  const visible = new Set([...channels.map((c) => c.id), dm]);
  const stack = ws.stackOf(me.id).map((id) => ws.views.get(id)).filter((v) => v !== undefined);
  const home = ws.homeOf(me.id);
  return {
    version: ws.version,
    me: { key: as, id: me.id, name: me.name, realName: me.realName, title: me.title, isStaff: as === 'staff', locale: me.locale, tz: me.tz },
    personas: PERSONAS.map((k) => ({ key: k, realName: USERS[k].realName, title: USERS[k].title })),
    users: [
      ...Object.values(USERS).map((u) => ({ id: u.id, name: u.name, realName: u.realName, external: u.isStranger })),
      { id: BOT.userId, name: BOT.name, realName: BOT.name, external: false, bot: true },
    ],
    channels: channels.map((c) => ({ id: c.id, name: c.name, isPrivate: c.isPrivate, isExtShared: c.isExtShared, topic: c.topic })),
    // The app's direct messages with this person (reports and exports arrive there).
    // latestTs: the newest of them, for the page's unread mark (the page keeps what each persona has seen).
    dm: { id: dm, name: BOT.name, latestTs: [...ws.messages.values()].filter((m) => m.channel === dm).reduce<string | null>((n, m) => (n === null || later(m.ts, n) ? m.ts : n), null) },
    messages: [...ws.messages.values()].filter((m) => visible.has(m.channel)).sort((a, b) => (a.ts < b.ts ? -1 : 1)),
    ephemerals: ws.ephemerals.filter((e) => e.user === me.id && visible.has(e.channel)),
    modals: stack.map((v) => ({ id: v.id, hash: v.hash, view: v.view, errors: v.errors })),
    // The app's Home tab as the app last published it for this person (null until it has).
    home: home ? { id: home.id, view: home.view } : null,
    log: ws.log.slice(-30),
    setup,
  };
}

export async function startPageServer(o: PageServerOptions): Promise<PageServer> {
  const streams = new Set<ServerResponse>();
  const version = () => o.current()?.ws.version ?? 0;
  /** Where staff triage, and where it is moving to: both views show it at the top. */
  const triageOf = (cur: PageSetUp) => ({ triage: cur.triage, triageMovingTo: o.moving?.() ?? null, folder: cur.folder });
  const responseTargets = new Map<string, { channel: string; userId: string; uses: number }>();
  let port = 0;

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  const readBody = async (req: IncomingMessage): Promise<string> => (await readCapped(req, MAX_BODY_BYTES)).toString('utf8');
  const ownOrigins = () => [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  const isJson = (req: IncomingMessage) => /^application\/json\s*(;|$)/i.test(String(req.headers['content-type'] ?? ''));
  /**
   * A state change from the page: its own fetch, JSON from its own origin (browsers send Origin with
   * every POST), in the schema's shape. Undefined when refused: the answer (403/400) is sent.
   */
  const pagePost = async <T>(
    req: IncomingMessage,
    res: ServerResponse,
    origin: string | undefined,
    schema: z.ZodType<T>,
    wrongShape: (error: z.ZodError) => string = (error) => error.message,
  ): Promise<T | undefined> => {
    if (!isJson(req) || origin === undefined) return void json(res, 403, { error: 'the page posts JSON from its own origin' });
    // A body over the cap throws BodyTooLarge out of here: route's caller answers 413.
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return void json(res, 400, { error: 'not JSON' });
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) return void json(res, 400, { error: wrongShape(parsed.error) });
    return parsed.data;
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // DNS rebinding: a foreign name that resolves here carries its own Host.
    if (!ownOrigins().includes(`http://${req.headers.host ?? ''}`)) return json(res, 403, { error: 'this server answers only its own page (Host)' });
    const origin = req.headers.origin;
    if (req.method !== 'GET' && req.method !== 'HEAD' && origin !== undefined && !ownOrigins().includes(origin)) {
      return json(res, 403, { error: 'this server answers only its own page (Origin)' });
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const p = url.pathname;
    const cur = o.current();
    const staticFile = STATIC[p];
    if (staticFile && req.method === 'GET') {
      const body = await readFile(path.join(PUBLIC_DIR, staticFile));
      res.writeHead(200, { 'content-type': TYPES[staticFile.split('.').pop() ?? ''] ?? 'text/plain', 'cache-control': 'no-store' });
      return void res.end(body);
    }
    if (p === '/healthz') {
      const h = await o.health();
      res.writeHead(h.status, { 'content-type': 'application/json' });
      return void res.end(h.body);
    }
    if (!cur) return json(res, 503, { error: 'the sandbox is starting; try again in a moment' });
    const { ws } = cur;
    // The sandbox's Teams: Bot Framework keys, Entra's token endpoint, the Bot Connector and Graph (teamsConnector.ts).
    if (cur.teams && (await cur.teams.route(req, res, p))) return;
    if (p === '/sandbox/adaptivecards.js' && req.method === 'GET' && ADAPTIVE_CARDS_JS) {
      const body = await readFile(ADAPTIVE_CARDS_JS);
      res.writeHead(200, { 'content-type': TYPES.js!, 'cache-control': 'max-age=3600' });
      return void res.end(body);
    }
    if (p.startsWith('/slack-api/') && req.method === 'POST') return cur.webApi(req, res, decodeURIComponent(p.slice('/slack-api/'.length)));
    // The local register: public data, read-only, the one path the app's register client calls.
    const enhet = /^\/enhetsregisteret\/api\/enheter\/(\d{9})$/.exec(p);
    if (enhet && req.method === 'GET') {
      const a = registerAnswer(enhet[1] ?? '', p);
      res.writeHead(a.status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      return void res.end(a.body);
    }
    if (p === '/favicon.ico') return void res.writeHead(204).end();
    // A Slack permalink (https://<workspace>/archives/<channel>/p<ts without the dot>): the message on this page.
    const permalink = /^\/archives\/([A-Z0-9]+)\/p(\d+)(\d{6})$/.exec(p);
    if (permalink && req.method === 'GET') return void res.writeHead(302, { location: `/#${permalink[1]}/${permalink[2]}.${permalink[3]}` }).end();
    if (p === '/sandbox/state' && req.method === 'GET') {
      const as = url.searchParams.get('as') as PersonaKey;
      if (!PERSONAS.includes(as)) return json(res, 400, { error: 'unknown persona' });
      return json(res, 200, { ...stateFor(ws, as, o.setup, cur.triage), ...triageOf(cur) });
    }
    if (p === '/sandbox/teams/state' && req.method === 'GET' && cur.teams) {
      const as = url.searchParams.get('as') as PersonaKey;
      if (!PERSONAS.includes(as)) return json(res, 400, { error: 'unknown persona' });
      return json(res, 200, { version: ws.version, ...triageOf(cur), ...cur.teams.stateFor(as) });
    }
    // "Staff triage: Slack | Teams": a state change, so the page's own JSON from its own origin, as its actions.
    if (p === '/sandbox/triage' && req.method === 'POST' && o.moveTriage) {
      const move = await pagePost(req, res, origin, triageMoveSchema, () => 'say where staff triage: {"triage":"slack"} or {"triage":"teams"}');
      if (!move) return;
      try {
        return json(res, 200, await o.moveTriage(move.triage));
      } catch (err) {
        return json(res, err instanceof TriageMoveRefused ? 409 : 500, { error: (err as Error).message });
      }
    }
    // While staff triage moves the app behind the page restarts: a click now would reach no one.
    const movingTo = o.moving?.();
    if (movingTo && (p === '/sandbox/act' || p === '/sandbox/teams/act') && req.method === 'POST') {
      return json(res, 503, { error: `Staff triage is moving to ${PLACE_NAMES[movingTo]}; try again in a moment.` });
    }
    if (p === '/sandbox/teams/act' && req.method === 'POST' && cur.teams) {
      const action = await pagePost(req, res, origin, teamsActSchema);
      if (!action) return;
      return json(res, 200, await cur.teams.act(action));
    }
    if (p === '/sandbox/events' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(`data: ${ws.version}\n\n`);
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (p === '/sandbox/act' && req.method === 'POST') {
      const action = await pagePost(req, res, origin, pageActSchema);
      if (!action) return;
      await cur.act(action);
      return json(res, 200, { ok: true, version: ws.version });
    }
    // files.uploadV2, step 2: the file's bytes, as the WebClient sends them (one multipart part).
    const upload = /^\/sandbox\/upload\/(F[A-Z0-9]+)$/.exec(p);
    if (upload && req.method === 'POST') {
      // The app's WebClient sends its token with the bytes, as to Slack.
      if (bearerOf(req) !== o.token) return json(res, 403, { ok: false, error: 'invalid_auth' });
      const u = ws.uploads.get(upload[1] ?? '');
      if (!u) return json(res, 404, { ok: false, error: 'file_not_found' });
      const body = await readCapped(req, MAX_UPLOAD_BYTES + 64 * 1024);
      const ct = String(req.headers['content-type'] ?? '');
      let bytes = body;
      if (ct.startsWith('multipart/form-data')) {
        const form = await new Response(new Uint8Array(body), { headers: { 'content-type': ct } }).formData();
        const part = [...form.values()].find((v) => typeof v !== 'string');
        bytes = part && typeof part !== 'string' ? Buffer.from(await part.arrayBuffer()) : Buffer.alloc(0);
      }
      if (bytes.length === 0) return json(res, 400, { ok: false, error: 'empty_file' });
      await ws.storeBytes(u.id, bytes);
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end(`OK - ${bytes.length}`);
    }
    // A shared file, for the page's download links and image previews.
    const download = /^\/sandbox\/files\/(F[A-Z0-9]+)$/.exec(p);
    if (download && req.method === 'GET') {
      const id = download[1] ?? '';
      const shared = [...ws.messages.values()].flatMap((m) => m.files ?? []).find((f) => f.id === id);
      const bytes = shared ? await ws.bytesOf(id) : null;
      if (!shared || !bytes) return json(res, 404, { error: 'file_not_found' });
      res.writeHead(200, {
        'content-type': mimeOf(shared.name),
        'content-length': String(bytes.length),
        // Files are offered for download, never run as a page of the sandbox's origin.
        'content-disposition': `${shared.mimetype.startsWith('image/') ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(shared.name)}`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      });
      return void res.end(bytes);
    }
    if (p === '/sandbox/mail' && req.method === 'GET') return json(res, 200, await cur.mail());
    const response = /^\/sandbox\/response\/([\w-]+)$/.exec(p);
    if (response && req.method === 'POST') {
      // Bolt's respond() posts JSON; the URL's random id is the token.
      if (!isJson(req)) return json(res, 415, { ok: false, error: 'invalid_content_type' });
      const target = responseTargets.get(response[1] ?? '');
      // Like Slack's: five uses, then the URL is spent.
      if (!target || target.uses >= 5) return json(res, 404, { ok: false, error: 'used_url' });
      target.uses += 1;
      const raw = await readBody(req);
      let msg: { text?: unknown; blocks?: unknown } = {};
      try {
        msg = JSON.parse(raw) as typeof msg;
      } catch {
        return json(res, 400, { ok: false, error: 'invalid_payload' });
      }
      ws.ephemerals.push({
        id: ws.nextId('E'),
        channel: target.channel,
        user: target.userId,
        text: typeof msg.text === 'string' ? msg.text : '',
        ...(Array.isArray(msg.blocks) ? { blocks: msg.blocks } : {}),
        ts: ws.nextTs(),
      });
      ws.changed();
      return json(res, 200, { ok: true });
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  };

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (err instanceof BodyTooLarge) {
        // The rest is not read: the connection closes after the answer.
        if (!res.headersSent) res.writeHead(413, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
        return void res.end(JSON.stringify({ error: 'body too large' }));
      }
      o.current()?.ws.note('sandbox', false, (err as Error).message);
      if (!res.headersSent) json(res, 500, { error: 'sandbox error' });
      else res.end();
    });
  });
  // 127.0.0.1 only: the sandbox is for the person at this machine, never the network.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    server,
    responseUrl(channel, userId) {
      // Unguessable: the URL is all a poster needs.
      const id = randomBytes(16).toString('hex');
      responseTargets.set(id, { channel, userId, uses: 0 });
      return `${url}/sandbox/response/${id}`;
    },
    changed() {
      for (const s of streams) s.write(`data: ${version()}\n\n`);
    },
    async close() {
      for (const s of streams) s.end();
      streams.clear();
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
    },
  };
}
