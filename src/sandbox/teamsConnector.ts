/**
 * The sandbox's Microsoft side of Teams, served under /teams/ on the sandbox's own 127.0.0.1 server:
 *
 * - the Bot Framework's OpenID metadata and keys (TEAMS_OPENID_METADATA_URL), with an RSA key made at
 *   start-up (botFramework.ts); every activity the page sends to the app is signed with it, as the Bot
 *   Framework signs, and the app checks it as in production;
 * - Entra's token endpoint (TEAMS_LOGIN_URL): client credentials made at start-up, answered with a JWT;
 * - the Bot Connector (the activities' serviceUrl): the app's posts, replies (`{channel};messageid={root}`)
 *   and updates (PUT: the message changes for everyone), and a conversation's roster;
 * - Microsoft Graph (GRAPH_URL): the channel's messages as the app reads them to post exactly once.
 *
 * Every call the app makes must carry a token this endpoint issued. What people do on the page comes in
 * through `act` and goes to the app's POST /api/messages as Teams would send it: a message, or an invoke
 * (adaptiveCard/action, task/fetch, task/submit, fileConsent/invoke) whose answer goes back to the clicker only.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { activityClaims, botAccessToken, keySet, newBotFrameworkKey, openIdConfiguration, signJwt } from './botFramework.js';
import type { PersonaKey } from './cast.js';
import { BRREG_TENANT, TEAMS_BOT, TEAMS_TEAM, TEAMS_TRIAGE, TEAMS_USERS, TEAMS_VENDOR_CHANNEL, personalChatOf, teamsPersonaOf, type TeamsConversation } from './teamsCast.js';
import { MAX_UPLOAD_BYTES, bearerOf, readCapped } from './webApi.js';

/** Teams refuses a message over about 28 KB of card; the connector takes up to this body, then refuses. */
const MAX_ACTIVITY_BYTES = 256 * 1024;
/** Teams' own limit on a bot message's payload. */
const MAX_MESSAGE_BYTES = 28 * 1024;
/** Teams gives an invoke about 5 s before it shows the person an error; the sandbox gives the same. */
const INVOKE_DEADLINE_MS = 5000;
/** What the store keeps of each conversation and each reply chain (oldest dropped first). */
const MAX_MESSAGES_PER_CONVERSATION = 500;
/** Accepted file consents waiting for (or holding) their bytes, in memory (oldest dropped first). */
const MAX_UPLOADS = 20;

export interface TeamsMessage {
  id: string;
  /** 'bot' or a persona. */
  from: 'bot' | PersonaKey;
  /** The activity as last posted or updated (type, text, attachments, entities…). */
  activity: Record<string, unknown>;
  at: number;
  edited?: boolean;
  replies: TeamsMessage[];
}

interface SavedStore {
  conversations: Record<string, TeamsMessage[]>;
  nextId: number;
}

export interface TeamsRefusal {
  at: number;
  what: string;
  detail?: string;
}

/** What the page sends (a boundary: parsed). */
const target = { as: z.enum(['vendor', 'staff', 'colleague']), conversation: z.string().max(300), messageId: z.string().max(40).optional(), rootId: z.string().max(40).optional() };
export const teamsActSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('message'), ...target, text: z.string().min(1).max(4000) }),
  z.object({ kind: z.literal('execute'), ...target, messageId: z.string().max(40), verb: z.string().max(100), data: z.unknown() }),
  z.object({ kind: z.literal('task_fetch'), ...target, data: z.record(z.string(), z.unknown()) }),
  z.object({ kind: z.literal('task_submit'), ...target, data: z.record(z.string(), z.unknown()) }),
  z.object({ kind: z.literal('file_consent'), ...target, messageId: z.string().max(40), action: z.enum(['accept', 'decline']), context: z.unknown() }),
  z.object({ kind: z.literal('install'), as: z.enum(['vendor', 'staff', 'colleague']) }),
]);
export type TeamsAct = z.infer<typeof teamsActSchema>;

/** What the clicker gets back: Teams shows it to them only. */
export type TeamsActAnswer =
  | { kind: 'none' }
  | { kind: 'toast'; text: string }
  | { kind: 'dialog'; title: string; card: unknown }
  | { kind: 'close' }
  | { kind: 'error'; text: string };

