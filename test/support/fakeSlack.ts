/**
 * An in-process fake of the Slack Web API for tests.
 *
 * Point the app's WebClient at it with `clientOptions: { slackApiUrl: fake.url }`.
 * Every call is recorded (in arrival order) with its decoded arguments, so tests
 * can assert on what the app asked Slack to do, and wait for calls that happen
 * asynchronously (`waitFor`). Faults (429 / 5xx / `ok:false` / delays) can be
 * injected per method.
 *
 * It also serves `response_url`s (see `fake.responseUrl()`), so slash commands and
 * block actions sent by the test sender never leave the machine; those posts are
 * recorded with method `'response_url'`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RateLimiter, RateLimitVerdict } from './rateLimit.js';

export type Args = Record<string, unknown>;

export interface FakeSlackCall {
  /** Web API method, e.g. 'chat.postMessage'; 'response_url' for posts to a response URL. */
  method: string;
  /** Decoded arguments; JSON-valued form fields (blocks, view, …) are parsed back into objects. */
  args: Args;
  /** Bearer token from the Authorization header (falls back to a `token` argument). */
  token: string | undefined;
  /** Request path, e.g. '/api/chat.postMessage' or '/hooks/response/3'. */
  path: string;
  /** Content type the client used. */
  contentType: string;
  /** Set when an injected fault made this call fail (429, 5xx, ok:false). */
  failed?: true;
  /** The injected fault, if any (including `delayMs`). */
  fault?: FakeSlackFault;
  /** The JSON body the fake answered (or will answer, for delayed calls) with. */
  response: Args;
  /** Milliseconds since epoch at arrival. */
  at: number;
  /** Set when the rate limiter answered 429 (see `FakeSlackOptions.rateLimiter`). */
  rateLimited?: RateLimitVerdict;
}

export type FakeSlackFault =
  /** The call takes effect (e.g. the message is posted) but the answer is lost: the client sees a 5xx. */
  | { status: number; afterHandling: true }
  | { status: 429; retryAfter?: number }
  | { status: number; body?: string }
  | { error: string; extra?: Args }
  | { delayMs: number };

export interface ChannelInfo {
  name?: string;
  is_ext_shared?: boolean;
  is_shared?: boolean;
  is_private?: boolean;
  is_im?: boolean;
  [key: string]: unknown;
}

export interface UserInfo {
  team_id?: string;
  locale?: string;
  is_stranger?: boolean;
  real_name?: string;
  tz?: string;
  name?: string;
  is_bot?: boolean;
  deleted?: boolean;
  [key: string]: unknown;
}

export interface StoredView {
  id: string;
  hash: string;
  external_id?: string;
  /** The view as last sent by the app (views.open/push/update/publish). */
  view: Args;
  /** 'open' | 'push' | 'publish' */
  origin: string;
  user_id?: string;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  text?: unknown;
  blocks?: unknown;
  thread_ts?: unknown;
  metadata?: unknown;
  /** args of the postMessage and every subsequent chat.update, oldest first */
  history: Args[];
  deleted?: boolean;
}

export type MethodHandler = (args: Args, call: FakeSlackCall) => Args;

/** A file uploaded the files.uploadV2 way (getUploadURLExternal, POST the bytes, completeUploadExternal). */
export interface UploadedFile {
  id: string;
  filename: string;
  bytes: Buffer;
  /** Set once completeUploadExternal shared it. */
  channel?: string;
  initialComment?: string;
  title?: string;
}

export interface FakeSlackOptions {
  channels?: Record<string, ChannelInfo>;
  users?: Record<string, UserInfo>;
  usergroups?: Record<string, string[]>;
  /** team of the bot / host workspace (default 'THOST') */
  teamId?: string;
  /**
   * Strict view ids: views.update for an id the fake never handed out answers `not_found`
   * (like Slack). Default false: unknown ids are adopted so tests may fabricate view ids.
   */
  strictViews?: boolean;
  /** Override or add method handlers. */
  handlers?: Record<string, MethodHandler>;
  /** Enforce Slack's per-channel rate limits with 429 + Retry-After (test/support/rateLimit.ts); off when unset. */
  rateLimiter?: RateLimiter;
  /** Listen on this port (default: any free one), e.g. to bring Slack "back" where the app looks. */
  port?: number;
}

