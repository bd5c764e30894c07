import type { IncomingMessage, ServerResponse } from 'node:http';
import { BOT, CHANNELS, HOST_TEAM, dmOf, dmUser, personaOf, userById, USERS } from './cast.js';
import { messageProblems, viewProblems } from './limits.js';
import type { Json, View, Workspace } from './workspace.js';

/**
 * The sandbox's own Slack Web API: the methods this app calls, with Slack's rules (a token, a
 * trigger that works once within 3 s, views updated by id and hash, Block Kit limits).
 * The app's WebClient reaches it through SLACK_API_URL, as it would reach Slack.
 */
type Result = Json & { ok: boolean };
type Method = (args: Json) => Result;

/** Form fields the WebClient JSON-encodes. */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'metadata']);

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (error: string, extra: Json = {}): Result => ({ ok: false, error, ...extra });
const truthy = (v: unknown) => v === true || v === 'true' || v === '1' || v === 1;

export function parseApiBody(raw: string, contentType: string): Json {
  if (contentType.includes('application/json')) {
    const parsed: unknown = raw.trim() ? JSON.parse(raw) : {};
    return isObj(parsed) ? parsed : {};
  }
  const out: Json = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    if (JSON_FIELDS.has(k)) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        // Slack takes the raw string, and so does the check below.
      }
    }
    out[k] = v;
  }
  return out;
}

/** A body past its cap: answered 413 without reading the rest. */
export class BodyTooLarge extends Error {}

/** Reads a request's body, never more than `max` bytes: past that (declared or sent) it throws BodyTooLarge. */
export async function readCapped(req: IncomingMessage, max: number): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > max) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > max) throw new BodyTooLarge();
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

export const bearerOf = (req: IncomingMessage): string | undefined => /^Bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];

/** The largest Web API call the app makes is a view or a message with its blocks: well under this. */
export const MAX_API_BODY_BYTES = 2 * 1024 * 1024;

/** The most the sandbox takes in one upload (its files are held in memory). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

const MIME: Record<string, string> = { png: 'image/png', csv: 'text/csv', txt: 'text/plain', json: 'application/json', pdf: 'application/pdf' };
export const mimeOf = (name: string): string => MIME[name.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';

export interface WebApiOptions {
  token: string;
  /** Where permalinks point: the sandbox page. */
  pageUrl: () => string;
}