export interface TeamsConnectorOptions {
  /** The sandbox's own base URL (http://127.0.0.1:PORT). */
  baseUrl: () => string;
  /** The app's POST /api/messages. */
  messagesUrl: () => string;
  /** Saved here (JSON), beside the Slack workspace; none: in memory only. */
  file?: string;
  /** Called on every change the page should see. */
  changed: () => void;
  /** Conversations beyond Triage and the personal chats (the vendor's shared channel, once vendors are in Teams). */
  vendorChannel?: boolean;
  /** Whether staff triage in Teams (the channel Triage); false: in Slack, and Teams has no Triage. Default true. */
  triage?: boolean;
}

export function createTeamsConnector(o: TeamsConnectorOptions) {
  const key = newBotFrameworkKey();
  const appPassword = randomBytes(24).toString('base64url');
  const issued = new Set<string>();
  const store: SavedStore = { conversations: {}, nextId: 1_765_000_000_000 };
  /** Per clicker: an invoke's card answer replaces the card for them only, until the app updates it for everyone. */
  const overrides = new Map<string, unknown>();
  const refusals: TeamsRefusal[] = [];
  /** A file consent's upload (OneDrive's pre-authorised upload URL, here): the bytes the app PUTs, by id. */
  const uploads = new Map<string, { name: string; bytes?: Buffer; persona: PersonaKey }>();
  let saveTimer: NodeJS.Timeout | undefined;

  const base = () => `${o.baseUrl()}/teams`;
  const serviceUrl = () => `${base()}/connector/`;
  // Vera, of another tenant, has no chat with brreg's bot (she cannot install an app of brreg's tenant):
  // with vendors in Teams she meets it in the shared channel only.
  const conversations = (): TeamsConversation[] => [
    ...(o.triage === false ? [] : [TEAMS_TRIAGE]),
    ...(o.vendorChannel ? [TEAMS_VENDOR_CHANNEL] : []),
    ...((o.vendorChannel ? ['staff', 'colleague'] : ['vendor', 'staff', 'colleague']) as PersonaKey[]).map(personalChatOf),
  ];
  const conversationOf = (id: string) => conversations().find((c) => c.id === id.split(';')[0]);
  const listOf = (id: string) => (store.conversations[id] ??= []);

  const save = async () => {
    if (!o.file) return;
    const tmp = `${o.file}.tmp`;
    await writeFile(tmp, JSON.stringify(store), { mode: 0o600 });
    await rename(tmp, o.file);
  };
  const changed = () => {
    o.changed();
    if (o.file && !saveTimer) {
      saveTimer = setTimeout(() => {
        saveTimer = undefined;
        void save().catch((err: Error) => refuse('saving the Teams sandbox', err.message));
      }, 200);
    }
  };
  const refuse = (what: string, detail?: string) => {
    refusals.push({ at: Date.now(), what, ...(detail ? { detail } : {}) });
    if (refusals.length > 100) refusals.splice(0, refusals.length - 100);
    o.changed();
  };

  const find = (conversation: string, id: string, rootId?: string): TeamsMessage | undefined => {
    const top = listOf(conversation.split(';')[0]!);
    if (rootId) return top.find((m) => m.id === rootId)?.replies.find((m) => m.id === id);
    return top.find((m) => m.id === id) ?? top.flatMap((m) => m.replies).find((m) => m.id === id);
  };

  const add = (conversationId: string, from: TeamsMessage['from'], activity: Record<string, unknown>): TeamsMessage | { error: number; code: string } => {
    const [channel, root] = conversationId.split(';messageid=') as [string, string | undefined];
    const top = listOf(channel);
    const message: TeamsMessage = { id: String(store.nextId++), from, activity, at: Date.now(), replies: [] };
    if (root) {
      const parent = top.find((m) => m.id === root);
      if (!parent) return { error: 404, code: 'ConversationNotFound' };
      parent.replies.push(message);
      if (parent.replies.length > MAX_MESSAGES_PER_CONVERSATION) parent.replies.splice(0, parent.replies.length - MAX_MESSAGES_PER_CONVERSATION);
    } else {
      top.push(message);
      if (top.length > MAX_MESSAGES_PER_CONVERSATION) top.splice(0, top.length - MAX_MESSAGES_PER_CONVERSATION);
    }
    changed();
    return message;
  };

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };

  /** The app's calls carry a token from our token endpoint. */
  const authorised = (req: IncomingMessage) => {
    const t = bearerOf(req);
    return t !== undefined && issued.has(t);
  };

  /** Handles /teams/… (returns false for any other path). */
  async function route(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    if (!path.startsWith('/teams/')) return false;
    const p = path.slice('/teams'.length);
    if (req.method === 'GET' && p === '/openid/v1/.well-known/openidconfiguration') return json(res, 200, openIdConfiguration(`${base()}/openid/v1/.well-known/keys`)), true;
    if (req.method === 'GET' && p === '/openid/v1/.well-known/keys') return json(res, 200, keySet(key)), true;
    const token = /^\/login\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(p);
    if (req.method === 'POST' && token) {
      const form = Object.fromEntries(new URLSearchParams((await readCapped(req, 16 * 1024)).toString('utf8')));
      const ok = decodeURIComponent(token[1]!) === BRREG_TENANT.id && form.grant_type === 'client_credentials' && form.client_id === TEAMS_BOT.appId && form.client_secret === appPassword;
      if (!ok) return json(res, 401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' }), true;
      const accessToken = botAccessToken(key, { issuerBase: `${base()}/login`, appId: TEAMS_BOT.appId, tenantId: BRREG_TENANT.id });
      issued.add(accessToken);
      return json(res, 200, { token_type: 'Bearer', expires_in: 3600, access_token: accessToken }), true;
    }
    // A file consent's upload URL: pre-authorised by its unguessable id, as OneDrive's is.
    const upload = /^\/upload\/([a-f0-9]{32})$/.exec(p);
    if (upload && req.method === 'PUT') {
      const u = uploads.get(upload[1]!);
      if (!u) return json(res, 404, { error: { code: 'itemNotFound' } }), true;
      u.bytes = await readCapped(req, MAX_UPLOAD_BYTES);
      changed();
      return json(res, 201, { id: upload[1], name: u.name, size: u.bytes.length }), true;
    }
    const file = /^\/files\/([a-f0-9]{32})$/.exec(p);
    if (file && req.method === 'GET') {
      const u = uploads.get(file[1]!);
      if (!u?.bytes) return json(res, 404, { error: 'file_not_found' }), true;
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(u.name)}`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      });
      return res.end(u.bytes), true;
    }
    if (!authorised(req)) return json(res, 401, { error: { code: 'Unauthorized', message: 'Authorization has been denied for this request.' } }), true;

    const member = /^\/connector\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/.exec(p);
    if (req.method === 'GET' && member) {
      const c = conversationOf(decodeURIComponent(member[1]!));
      const persona = teamsPersonaOf(decodeURIComponent(member[2]!));
      if (!c || !persona || !c.members.includes(persona)) return json(res, 404, { error: { code: 'MemberNotFoundInConversation', message: 'The member is not in the conversation' } }), true;
      const u = TEAMS_USERS[persona];
      return json(res, 200, { id: u.id, name: u.name, aadObjectId: u.aadObjectId, email: `${u.name.split(' ')[0]!.toLowerCase()}@${u.external ? 'acme.example' : 'brreg.example'}`, userPrincipalName: `${u.aadObjectId}@sandbox`, tenantId: u.tenantId }), true;
    }
    const activities = /^\/connector\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(p);
    if ((req.method === 'POST' || req.method === 'PUT') && activities) {
      const raw = await readCapped(req, MAX_ACTIVITY_BYTES);
      let activity: Record<string, unknown>;
      try {
        activity = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      } catch {
        return json(res, 400, { error: { code: 'BadArgument', message: 'body is not JSON' } }), true;
      }
      const conversationId = decodeURIComponent(activities[1]!);
      if (!conversationOf(conversationId)) return json(res, 404, { error: { code: 'ConversationNotFound', message: 'no such conversation' } }), true;
      if (raw.length > MAX_MESSAGE_BYTES) {
        refuse(`${req.method} activity`, `${raw.length} bytes (Teams takes about ${MAX_MESSAGE_BYTES})`);
        return json(res, 413, { error: { code: 'MessageSizeTooBig', message: 'Message size too big' } }), true;
      }
      if (req.method === 'PUT') {
        const id = decodeURIComponent(activities[2] ?? '');
        const [, root] = conversationId.split(';messageid=');
        const m = find(conversationId, id, root && root !== id ? root : undefined);
        if (!m || m.from !== 'bot') return json(res, 404, { error: { code: 'ActivityNotFoundInConversation', message: 'no such activity' } }), true;
        m.activity = activity;
        m.edited = true;
        // An update is for everyone: what each clicker was shown in answer to an invoke gives way.
        for (const k of [...overrides.keys()]) if (k.endsWith(`|${id}`)) overrides.delete(k);
        changed();
        return json(res, 200, { id }), true;
      }
      const added = add(conversationId, 'bot', activity);
      if ('error' in added) return json(res, added.error, { error: { code: added.code, message: 'no such root message' } }), true;
      return json(res, 200, { id: added.id }), true;
    }
    const graph = /^\/graph\/v1\.0\/teams\/([^/]+)\/channels\/([^/]+)\/messages(?:\/([^/]+)\/replies)?$/.exec(p);
    if (req.method === 'GET' && graph) {
      const top = listOf(decodeURIComponent(graph[2]!));
      const list = graph[3] ? top.find((m) => m.id === decodeURIComponent(graph[3]!))?.replies : top;
      if (decodeURIComponent(graph[1]!) !== TEAMS_TEAM.id || !list) return json(res, 404, { error: { code: 'NotFound', message: 'no such message' } }), true;
      const asGraph = (m: TeamsMessage) => ({
        id: m.id,
        from: m.from === 'bot' ? { application: { id: TEAMS_BOT.appId, displayName: TEAMS_BOT.name } } : { user: { id: TEAMS_USERS[m.from].aadObjectId, displayName: TEAMS_USERS[m.from].name } },
        body: { contentType: 'html', content: typeof m.activity.text === 'string' ? m.activity.text : '<attachment></attachment>' },
        attachments: ((m.activity.attachments as { contentType?: string; content?: unknown }[] | undefined) ?? []).map((a, i) => ({ id: `${m.id}-${i}`, contentType: a.contentType, content: JSON.stringify(a.content) })),
      });
      return json(res, 200, { value: [...list].reverse().slice(0, 50).map(asGraph) }), true;
    }
    json(res, 404, { error: { code: 'NotFound', message: `${req.method} ${p}` } });
    return true;
  }

  /** An activity from a person, as Teams sends it to the bot. */
  function activityFrom(as: PersonaKey, conversation: string, extra: Record<string, unknown>): Record<string, unknown> {
    const u = TEAMS_USERS[as];
    const c = conversationOf(conversation);
    const channel = c?.kind === 'channel';
    return {
      id: randomUUID(),
      channelId: 'msteams',
      serviceUrl: serviceUrl(),
      timestamp: new Date().toISOString(),
      localTimestamp: new Date().toISOString(),
      locale: u.locale,
      from: { id: u.id, name: u.name, aadObjectId: u.aadObjectId },
      recipient: { id: TEAMS_BOT.id, name: TEAMS_BOT.name },
      conversation: { id: conversation, conversationType: channel ? 'channel' : 'personal', tenantId: u.tenantId, ...(channel ? { isGroup: true } : {}) },
      channelData: {
        tenant: { id: u.tenantId },
        ...(channel ? { team: { id: TEAMS_TEAM.threadId, name: TEAMS_TEAM.name, aadGroupId: TEAMS_TEAM.id }, channel: { id: c.id, name: c.name } } : {}),
      },
      ...extra,
    };
  }

  /** Signs and sends an activity to the app, as the Bot Framework does; the app's answer. */
  async function send(activity: Record<string, unknown>): Promise<{ status: number; body: unknown } | { error: string }> {
    const token = signJwt({ kid: key.kid }, activityClaims({ appId: TEAMS_BOT.appId, serviceUrl: serviceUrl() }), key.privateKey);
    try {
      const res = await fetch(o.messagesUrl(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(activity),
        signal: AbortSignal.timeout(INVOKE_DEADLINE_MS),
      });
      const text = await res.text();
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      return { status: res.status, body };
    } catch (err) {
      const what = (err as Error).name === 'TimeoutError' ? `no answer within ${INVOKE_DEADLINE_MS / 1000} s` : (err as Error).message;
      return { error: what };
    }
  }

  /** The conversation id of an invoke on a message: in a channel, the message's reply chain. */
  const chainOf = (conversation: string, messageId?: string, rootId?: string) => {
    const c = conversationOf(conversation);
    if (c?.kind !== 'channel') return c?.id ?? conversation;
    const root = rootId ?? messageId;
    return root ? `${c.id};messageid=${root}` : c.id;
  };

  const failed = (what: string, r: { status: number; body: unknown } | { error: string }): TeamsActAnswer => {
    const detail = 'error' in r ? r.error : `the app answered ${r.status}`;
    refuse(what, detail);
    // What Teams shows the person when the bot fails an invoke.
    return { kind: 'error', text: `Something went wrong. Please try again. (${detail})` };
  };

  async function act(a: TeamsAct): Promise<TeamsActAnswer> {
    if (a.kind === 'install') {
      const chat = personalChatOf(a.as);
      if (!conversationOf(chat.id)) return { kind: 'error', text: 'This person cannot install the app: it is not of their tenant.' };
      const r = await send(activityFrom(a.as, chat.id, { type: 'conversationUpdate', membersAdded: [{ id: TEAMS_BOT.id }] }));
      return 'error' in r || r.status >= 400 ? failed('install', r) : { kind: 'none' };
    }
    const c = conversationOf(a.conversation);
    if (!c || !c.members.includes(a.as)) return { kind: 'error', text: 'This person is not in that conversation.' };
    if (a.kind === 'message') {
      const conversation = a.rootId ? `${c.id};messageid=${a.rootId}` : c.id;
      // A mention of the bot, typed as @TT02-tilgang, is sent as Teams sends one: <at> in the text and an entity.
      const mention = `@${TEAMS_BOT.name}`;
      const mentions = a.text.includes(mention);
      const text = mentions ? a.text.replace(mention, `<at>${TEAMS_BOT.name}</at>`) : a.text;
      const activity = activityFrom(a.as, conversation, {
        type: 'message',
        text,
        textFormat: 'plain',
        ...(mentions ? { entities: [{ type: 'mention', text: `<at>${TEAMS_BOT.name}</at>`, mentioned: { id: TEAMS_BOT.id, name: TEAMS_BOT.name } }] } : {}),
      });
      const added = add(conversation, a.as, { type: 'message', text, ...(mentions ? { entities: activity.entities } : {}) });
      if ('error' in added) return { kind: 'error', text: 'That message is gone.' };
      const r = await send({ ...activity, id: added.id });
      return 'error' in r || r.status >= 400 ? failed('message', r) : { kind: 'none' };
    }
    const conversation = chainOf(c.id, a.messageId, a.rootId);
    const replyTo = a.messageId ? { replyToId: a.messageId } : {};
    if (a.kind === 'execute') {
      const r = await send(activityFrom(a.as, conversation, { type: 'invoke', name: 'adaptiveCard/action', ...replyTo, value: { action: { type: 'Action.Execute', verb: a.verb, data: a.data ?? {} }, trigger: 'manual' } }));
      if ('error' in r || r.status >= 400) return failed(`Action.Execute ${a.verb}`, r);
      const answer = r.body as { statusCode?: number; type?: string; value?: unknown } | undefined;
      if (answer?.type === 'application/vnd.microsoft.card.adaptive') {
        overrides.set(`${a.as}|${a.messageId}`, answer.value);
        o.changed();
        return { kind: 'none' };
      }
      if (answer?.type === 'application/vnd.microsoft.activity.message' && typeof answer.value === 'string') return { kind: 'toast', text: answer.value };
      if (answer?.type === 'application/vnd.microsoft.error') return { kind: 'error', text: String((answer.value as { message?: unknown } | undefined)?.message ?? 'Something went wrong.') };
      return { kind: 'none' };
    }
    if (a.kind === 'task_fetch' || a.kind === 'task_submit') {
      const name = a.kind === 'task_fetch' ? 'task/fetch' : 'task/submit';
      const r = await send(activityFrom(a.as, conversation, { type: 'invoke', name, ...replyTo, value: { data: a.data, context: { theme: 'default' } } }));
      if ('error' in r || r.status >= 400) return failed(name, r);
      const task = (r.body as { task?: { type?: string; value?: unknown } } | undefined)?.task;
      if (task?.type === 'continue') {
        const v = task.value as { title?: unknown; card?: { content?: unknown } } | undefined;
        return { kind: 'dialog', title: typeof v?.title === 'string' ? v.title : '', card: v?.card?.content ?? null };
      }
      if (task?.type === 'message' && typeof task.value === 'string') return { kind: 'toast', text: task.value };
      return a.kind === 'task_submit' ? { kind: 'close' } : { kind: 'error', text: 'The app answered no dialog.' };
    }
    // fileConsent/invoke: accepting hands the app an upload URL (OneDrive's, here the sandbox's).
    const id = randomBytes(16).toString('hex');
    const consent = find(c.id, a.messageId);
    // The consent card's attachment carries the file's name (the card itself its size and contexts).
    const attachment = ((consent?.activity.attachments as { name?: unknown }[] | undefined) ?? [])[0];
    const name = typeof attachment?.name === 'string' && attachment.name ? attachment.name : 'file';
    if (a.action === 'accept') {
      uploads.set(id, { name, persona: a.as });
      for (const old of [...uploads.keys()].slice(0, Math.max(0, uploads.size - MAX_UPLOADS))) uploads.delete(old);
    }
    const r = await send(
      activityFrom(a.as, c.id, {
        type: 'invoke',
        name: 'fileConsent/invoke',
        ...replyTo,
        value: {
          type: 'fileUpload',
          action: a.action,
          context: a.context,
          ...(a.action === 'accept' ? { uploadInfo: { contentUrl: `${base()}/files/${id}`, name, uploadUrl: `${base()}/upload/${id}`, fileType: name.split('.').pop() ?? '', uniqueId: id } } : {}),
        },
      }),
    );
    return 'error' in r || r.status >= 400 ? failed('fileConsent/invoke', r) : { kind: 'none' };
  }

  /** What one person sees: their conversations, each message with its replies, cards as answered to them. */
  function stateFor(as: PersonaKey) {
    const visible = conversations().filter((c) => c.members.includes(as));
    const view = (m: TeamsMessage): TeamsMessage & { override?: unknown } => {
      const override = overrides.get(`${as}|${m.id}`);
      return { ...m, ...(override !== undefined ? { override } : {}), replies: m.replies.map(view) };
    };
    return {
      me: { key: as, ...TEAMS_USERS[as] },
      personas: (Object.keys(TEAMS_USERS) as PersonaKey[]).map((k) => ({ key: k, name: TEAMS_USERS[k].name, title: TEAMS_USERS[k].title })),
      people: [...Object.values(TEAMS_USERS).map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name, external: u.external })), { id: TEAMS_BOT.id, aadObjectId: '', name: TEAMS_BOT.name, external: false, bot: true }],
      team: { name: TEAMS_TEAM.name },
      conversations: visible.map((c) => ({ ...c, messages: (store.conversations[c.id] ?? []).map(view) })),
      refusals: refusals.slice(-10),
    };
  }

  /**
   * The bot is added to a channel (Teams sends `conversationUpdate` with the bot in membersAdded), by a
   * person of the channel: what the app's entry card waits for once vendors file from Teams.
   */
  async function botAdded(conversationId: string, by: PersonaKey): Promise<void> {
    const r = await send(activityFrom(by, conversationId, { type: 'conversationUpdate', membersAdded: [{ id: TEAMS_BOT.id }], channelData: { tenant: { id: BRREG_TENANT.id }, team: { id: TEAMS_TEAM.threadId, name: TEAMS_TEAM.name, aadGroupId: TEAMS_TEAM.id }, eventType: 'teamMemberAdded' } }));
    if ('error' in r || r.status >= 400) failed('conversationUpdate (bot added)', r);
  }

  return {
    route,
    act,
    stateFor,
    botAdded,
    /** Whether the store has any message in a conversation (a fresh sandbox announces the bot once). */
    isEmpty: (conversationId: string) => (store.conversations[conversationId] ?? []).length === 0,
    /** The app's settings for this Teams (TEAMS_*, GRAPH_URL). */
    env(): Record<string, string> {
      return {
        TEAMS_APP_ID: TEAMS_BOT.appId,
        TEAMS_APP_PASSWORD: appPassword,
        TEAMS_TENANT_ID: BRREG_TENANT.id,
        TEAMS_TRIAGE_TEAM_ID: TEAMS_TEAM.id,
        TEAMS_SERVICE_URL: serviceUrl(),
        TEAMS_OPENID_METADATA_URL: `${base()}/openid/v1/.well-known/openidconfiguration`,
        TEAMS_LOGIN_URL: `${base()}/login`,
        GRAPH_URL: `${base()}/graph`,
        TEAMS_STAFF_AAD_IDS: TEAMS_USERS.staff.aadObjectId,
      };
    },
    async load(): Promise<void> {
      if (!o.file) return;
      const raw = await readFile(o.file, 'utf8').catch(() => null);
      if (raw === null) return;
      try {
        const saved = JSON.parse(raw) as SavedStore;
        if (saved && typeof saved.nextId === 'number' && typeof saved.conversations === 'object') Object.assign(store, saved);
      } catch {
        refuse('loading the Teams sandbox', 'the saved file is not JSON; starting empty');
      }
    },
    async flush(): Promise<void> {
      if (saveTimer) {
        clearTimeout(saveTimer);
        saveTimer = undefined;
        await save();
      }
    },
  };
}

export type TeamsConnector = ReturnType<typeof createTeamsConnector>;