export interface FakeSlack {
  /** Base URL for WebClient's slackApiUrl, e.g. http://127.0.0.1:1234/api/ */
  readonly url: string;
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  readonly calls: FakeSlackCall[];
  /** Posted messages by `${channel}/${ts}`. */
  readonly messages: Map<string, StoredMessage>;
  /** Views by id. */
  readonly views: Map<string, StoredView>;
  /** Uploaded files by id (see UploadedFile); `channel` is set when the upload was completed. */
  readonly files: Map<string, UploadedFile>;
  /** Resolves with the first completed upload, already made or yet to come, that satisfies `pred`. */
  waitForFile(pred: (f: UploadedFile) => boolean, timeoutMs?: number): Promise<UploadedFile>;
  setChannel(id: string, info: ChannelInfo): void;
  setUser(id: string, info: UserInfo): void;
  setUsergroup(id: string, users: string[]): void;
  /** What `apps.connections.open` answers app-level tokens with (see fakeSocketMode.ts). */
  setSocketModeUrl(url: () => string): void;
  /** Replace/add the handler for a method (return value is sent as-is; add `ok` yourself). */
  setHandler(method: string, handler: MethodHandler): void;
  callsOf(method: string): FakeSlackCall[];
  /** Resolves with the first call of `method`, made already or yet to come, that satisfies `predicate`. */
  waitFor(method: string, predicate?: (args: Args) => boolean, timeoutMs?: number): Promise<FakeSlackCall>;
  /**
   * As waitFor, but skipping the first `after` calls of `method` (take `after` from callsOf(method).length
   * before the click): the call the click caused even if it came before the wait began, never an earlier one.
   */
  waitForNew(method: string, after: number, predicate?: (args: Args) => boolean, timeoutMs?: number): Promise<FakeSlackCall>;
  failNext(method: string, fault: FakeSlackFault, times?: number): void;
  /** A fresh response_url served by this fake (posts are recorded as method 'response_url'). */
  responseUrl(): string;
  message(channel: string, ts: string): StoredMessage | undefined;
  view(id: string): StoredView | undefined;
  /** Clears recorded calls and pending faults (not channels/users/usergroups, messages or views). */
  reset(): void;
  close(): Promise<void>;
}

/** Form fields the WebClient JSON-stringifies because they are objects/arrays. */
const JSON_FIELDS = new Set([
  'blocks',
  'attachments',
  'view',
  'metadata',
  'unfurls',
  'user_auth_blocks',
  'options',
  'option_groups',
  'replace_original_blocks',
]);

const DEFAULT_USER: UserInfo = { team_id: 'THOST', locale: 'nb-NO' };

interface Waiter {
  method: string;
  predicate: ((args: Args) => boolean) | undefined;
  resolve: (call: FakeSlackCall) => void;
}

interface PendingFault {
  fault: FakeSlackFault;
  remaining: number;
}

function parseBody(raw: string, contentType: string): Args {
  const ct = contentType.toLowerCase();
  if (ct.includes('application/json')) {
    if (raw.trim() === '') return {};
    const parsed: unknown = JSON.parse(raw);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Args) : { body: parsed };
  }
  if (ct.includes('application/x-www-form-urlencoded') || ct === '') {
    const out: Args = {};
    for (const [key, value] of new URLSearchParams(raw)) {
      if (JSON_FIELDS.has(key)) {
        try {
          out[key] = JSON.parse(value);
          continue;
        } catch {
          // leave as string
        }
      }
      out[key] = value;
    }
    return out;
  }
  // multipart or anything else: keep the raw text
  return { _raw: raw };
}