export function createWebApi(ws: Workspace, opts: WebApiOptions) {
  // The channels, and the app's direct messages with each person in the workspace.
  const channelIds = new Set([...CHANNELS.map((c) => c.id), ...Object.values(USERS).map((u) => dmOf(u.id))]);

  const viewPayload = (v: View): Json => ({
    ...v.view,
    id: v.id,
    team_id: HOST_TEAM.id,
    type: v.type,
    hash: v.hash,
    callback_id: v.view.callback_id ?? '',
    private_metadata: v.view.private_metadata ?? '',
    external_id: v.view.external_id ?? '',
    state: { values: {} },
    app_id: BOT.appId,
    bot_id: BOT.botId,
    app_installed_team_id: HOST_TEAM.id,
    root_view_id: v.rootId,
    previous_view_id: v.previousId,
  });

  const newHash = () => `${Math.floor(Date.now() / 1000)}.${Math.random().toString(36).slice(2, 10)}`;

  const checkView = (view: unknown): Json | Result => {
    if (!isObj(view)) return fail('invalid_arguments', { response_metadata: { messages: ['view is required'] } });
    const problems = viewProblems(view);
    if (problems.length > 0) return fail('invalid_arguments', { response_metadata: { messages: problems } });
    return view;
  };

  const postable = (channel: string | undefined): Result | null => {
    if (!channel || !channelIds.has(channel)) return fail('channel_not_found');
    return null;
  };

  const methods: Record<string, Method> = {
    'api.test': (args) => ({ ok: true, args }),
    'auth.test': () => ({
      ok: true,
      // Permalinks are built from this (src/slack/permalink.ts): they lead back to this page.
      url: `${opts.pageUrl()}/`,
      team: HOST_TEAM.name,
      user: BOT.name,
      team_id: HOST_TEAM.id,
      user_id: BOT.userId,
      bot_id: BOT.botId,
      is_enterprise_install: false,
    }),
    'chat.postMessage': (args) => {
      const channel = str(args.channel);
      const bad = postable(channel);
      if (bad) return bad;
      if (args.text === undefined && args.blocks === undefined) return fail('no_text');
      const problems = messageProblems(args);
      if (problems) return fail(problems.error, { response_metadata: { messages: problems.problems } });
      const threadTs = str(args.thread_ts);
      if (threadTs && !ws.message(channel!, threadTs)) return fail('thread_not_found');
      const ts = ws.nextTs();
      const message = {
        channel: channel!,
        ts,
        user: BOT.userId,
        botId: BOT.botId,
        text: str(args.text) ?? '',
        ...(Array.isArray(args.blocks) ? { blocks: args.blocks } : {}),
        ...(threadTs ? { threadTs } : {}),
        ...(args.metadata !== undefined ? { metadata: args.metadata } : {}),
      };
      ws.putMessage(message);
      return { ok: true, channel, ts, message: { type: 'message', user: BOT.userId, bot_id: BOT.botId, ts, text: message.text, blocks: message.blocks } };
    },
    'chat.update': (args) => {
      const channel = str(args.channel);
      const bad = postable(channel);
      if (bad) return bad;
      const stored = ws.message(channel!, str(args.ts) ?? '');
      if (!stored) return fail('message_not_found');
      if (stored.user !== BOT.userId) return fail('cant_update_message');
      const problems = messageProblems(args);
      if (problems) return fail(problems.error, { response_metadata: { messages: problems.problems } });
      if (args.text !== undefined) stored.text = str(args.text) ?? '';
      if (Array.isArray(args.blocks)) stored.blocks = args.blocks;
      if (args.metadata !== undefined) stored.metadata = args.metadata;
      stored.edited = true;
      return { ok: true, channel, ts: stored.ts, text: stored.text, message: { text: stored.text, blocks: stored.blocks } };
    },
    'chat.delete': (args) => {
      const channel = str(args.channel) ?? '';
      const stored = ws.message(channel, str(args.ts) ?? '');
      if (!stored) return fail('message_not_found');
      ws.messages.delete(`${channel}/${stored.ts}`);
      return { ok: true, channel, ts: stored.ts };
    },
    'chat.postEphemeral': (args) => {
      const channel = str(args.channel);
      const bad = postable(channel);
      if (bad) return bad;
      const user = str(args.user) ?? '';
      const persona = personaOf(user);
      const ch = CHANNELS.find((c) => c.id === channel);
      if (!persona || !ch?.members.includes(persona)) return fail('user_not_in_channel');
      if (args.text === undefined && args.blocks === undefined) return fail('no_text');
      const problems = messageProblems(args);
      if (problems) return fail(problems.error, { response_metadata: { messages: problems.problems } });
      const ts = ws.nextTs();
      ws.ephemerals.push({
        id: ws.nextId('E'),
        channel: channel!,
        user,
        text: str(args.text) ?? '',
        ...(Array.isArray(args.blocks) ? { blocks: args.blocks } : {}),
        ...(str(args.thread_ts) ? { threadTs: str(args.thread_ts) } : {}),
        ts,
      });
      return { ok: true, message_ts: ts };
    },
    'chat.getPermalink': (args) => {
      const channel = str(args.channel) ?? '';
      const ts = str(args.message_ts) ?? '';
      if (!ws.message(channel, ts)) return fail('message_not_found');
      return { ok: true, channel, permalink: `${opts.pageUrl()}#${channel}/${ts}` };
    },
    'conversations.history': (args) => {
      const channel = str(args.channel) ?? '';
      if (!channelIds.has(channel)) return fail('channel_not_found');
      const list = [...ws.messages.values()]
        .filter((m) => m.channel === channel && (!m.threadTs || m.threadTs === m.ts))
        .sort((a, b) => (a.ts < b.ts ? 1 : -1))
        .slice(0, Number(args.limit ?? 100) || 100)
        .map((m) => ({ type: 'message', ts: m.ts, user: m.user, text: m.text, ...(truthy(args.include_all_metadata) && m.metadata ? { metadata: m.metadata } : {}) }));
      return { ok: true, messages: list, has_more: false };
    },
    'conversations.replies': (args) => {
      const channel = str(args.channel) ?? '';
      const ts = str(args.ts) ?? '';
      if (!ws.message(channel, ts)) return fail('thread_not_found');
      const list = [...ws.messages.values()]
        .filter((m) => m.channel === channel && (m.ts === ts || m.threadTs === ts))
        .sort((a, b) => (a.ts < b.ts ? -1 : 1))
        .map((m) => ({ type: 'message', ts: m.ts, thread_ts: m.threadTs ?? m.ts, user: m.user, text: m.text, ...(truthy(args.include_all_metadata) && m.metadata ? { metadata: m.metadata } : {}) }));
      return { ok: true, messages: list, has_more: false };
    },
    'conversations.info': (args) => {
      const dm = dmUser(str(args.channel) ?? '');
      if (dm) return { ok: true, channel: { id: dmOf(dm.id), is_im: true, user: dm.id, is_open: true, context_team_id: HOST_TEAM.id } };
      const ch = CHANNELS.find((c) => c.id === str(args.channel));
      if (!ch) return fail('channel_not_found');
      return {
        ok: true,
        channel: {
          id: ch.id,
          name: ch.name,
          is_channel: !ch.isPrivate,
          is_group: ch.isPrivate,
          is_im: false,
          is_private: ch.isPrivate,
          is_archived: false,
          is_member: true,
          is_shared: ch.isExtShared,
          is_ext_shared: ch.isExtShared,
          is_org_shared: false,
          context_team_id: HOST_TEAM.id,
          topic: { value: ch.topic },
        },
      };
    },
    // A direct message between the app and one person (a group DM is not something this app opens).
    'conversations.open': (args) => {
      const users = (str(args.users) ?? '').split(',').filter(Boolean);
      if (users.length === 0) return fail('users_list_not_supplied');
      if (users.length > 1) return fail('not_supported', { response_metadata: { messages: ['the sandbox opens direct messages with one person'] } });
      if (!userById(users[0]!)) return fail('user_not_found');
      return { ok: true, channel: { id: dmOf(users[0]!) } };
    },
    // files.uploadV2, step 1: where to send the bytes (a URL on the sandbox page's server).
    'files.getUploadURLExternal': (args) => {
      const filename = str(args.filename);
      const length = Number(str(args.length));
      if (!filename) return fail('invalid_arguments', { response_metadata: { messages: ['filename is required'] } });
      if (!Number.isInteger(length) || length < 1) return fail('invalid_arguments', { response_metadata: { messages: ['length must be a positive integer'] } });
      // Slack's limit for one file is 1 GB; the sandbox holds files in memory, so it takes far less.
      if (length > MAX_UPLOAD_BYTES) return fail('file_too_large');
      const id = ws.nextId('F');
      ws.uploads.set(id, { id, name: filename, length, bytes: null });
      return { ok: true, file_id: id, upload_url: `${opts.pageUrl()}/sandbox/upload/${id}` };
    },
    // Step 3: the uploaded files are shared in a channel, in one message with the comment.
    'files.completeUploadExternal': (args) => {
      let list: unknown = args.files;
      if (typeof list === 'string') {
        try {
          list = JSON.parse(list);
        } catch {
          return fail('invalid_arguments', { response_metadata: { messages: ['files must be a JSON array'] } });
        }
      }
      if (!Array.isArray(list) || list.length === 0) return fail('invalid_arguments', { response_metadata: { messages: ['files is required'] } });
      const channel = str(args.channel_id);
      if (channel) {
        const bad = postable(channel);
        if (bad) return bad;
      }
      const threadTs = str(args.thread_ts);
      if (channel && threadTs && !ws.message(channel, threadTs)) return fail('thread_not_found');
      const done: { id: string; name: string; title: string; mimetype: string; size: number }[] = [];
      for (const item of list as unknown[]) {
        const id = isObj(item) ? str(item.id) : undefined;
        const u = id ? ws.uploads.get(id) : undefined;
        if (!u?.bytes) return fail('file_not_found');
        const title = (isObj(item) ? str(item.title) : undefined) ?? u.name;
        done.push({ id: u.id, name: u.name, title, mimetype: mimeOf(u.name), size: u.bytes.length });
      }
      if (channel) {
        const ts = ws.nextTs();
        ws.putMessage({ channel, ts, user: BOT.userId, botId: BOT.botId, text: str(args.initial_comment) ?? '', files: done, ...(threadTs ? { threadTs } : {}) });
      }
      return { ok: true, files: done.map((f) => ({ ...f, url_private: `${opts.pageUrl()}/sandbox/files/${f.id}` })) };
    },
    'users.info': (args) => {
      const u = userById(str(args.user) ?? '');
      if (!u) return fail('user_not_found');
      return {
        ok: true,
        user: {
          id: u.id,
          team_id: u.teamId,
          name: u.name,
          real_name: u.realName,
          deleted: false,
          is_bot: false,
          is_stranger: u.isStranger,
          tz: u.tz,
          profile: { real_name: u.realName, display_name: u.name, title: u.title, team: u.teamId },
          ...(truthy(args.include_locale) ? { locale: u.locale } : {}),
        },
      };
    },
    'usergroups.users.list': () => fail('no_such_subteam'),
    'pins.add': (args) => {
      const m = ws.message(str(args.channel) ?? '', str(args.timestamp) ?? '');
      if (!m) return fail('message_not_found');
      if (m.pinned) return fail('already_pinned');
      m.pinned = true;
      return { ok: true };
    },
    'pins.remove': (args) => {
      const m = ws.message(str(args.channel) ?? '', str(args.timestamp) ?? '');
      if (!m?.pinned) return fail('not_pinned');
      m.pinned = false;
      return { ok: true };
    },
    'views.open': (args) => {
      const trigger = ws.useTrigger(str(args.trigger_id) ?? '');
      if ('error' in trigger) return fail(trigger.error);
      const view = checkView(args.view);
      if ('ok' in view) return view as Result;
      // A new modal replaces whatever the user had open, as a new trigger does in Slack.
      for (const id of ws.stackOf(trigger.userId)) ws.views.delete(id);
      const id = ws.nextId('V');
      const stored: View = { id, hash: newHash(), userId: trigger.userId, type: 'modal', view, rootId: id, previousId: null, errors: {} };
      ws.views.set(id, stored);
      ws.stacks.set(trigger.userId, [id]);
      return { ok: true, view: viewPayload(stored) };
    },
    'views.push': (args) => {
      const trigger = ws.useTrigger(str(args.trigger_id) ?? '');
      if ('error' in trigger) return fail(trigger.error);
      const stack = ws.stackOf(trigger.userId);
      if (stack.length === 0) return fail('not_found');
      if (stack.length >= 3) return fail('push_limit_reached');
      const view = checkView(args.view);
      if ('ok' in view) return view as Result;
      const id = ws.nextId('V');
      const stored: View = { id, hash: newHash(), userId: trigger.userId, type: 'modal', view, rootId: stack[0]!, previousId: stack[stack.length - 1]!, errors: {} };
      ws.views.set(id, stored);
      stack.push(id);
      return { ok: true, view: viewPayload(stored) };
    },
    'views.update': (args) => {
      const viewId = str(args.view_id);
      const externalId = str(args.external_id);
      if (!viewId && !externalId) return fail('invalid_arguments');
      const stored = viewId ? ws.views.get(viewId) : [...ws.views.values()].find((v) => v.view.external_id === externalId);
      if (!stored) return fail('not_found');
      const hash = str(args.hash);
      if (hash && hash !== stored.hash) return fail('hash_conflict');
      const view = checkView(args.view);
      if ('ok' in view) return view as Result;
      if (view.type !== stored.type) return fail('invalid_arguments', { response_metadata: { messages: ['view.type cannot change'] } });
      stored.view = view;
      stored.hash = newHash();
      stored.errors = {};
      return { ok: true, view: viewPayload(stored) };
    },
    'views.publish': (args) => {
      const userId = str(args.user_id) ?? '';
      if (!userById(userId)) return fail('user_not_found');
      const view = checkView(args.view);
      if ('ok' in view) return view as Result;
      if (view.type !== 'home') return fail('invalid_arguments', { response_metadata: { messages: ['views.publish takes a home view'] } });
      let stored = ws.homeOf(userId);
      const hash = str(args.hash);
      if (stored && hash && hash !== stored.hash) return fail('hash_conflict');
      if (!stored) {
        const id = ws.nextId('V');
        stored = { id, hash: '', userId, type: 'home', view, rootId: id, previousId: null, errors: {} };
        ws.views.set(id, stored);
      }
      stored.view = view;
      stored.hash = newHash();
      return { ok: true, view: viewPayload(stored) };
    },
  };

  /** Handles `/api/<method>`; answers as Slack does (HTTP 200 with ok:false for refusals). */
  return async function handle(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    const send = (body: Result) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    // The token (in the header, as the WebClient sends it) before a byte of the body is read.
    const bearer = bearerOf(req);
    if (!bearer) return send(fail('not_authed'));
    if (bearer !== opts.token) return send(fail('invalid_auth'));
    const raw = (await readCapped(req, MAX_API_BODY_BYTES)).toString('utf8');
    let args: Json;
    try {
      args = parseApiBody(raw, String(req.headers['content-type'] ?? ''));
    } catch {
      return send(fail('invalid_json'));
    }
    const m = methods[method];
    const result = !m ? fail('unknown_method') : m(args);
    const quiet = method === 'auth.test' || method === 'users.info' || method === 'conversations.info';
    if (!quiet || !result.ok) {
      const messages = (result.response_metadata as { messages?: string[] } | undefined)?.messages;
      ws.note(method, result.ok, result.ok ? undefined : [String(result.error), ...(messages ?? [])].join(': '));
    }
    if (!quiet) ws.changed();
    send(result);
  };
}