function isTrue(v: unknown): boolean {
  return v === true || v === 'true' || v === '1' || v === 1;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function summarize(call: FakeSlackCall): string {
  let args = JSON.stringify(call.args);
  if (args.length > 160) args = `${args.slice(0, 157)}...`;
  return `  ${call.method}${call.failed ? ' (failed)' : ''} ${args}`;
}

export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const teamId = opts.teamId ?? 'THOST';
  const channels = new Map<string, ChannelInfo>(Object.entries(opts.channels ?? {}));
  const users = new Map<string, UserInfo>(Object.entries(opts.users ?? {}));
  const usergroups = new Map<string, string[]>(Object.entries(opts.usergroups ?? {}));
  const handlers = new Map<string, MethodHandler>();
  const faults = new Map<string, PendingFault[]>();
  const calls: FakeSlackCall[] = [];
  const waiters = new Set<Waiter>();
  const messages = new Map<string, StoredMessage>();
  const views = new Map<string, StoredView>();
  const files = new Map<string, UploadedFile>();
  let fileCounter = 0;

  let tsCounter = 0;
  let viewCounter = 0;
  let hashCounter = 0;
  let responseUrlCounter = 0;
  let socketModeUrl: (() => string) | undefined;

  const nextTs = (): string => {
    tsCounter += 1;
    const micros = tsCounter * 100;
    return `${1_700_000_000 + Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
  };
  const nextHash = (): string => {
    hashCounter += 1;
    return `${1_700_000_000 + hashCounter}.h${String(hashCounter).padStart(6, '0')}`;
  };
  const nextViewId = (): string => {
    viewCounter += 1;
    return `V${String(viewCounter).padStart(4, '0')}`;
  };

  const err = (error: string, extra: Args = {}): Args => ({ ok: false, error, ...extra });

  const viewResponse = (stored: StoredView, extra: Args = {}): Args => {
    const v = stored.view;
    return {
      ok: true,
      view: {
        ...v,
        id: stored.id,
        team_id: teamId,
        type: v.type ?? 'modal',
        callback_id: v.callback_id ?? '',
        private_metadata: v.private_metadata ?? '',
        external_id: stored.external_id ?? v.external_id ?? '',
        hash: stored.hash,
        state: { values: {} },
        app_id: 'AAPP',
        bot_id: 'BBOT',
        app_installed_team_id: teamId,
        root_view_id: stored.id,
        previous_view_id: null,
        ...extra,
      },
    };
  };

  const requireView = (args: Args): Args | string => {
    const view = args.view;
    if (view === undefined || view === null || typeof view !== 'object') return 'invalid_arguments';
    return view as Args;
  };

  const builtins: Record<string, MethodHandler> = {
    'api.test': (args) => ({ ok: true, args }),
    'auth.test': () => ({
      ok: true,
      url: 'https://fake.slack.com/',
      team: 'Host Workspace',
      user: 'tt02bot',
      team_id: teamId,
      user_id: 'UBOT',
      bot_id: 'BBOT',
      is_enterprise_install: false,
    }),
    'chat.postMessage': (args) => {
      const channel = str(args.channel);
      if (!channel) return err('channel_not_found');
      if (args.text === undefined && args.blocks === undefined && args.attachments === undefined) {
        return err('no_text');
      }
      const ts = nextTs();
      messages.set(`${channel}/${ts}`, {
        channel,
        ts,
        text: args.text,
        blocks: args.blocks,
        thread_ts: args.thread_ts,
        metadata: args.metadata,
        history: [args],
      });
      const message: Args = {
        type: 'message',
        user: 'UBOT',
        bot_id: 'BBOT',
        app_id: 'AAPP',
        team: teamId,
        ts,
        text: args.text ?? '',
      };
      if (args.blocks !== undefined) message.blocks = args.blocks;
      if (args.attachments !== undefined) message.attachments = args.attachments;
      if (args.thread_ts !== undefined) message.thread_ts = args.thread_ts;
      if (args.metadata !== undefined) message.metadata = args.metadata;
      return { ok: true, channel, ts, message };
    },
    // Newest first, like Slack; metadata included (the app asks with include_all_metadata).
    'conversations.history': (args) => {
      const channel = str(args.channel);
      const list = [...messages.values()]
        .filter((m) => m.channel === channel && !m.deleted && (m.thread_ts === undefined || m.thread_ts === m.ts))
        .sort((a, b) => (a.ts < b.ts ? 1 : -1))
        .map((m) => ({ type: 'message', ts: m.ts, text: m.text, metadata: m.metadata, bot_id: 'BBOT' }));
      return { ok: true, messages: list, has_more: false };
    },
    'conversations.replies': (args) => {
      const channel = str(args.channel);
      const ts = str(args.ts);
      const list = [...messages.values()]
        .filter((m) => m.channel === channel && !m.deleted && (m.ts === ts || m.thread_ts === ts))
        .sort((a, b) => (a.ts < b.ts ? -1 : 1))
        .map((m) => ({ type: 'message', ts: m.ts, thread_ts: m.thread_ts ?? m.ts, text: m.text, metadata: m.metadata, bot_id: 'BBOT' }));
      return { ok: true, messages: list, has_more: false };
    },
    'chat.update': (args) => {
      const channel = str(args.channel);
      const ts = str(args.ts);
      if (!channel) return err('channel_not_found');
      if (!ts) return err('message_not_found');
      const stored = messages.get(`${channel}/${ts}`);
      if (stored) {
        if (stored.deleted) return err('message_not_found');
        if (args.text !== undefined) stored.text = args.text;
        if (args.blocks !== undefined) stored.blocks = args.blocks;
        if (args.metadata !== undefined) stored.metadata = args.metadata;
        stored.history.push(args);
      }
      return {
        ok: true,
        channel,
        ts,
        text: args.text ?? '',
        message: { text: args.text ?? '', blocks: args.blocks, user: 'UBOT', bot_id: 'BBOT' },
      };
    },
    'chat.delete': (args) => {
      const channel = str(args.channel);
      const ts = str(args.ts);
      if (!channel) return err('channel_not_found');
      if (!ts) return err('message_not_found');
      const stored = messages.get(`${channel}/${ts}`);
      if (stored) stored.deleted = true;
      return { ok: true, channel, ts };
    },
    'chat.postEphemeral': (args) => {
      if (!str(args.channel)) return err('channel_not_found');
      if (!str(args.user)) return err('user_not_in_channel');
      return { ok: true, message_ts: nextTs() };
    },
    'chat.getPermalink': (args) => {
      const channel = str(args.channel);
      const ts = str(args.message_ts);
      if (!channel) return err('channel_not_found');
      if (!ts) return err('message_not_found');
      return {
        ok: true,
        channel,
        permalink: `https://fake.slack.com/archives/${channel}/p${ts.replace('.', '')}`,
      };
    },
    'views.open': (args) => {
      if (!str(args.trigger_id) && !str(args.interactivity_pointer)) return err('invalid_arguments');
      const view = requireView(args);
      if (typeof view === 'string') return err(view);
      const stored: StoredView = { id: nextViewId(), hash: nextHash(), view, origin: 'open' };
      if (typeof view.external_id === 'string' && view.external_id) stored.external_id = view.external_id;
      views.set(stored.id, stored);
      return viewResponse(stored);
    },
    'views.push': (args) => {
      if (!str(args.trigger_id) && !str(args.interactivity_pointer)) return err('invalid_arguments');
      const view = requireView(args);
      if (typeof view === 'string') return err(view);
      const stored: StoredView = { id: nextViewId(), hash: nextHash(), view, origin: 'push' };
      if (typeof view.external_id === 'string' && view.external_id) stored.external_id = view.external_id;
      views.set(stored.id, stored);
      return viewResponse(stored);
    },
    'views.update': (args) => {
      const view = requireView(args);
      if (typeof view === 'string') return err(view);
      const viewId = str(args.view_id);
      const externalId = str(args.external_id);
      if (!viewId && !externalId) return err('invalid_arguments');
      let stored: StoredView | undefined;
      if (viewId) stored = views.get(viewId);
      else stored = [...views.values()].find((v) => v.external_id === externalId);
      if (!stored) {
        if (opts.strictViews || !viewId) return err('not_found');
        // adopt a view id the test fabricated; whatever hash the app sends is taken as current
        stored = { id: viewId, hash: str(args.hash) || nextHash(), view, origin: 'adopted' };
        views.set(viewId, stored);
      }
      const hash = str(args.hash);
      if (hash !== undefined && hash !== '' && hash !== stored.hash) return err('hash_conflict');
      stored.view = view;
      stored.hash = nextHash();
      return viewResponse(stored);
    },
    'views.publish': (args) => {
      const userId = str(args.user_id);
      if (!userId) return err('invalid_arguments');
      const view = requireView(args);
      if (typeof view === 'string') return err(view);
      let stored = [...views.values()].find((v) => v.origin === 'publish' && v.user_id === userId);
      const hash = str(args.hash);
      if (stored && hash !== undefined && hash !== '' && hash !== stored.hash) return err('hash_conflict');
      if (!stored) {
        stored = { id: nextViewId(), hash: '', view, origin: 'publish', user_id: userId };
        views.set(stored.id, stored);
      }
      stored.view = view;
      stored.hash = nextHash();
      return viewResponse(stored, { type: 'home' });
    },
    'pins.add': (args) => {
      if (!str(args.channel)) return err('channel_not_found');
      if (!str(args.timestamp)) return err('no_item_specified');
      return { ok: true };
    },
    'conversations.info': (args) => {
      const id = str(args.channel) ?? '';
      const info = channels.get(id);
      if (!info) return err('channel_not_found');
      return {
        ok: true,
        channel: {
          id,
          name: info.name ?? id.toLowerCase(),
          is_channel: !info.is_im,
          is_group: false,
          is_im: info.is_im ?? false,
          is_private: info.is_private ?? false,
          is_archived: false,
          is_member: true,
          is_shared: info.is_shared ?? false,
          is_ext_shared: info.is_ext_shared ?? false,
          is_org_shared: false,
          context_team_id: teamId,
          ...info,
        },
      };
    },
    'users.info': (args) => {
      const id = str(args.user) ?? '';
      const info = users.get(id) ?? DEFAULT_USER;
      const { locale, ...rest } = info;
      const user: Args = {
        id,
        team_id: teamId,
        name: info.name ?? id.toLowerCase(),
        real_name: info.real_name ?? id,
        deleted: false,
        is_bot: false,
        tz: info.tz ?? 'Europe/Oslo',
        ...rest,
        profile: { real_name: info.real_name ?? id, display_name: info.name ?? id.toLowerCase(), team: info.team_id ?? teamId },
      };
      if (isTrue(args.include_locale) && locale !== undefined) user.locale = locale;
      return { ok: true, user };
    },
    'usergroups.users.list': (args) => {
      const id = str(args.usergroup) ?? '';
      const list = usergroups.get(id);
      if (!list) return err('no_such_subteam');
      return { ok: true, users: [...list] };
    },
    // Socket Mode: only an app-level token may open a connection (the client sends it as Bearer).
    'apps.connections.open': (_args, call) => {
      if (!call.token) return err('not_authed');
      if (!call.token.startsWith('xapp-')) return err('not_allowed_token_type');
      if (!socketModeUrl) return err('invalid_auth');
      return { ok: true, url: socketModeUrl() };
    },
    response_url: () => ({ ok: true }),
    // files.uploadV2, step 1: a URL on this fake to POST the bytes to.
    'files.getUploadURLExternal': (args) => {
      const filename = str(args.filename);
      if (!filename || !str(args.length)) return err('invalid_arguments');
      fileCounter += 1;
      const id = `F${String(fileCounter).padStart(6, '0')}`;
      files.set(id, { id, filename, bytes: Buffer.alloc(0) });
      return { ok: true, file_id: id, upload_url: `${origin()}/upload/${id}` };
    },
    // Step 3: the uploaded files are shared in the channel (with one message carrying the comment).
    'files.completeUploadExternal': (args) => {
      let list: unknown = args.files;
      if (typeof list === 'string') list = JSON.parse(list);
      if (!Array.isArray(list) || list.length === 0) return err('invalid_arguments');
      const channel = str(args.channel_id);
      const done: Args[] = [];
      for (const item of list as { id?: string; title?: string }[]) {
        const f = item.id ? files.get(item.id) : undefined;
        if (!f || f.bytes.length === 0) return err('file_not_found');
        f.title = item.title;
        if (channel) f.channel = channel;
        const comment = str(args.initial_comment);
        if (comment !== undefined) f.initialComment = comment;
        done.push({ id: f.id, name: f.filename, title: f.title ?? f.filename, size: f.bytes.length });
      }
      for (const d of done) notifyFile(files.get(String(d.id))!);
      return { ok: true, files: done };
    },
    // The file is gone from Slack: forgotten here; a second delete gets Slack's file_not_found.
    'files.delete': (args) => {
      const id = str(args.file);
      if (!id || !files.has(id)) return err('file_not_found');
      files.delete(id);
      return { ok: true };
    },
    // A direct message with a user: D + the user's id.
    'conversations.open': (args) => {
      const users = str(args.users);
      if (!users) return err('users_not_found');
      return { ok: true, channel: { id: `D${users.split(',')[0]}` } };
    },
  };

  const handle = (method: string, args: Args, call: FakeSlackCall): Args => {
    const h = handlers.get(method) ?? opts.handlers?.[method] ?? builtins[method];
    return h ? h(args, call) : { ok: true };
  };

  const takeFault = (method: string): FakeSlackFault | undefined => {
    const queue = faults.get(method);
    const head = queue?.[0];
    if (!queue || !head) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) queue.shift();
    return head.fault;
  };

  /** The first call of `method` after its first `after` ones that satisfies `predicate`, recorded or yet to come. */
  const waitFrom = (method: string, after: number, predicate: ((args: Args) => boolean) | undefined, timeoutMs = 15_000): Promise<FakeSlackCall> => {
    const existing = calls.filter((c) => c.method === method).slice(after).find((c) => !predicate || predicate(c.args));
    if (existing) return Promise.resolve(existing);
    // Every call recorded from now on comes after the first `after`: a plain waiter suffices.
    return new Promise<FakeSlackCall>((resolve, reject) => {
      const waiter: Waiter = {
        method,
        predicate,
        resolve: (call) => {
          clearTimeout(timer);
          resolve(call);
        },
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        const recent = calls.slice(-15).map(summarize).join('\n') || '  (none)';
        reject(
          new Error(
            `fakeSlack.waitFor('${method}'${predicate ? ', <predicate>' : ''}) timed out after ${timeoutMs}ms. ` +
              `${calls.length} call(s) recorded; most recent:\n${recent}`,
          ),
        );
      }, timeoutMs);
      waiters.add(waiter);
    });
  };

  const record = (call: FakeSlackCall): void => {
    calls.push(call);
    for (const w of [...waiters]) {
      if (w.method === call.method && (!w.predicate || w.predicate(call.args))) {
        waiters.delete(w);
        w.resolve(call);
      }
    }
  };

  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(body);
  };

  const fileWaiters = new Set<(f: UploadedFile) => void>();
  const notifyFile = (f: UploadedFile) => {
    for (const w of [...fileWaiters]) w(f);
  };
  let origin = () => '';

  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const raw = body.toString('utf8');
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      // files.uploadV2, step 2: the file's bytes, as the client sends them.
      const upload = /^\/upload\/(F\d+)$/.exec(path);
      if (upload) {
        const f = files.get(upload[1]!);
        if (!f) return send(res, 404, JSON.stringify({ ok: false, error: 'file_not_found' }));
        // The client sends multipart/form-data (one file part); a raw body is taken as it is.
        const ct = String(req.headers['content-type'] ?? '');
        if (ct.startsWith('multipart/form-data')) {
          const form = await new Response(new Uint8Array(body), { headers: { 'content-type': ct } }).formData();
          const part = [...form.values()].find((v) => typeof v !== 'string');
          f.bytes = part && typeof part !== 'string' ? Buffer.from(await part.arrayBuffer()) : Buffer.alloc(0);
        } else f.bytes = body;
        return send(res, 200, 'OK - uploaded');
      }
      let method: string;
      if (path.startsWith('/api/')) method = decodeURIComponent(path.slice('/api/'.length));
      else if (path.startsWith('/hooks/response/')) method = 'response_url';
      else {
        send(res, 404, JSON.stringify({ ok: false, error: 'unknown_path' }));
        return;
      }
      const contentType = String(req.headers['content-type'] ?? '');
      let args: Args;
      try {
        args = parseBody(raw, contentType);
      } catch {
        send(res, 200, JSON.stringify({ ok: false, error: 'invalid_json' }));
        return;
      }
      const auth = String(req.headers.authorization ?? '');
      const bearer = /^Bearer\s+(.+)$/i.exec(auth)?.[1];
      const token = bearer ?? str(args.token);
      const call: FakeSlackCall = { method, args, token, path, contentType, response: {}, at: Date.now() };
      const limited = opts.rateLimiter?.check(method, args);
      if (limited) {
        call.failed = true;
        call.rateLimited = limited;
        call.response = { ok: false, error: 'ratelimited' };
        record(call);
        send(res, 429, JSON.stringify(call.response), { 'retry-after': String(limited.retryAfterS) });
        return;
      }
      const fault = takeFault(method);
      if (fault) call.fault = fault;

      if (fault && 'afterHandling' in fault) {
        call.failed = true;
        call.response = handle(method, args, call);
        record(call);
        send(res, fault.status, JSON.stringify({ ok: false, error: 'fatal_error' }));
        return;
      }
      if (fault && 'status' in fault) {
        call.failed = true;
        if (fault.status === 429) {
          const retryAfter = 'retryAfter' in fault && fault.retryAfter !== undefined ? fault.retryAfter : 1;
          call.response = { ok: false, error: 'ratelimited' };
          record(call);
          send(res, 429, JSON.stringify(call.response), { 'retry-after': String(retryAfter) });
          return;
        }
        const body = 'body' in fault && fault.body !== undefined ? fault.body : JSON.stringify({ ok: false, error: 'fatal_error' });
        call.response = { ok: false, error: 'fatal_error', status: fault.status };
        record(call);
        send(res, fault.status, body);
        return;
      }
      if (fault && 'error' in fault) {
        call.failed = true;
        call.response = { ok: false, error: fault.error, ...(fault.extra ?? {}) };
        record(call);
        send(res, 200, JSON.stringify(call.response));
        return;
      }
      try {
        call.response = handle(method, args, call);
      } catch (e) {
        call.response = { ok: false, error: 'fake_handler_threw', detail: String(e) };
      }
      record(call);
      if (fault && 'delayMs' in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
      send(res, 200, JSON.stringify(call.response));
    })().catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, JSON.stringify({ ok: false, error: 'fake_crashed', detail: String(e) }));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  origin = () => base;

  const fake: FakeSlack = {
    url: `${base}/api/`,
    origin: base,
    calls,
    messages,
    views,
    files,
    waitForFile(pred, timeoutMs = 10_000) {
      const done = [...files.values()].find((f) => f.channel && pred(f));
      if (done) return Promise.resolve(done);
      return new Promise<UploadedFile>((resolve, reject) => {
        const w = (f: UploadedFile) => {
          if (!pred(f)) return;
          clearTimeout(timer);
          fileWaiters.delete(w);
          resolve(f);
        };
        const timer = setTimeout(() => {
          fileWaiters.delete(w);
          reject(new Error(`fakeSlack.waitForFile timed out after ${timeoutMs}ms; files: ${[...files.values()].map((f) => `${f.filename}→${f.channel ?? '-'}`).join(', ') || '(none)'}`));
        }, timeoutMs);
        fileWaiters.add(w);
      });
    },
    setChannel: (id, info) => void channels.set(id, info),
    setUser: (id, info) => void users.set(id, info),
    setUsergroup: (id, list) => void usergroups.set(id, list),
    setHandler: (method, handler) => void handlers.set(method, handler),
    setSocketModeUrl: (url) => void (socketModeUrl = url),
    callsOf: (method) => calls.filter((c) => c.method === method),
    waitFor: (method, predicate, timeoutMs) => waitFrom(method, 0, predicate, timeoutMs),
    waitForNew: (method, after, predicate, timeoutMs) => waitFrom(method, after, predicate, timeoutMs),
    failNext(method, fault, times = 1) {
      const queue = faults.get(method) ?? [];
      queue.push({ fault, remaining: times });
      faults.set(method, queue);
    },
    responseUrl() {
      responseUrlCounter += 1;
      return `${base}/hooks/response/${responseUrlCounter}`;
    },
    message: (channel, ts) => messages.get(`${channel}/${ts}`),
    view: (id) => views.get(id),
    reset() {
      calls.length = 0;
      faults.clear();
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      });
    },
  };
  return fake;
}
