/**
 * An in-process fake of Microsoft's side of Teams for tests, on one port of 127.0.0.1:
 *
 * - the Bot Framework's OpenID metadata and keys (`openIdMetadataUrl`, which the app reads with
 *   `/openidconfiguration` replaced by `/keys`), with an RSA key generated at start-up;
 * - `sign(activity)`: a Bearer token for an activity as the Bot Framework makes one (RS256, `kid`,
 *   `iss` https://api.botframework.com, `aud` the app id, `exp`, `serviceurl`), with `claims` to
 *   make it wrong in one way;
 * - Entra's token endpoint (`loginUrl`): `POST /{tenant}/oauth2/v2.0/token` with the client
 *   credentials form answers a token (a JWT, which the SDK decodes) or 401 for wrong credentials;
 * - the Bot Connector (`serviceUrl`): posts and updates of activities
 *   (`POST|PUT /v3/conversations/{id}/activities[/{activityId}]`) are recorded and answered with an id
 *   (numeric, as Teams' channel message ids are). A post to `{channel};messageid={root}` is a reply in
 *   that root's chain. `failNext` answers the next matching calls with an error (429 with
 *   Retry-After), `holdNext` keeps a call (the message is posted at once) but answers late;
 *   Targeted ones (`?isTargetedActivity=true`) are marked; `POST /v3/conversations` opens a personal
 *   chat (the same id for the same member, as the Bot Connector does);
 *   a conversation's roster (`GET /v3/conversations/{id}/members/{aadObjectId or 29: id}`, 404 for a
 *   stranger) from `members`;
 * - OneDrive's upload sessions for the file consent card (`uploadUrl(name)`): `PUT` bytes there;
 * - Microsoft Graph (`graphUrl`): `POST /v1.0/users/{id}/checkMemberGroups` answers which of the asked
 *   groups (in `groups`) the user is in; `graphMode` makes it fail (503) or slow (answers after
 *   `graphDelayMs`), as a real outage would (`graphCalls` records them). `GET
 *   /v1.0/teams/{team}/channels/{channel}/messages` and `…/messages/{id}/replies` list what the bot
 *   posted there, newest first, each card as a JSON string in `attachments[].content`, as Graph does
 *   (`graphReads` records the reads).
 *
 * Nothing here is a JWT library: node:crypto signs and exports the key as a JWK.
 */
import { randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BOT_FRAMEWORK_ISSUER, activityClaims, botAccessToken, keySet, newSigningKey, openIdConfiguration, signJwt } from '../../src/sandbox/botFramework.js';

export { BOT_FRAMEWORK_ISSUER, newSigningKey, signJwt };

export interface ConnectorCall {
  method: 'POST' | 'PUT';
  /** The conversation id, decoded (a reply chain's id carries `;messageid=`). */
  conversationId: string;
  /** Set for an update (PUT) or a reply to an activity (POST …/activities/{id}). */
  activityId?: string;
  /** The activity the app sent. */
  activity: Record<string, unknown>;
  /** The Bearer token the app sent. */
  token: string | undefined;
  /** The id the fake answered with. */
  answeredId: string;
  /** When the call arrived (Date.now()). */
  at: number;
  /** The app's side of the connection (test/support/appInstances.ts's ownerOfConnection finds the process). */
  clientPort: number;
  /** Sent as a targeted message (shown only to `activity.recipient`). */
  targeted: boolean;
  /** The Bot Connector URL the call went to: `serviceUrl`, or a region's (`regionUrl`). */
  serviceUrl: string;
}

/** A call the fake answered with an error instead (`failNext`): nothing was posted. */
export interface RefusedCall {
  method: string;
  conversationId: string;
  status: number;
  at: number;
}

/** A message in a channel as the fake keeps it: the latest version of its activity, and its replies. */
export interface FakeChannelMessage {
  id: string;
  activity: Record<string, unknown>;
  replies: FakeChannelMessage[];
}

/** A `POST /v3/conversations`: the app opened a conversation (a personal chat with `members[0]`). */
export interface ConversationCreate {
  params: Record<string, unknown>;
  answeredId: string;
}

/** Bytes the app PUT to an upload session (the file consent card's `uploadUrl`). */
export interface Upload {
  name: string;
  headers: Record<string, string | string[] | undefined>;
  bytes: Buffer;
}

export interface GraphCall {
  userId: string;
  groupIds: unknown;
  token: string | undefined;
}

export interface RosterMember {
  /** The Bot Framework id (29:…). */
  id: string;
  name: string;
  aadObjectId: string;
  email?: string;
}

export interface TokenRequest {
  tenant: string;
  form: Record<string, string>;
}

export interface FakeTeamsOptions {
  /** The bot's credentials the token endpoint accepts. */
  appId: string;
  appPassword: string;
  tenantId: string;
  /** Entra groups and their members' object ids, for checkMemberGroups. */
  groups?: Record<string, string[]>;
  /** Rosters by conversation id (a reply chain's `;messageid=` is dropped before the look-up). */
  members?: Record<string, RosterMember[]>;
}

export interface FakeTeams {
  url: string;
  /** TEAMS_OPENID_METADATA_URL */
  openIdMetadataUrl: string;
  /** TEAMS_LOGIN_URL */
  loginUrl: string;
  /** TEAMS_SERVICE_URL, and the `serviceUrl` of activities by default. */
  serviceUrl: string;
  /**
   * The same Bot Connector under a region's path (`{url}/{region}/`, as smba.trafficmanager.net/amer/
   * is beside /emea/): an activity may carry it as its serviceUrl; calls there record it.
   */
  regionUrl(region: string): string;
  /** Microsoft Graph's base URL (GRAPH_URL). */
  graphUrl: string;
  /** Activities the app posted or updated, in arrival order. */
  connectorCalls: ConnectorCall[];
  /** Calls answered with an error by `failNext`. */
  refusedCalls: RefusedCall[];
  /** Graph reads of channel messages, as paths. */
  graphReads: string[];
  /** The top-level messages of a channel (conversation id without `;messageid=`), oldest first. */
  channel(conversationId: string): FakeChannelMessage[];
  /** The next `times` calls that match are answered `status` (default 429) with `Retry-After: retryAfterSeconds`. */
  failNext(o: { match?: (c: { method: string; conversationId: string }) => boolean; status?: number; retryAfterSeconds?: number; times?: number }): void;
  /**
   * The next call that matches is taken (posted, recorded) at once but answered only after
   * `answerAfterMs`; `held` resolves when it arrived.
   */
  holdNext(o: { match?: (c: { method: string; conversationId: string }) => boolean; answerAfterMs: number }): { held: Promise<ConnectorCall> };
  tokenRequests: TokenRequest[];
  conversationsCreated: ConversationCreate[];
  uploads: Upload[];
  /** An upload session for a file named `name`, as Teams hands one over in a file consent's `uploadInfo`. */
  uploadUrl(name: string): string;
  /** checkMemberGroups calls, in arrival order. */
  graphCalls: GraphCall[];
  /** 'fail': checkMemberGroups answers 503; 'slow': it answers after graphDelayMs. */
  graphMode: 'ok' | 'fail' | 'slow';
  graphDelayMs: number;
  /** Roster look-ups (conversation id, member id) in arrival order. */
  rosterCalls: { conversationId: string; memberId: string }[];
  /** `Bearer …` for this activity; `claims` override or (undefined) remove the standard ones. */
  sign(activity: object, o?: { claims?: Record<string, unknown>; key?: KeyObject; kid?: string }): string;
  /** Resolves with the first connector call (already made or still to come) that matches. */
  waitForConnectorCall(match: (c: ConnectorCall) => boolean, timeoutMs?: number): Promise<ConnectorCall>;
  close(): Promise<void>;
}

export async function startFakeTeams(opts: FakeTeamsOptions): Promise<FakeTeams> {
  const { privateKey, publicKey } = newSigningKey();
  const kid = `key-${randomUUID()}`;
  const connectorCalls: ConnectorCall[] = [];
  const refusedCalls: RefusedCall[] = [];
  const graphReads: string[] = [];
  const channels = new Map<string, FakeChannelMessage[]>();
  type Match = (c: { method: string; conversationId: string }) => boolean;
  const failures: { match: Match; status: number; retryAfterSeconds?: number; times: number }[] = [];
  const holds: { match: Match; answerAfterMs: number; resolve: (c: ConnectorCall) => void }[] = [];
  const channelOf = (id: string) => {
    const list = channels.get(id) ?? [];
    channels.set(id, list);
    return list;
  };
  const tokenRequests: TokenRequest[] = [];
  const conversationsCreated: ConversationCreate[] = [];
  const uploads: Upload[] = [];
  const graphCalls: GraphCall[] = [];
  const rosterCalls: { conversationId: string; memberId: string }[] = [];
  const pending = new Set<NodeJS.Timeout>();
  const waiters: { match: (c: ConnectorCall) => boolean; resolve: (c: ConnectorCall) => void }[] = [];
  let nextId = 1_700_000_000_000;
  let url = '';

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const text = raw.toString();
      const [fullPath = '/', query = ''] = (req.url ?? '/').split('?');
      // A region's Bot Connector (`/{region}/v3/…`) is the same connector, recorded under its URL.
      const regional = /^\/([a-z]+)(\/v3\/.*)$/.exec(fullPath);
      const path = regional ? regional[2]! : fullPath;
      const calledUrl = regional ? `${url}/${regional[1]}/` : `${url}/`;
      if (req.method === 'GET' && path === '/v1/.well-known/openidconfiguration') {
        return json(res, 200, openIdConfiguration(`${url}/v1/.well-known/keys`));
      }
      if (req.method === 'GET' && path === '/v1/.well-known/keys') {
        return json(res, 200, keySet({ publicKey, kid }));
      }
      const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path);
      if (req.method === 'POST' && token) {
        const form = Object.fromEntries(new URLSearchParams(text));
        tokenRequests.push({ tenant: decodeURIComponent(token[1]!), form });
        const ok = token[1] === opts.tenantId && form.grant_type === 'client_credentials' && form.client_id === opts.appId && form.client_secret === opts.appPassword;
        if (!ok) return json(res, 401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
        const accessToken = botAccessToken({ privateKey, publicKey, kid }, { issuerBase: url, appId: opts.appId, tenantId: opts.tenantId });
        return json(res, 200, { token_type: 'Bearer', expires_in: 3600, access_token: accessToken });
      }
      const upload = /^\/upload\/([^/]+)$/.exec(path);
      if (req.method === 'PUT' && upload) {
        uploads.push({ name: decodeURIComponent(upload[1]!), headers: req.headers, bytes: raw });
        return json(res, 201, { id: `drive-item-${uploads.length}`, name: decodeURIComponent(upload[1]!), size: raw.length });
      }
      if (req.method === 'POST' && path === '/v3/conversations') {
        let params: Record<string, unknown>;
        try {
          params = JSON.parse(text) as Record<string, unknown>;
        } catch {
          return json(res, 400, { error: { code: 'BadArgument', message: 'body is not JSON' } });
        }
        const member = (params.members as { id?: string }[] | undefined)?.[0]?.id;
        if (!member) return json(res, 400, { error: { code: 'BadArgument', message: 'no members' } });
        const answeredId = `a:personal-${member}`;
        conversationsCreated.push({ params, answeredId });
        return json(res, 201, { id: answeredId, activityId: '', serviceUrl });
      }
      const check = /^\/v1\.0\/users\/([^/]+)\/checkMemberGroups$/.exec(path);
      if (req.method === 'POST' && check) {
        const userId = decodeURIComponent(check[1]!);
        let body: { groupIds?: unknown } = {};
        try {
          body = JSON.parse(text) as { groupIds?: unknown };
        } catch {
          return json(res, 400, { error: { code: 'BadRequest', message: 'body is not JSON' } });
        }
        graphCalls.push({ userId, groupIds: body.groupIds, token: req.headers.authorization?.replace(/^Bearer /, '') });
        if (fake.graphMode === 'fail') return json(res, 503, { error: { code: 'serviceNotAvailable', message: 'try later' } });
        const asked = Array.isArray(body.groupIds) ? body.groupIds.filter((g): g is string => typeof g === 'string') : [];
        const answer = () => json(res, 200, { value: asked.filter((g) => opts.groups?.[g]?.includes(userId)) });
        if (fake.graphMode === 'slow') {
          const timer = setTimeout(() => {
            pending.delete(timer);
            answer();
          }, fake.graphDelayMs);
          pending.add(timer);
          return;
        }
        return answer();
      }
      const member = /^\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/.exec(path);
      if (req.method === 'GET' && member) {
        const conversationId = decodeURIComponent(member[1]!).split(';')[0]!;
        const memberId = decodeURIComponent(member[2]!);
        rosterCalls.push({ conversationId, memberId });
        const found = opts.members?.[conversationId]?.find((m) => m.aadObjectId === memberId || m.id === memberId);
        if (!found) return json(res, 404, { error: { code: 'MemberNotFoundInConversation', message: 'The member is not in the conversation' } });
        return json(res, 200, { id: found.id, name: found.name, aadObjectId: found.aadObjectId, email: found.email ?? `${found.name.split(' ')[0]?.toLowerCase()}@brreg.test`, userPrincipalName: `${found.aadObjectId}@brreg.test`, tenantId: opts.tenantId });
      }
      const activities = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
      if ((req.method === 'POST' || req.method === 'PUT') && activities) {
        let activity: Record<string, unknown>;
        try {
          activity = JSON.parse(text) as Record<string, unknown>;
        } catch {
          return json(res, 400, { error: { code: 'BadArgument', message: 'body is not JSON' } });
        }
        const conversationId = decodeURIComponent(activities[1]!);
        const method = req.method;
        const failure = failures.find((f) => f.match({ method, conversationId }));
        if (failure) {
          if (--failure.times <= 0) failures.splice(failures.indexOf(failure), 1);
          refusedCalls.push({ method, conversationId, status: failure.status, at: Date.now() });
          res.writeHead(failure.status, { 'content-type': 'application/json', ...(failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {}) });
          return res.end(JSON.stringify({ error: { code: failure.status === 429 ? 'TooManyRequests' : 'Failed', message: 'refused by the test' } }));
        }
        const activityId = activities[2] === undefined ? undefined : decodeURIComponent(activities[2]);
        const [base, root] = conversationId.split(';messageid=') as [string, string | undefined];
        const top = channelOf(base);
        if (method === 'PUT') {
          const list = root ? (top.find((m) => m.id === root)?.replies ?? []) : top;
          const target = list.find((m) => m.id === activityId);
          if (!target) return json(res, 404, { error: { code: 'ActivityNotFoundInConversation', message: 'no such activity' } });
          target.activity = activity;
        } else if (root) {
          // A chain's root may be a person's message, which the fake never saw posted: it is kept as an empty root.
          let parent = top.find((m) => m.id === root);
          if (!parent) top.push((parent = { id: root, activity: {}, replies: [] }));
          parent.replies.push({ id: String(nextId), activity, replies: [] });
        } else {
          top.push({ id: String(nextId), activity, replies: [] });
        }
        const answeredId = method === 'PUT' && activityId ? activityId : String(nextId++);
        const call: ConnectorCall = { method, conversationId, activityId, activity, token: req.headers.authorization?.replace(/^Bearer /, ''), answeredId, at: Date.now(), clientPort: req.socket.remotePort ?? 0, targeted: new URLSearchParams(query).get('isTargetedActivity') === 'true', serviceUrl: calledUrl };
        connectorCalls.push(call);
        for (const w of waiters.filter((w) => w.match(call))) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(call);
        }
        const hold = holds.find((h) => h.match({ method, conversationId }));
        if (hold) {
          holds.splice(holds.indexOf(hold), 1);
          hold.resolve(call);
          const t = setTimeout(() => json(res, 200, { id: answeredId }), hold.answerAfterMs);
          res.on('close', () => clearTimeout(t));
          return;
        }
        return json(res, 200, { id: answeredId });
      }
      const graph = /^\/v1\.0\/teams\/([^/]+)\/channels\/([^/]+)\/messages(?:\/([^/]+)\/replies)?$/.exec(path);
      if (req.method === 'GET' && graph) {
        if (!/^Bearer .+/.test(req.headers.authorization ?? '')) return json(res, 401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } });
        graphReads.push(path);
        const top = channelOf(decodeURIComponent(graph[2]!));
        const list = graph[3] ? top.find((m) => m.id === decodeURIComponent(graph[3]!))?.replies : top;
        if (!list) return json(res, 404, { error: { code: 'NotFound', message: 'no such message' } });
        const asGraph = (m: FakeChannelMessage) => ({
          id: m.id,
          from: { application: { id: opts.appId, displayName: 'tt02-access' } },
          body: { contentType: 'html', content: typeof m.activity.text === 'string' ? m.activity.text : '<attachment></attachment>' },
          attachments: ((m.activity.attachments as { contentType?: string; content?: unknown }[] | undefined) ?? []).map((a, i) => ({
            id: `${m.id}-${i}`,
            contentType: a.contentType,
            content: JSON.stringify(a.content),
          })),
        });
        return json(res, 200, { value: [...list].reverse().slice(0, 50).map(asGraph) });
      }
      json(res, 404, { error: { code: 'NotFound', message: `${req.method} ${path}` } });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const serviceUrl = `${url}/`;

  const fake: FakeTeams = {
    url,
    openIdMetadataUrl: `${url}/v1/.well-known/openidconfiguration`,
    loginUrl: url,
    serviceUrl,
    regionUrl: (region) => `${url}/${region}/`,
    conversationsCreated,
    uploads,
    uploadUrl: (name) => `${url}/upload/${encodeURIComponent(name)}`,
    graphUrl: url,
    connectorCalls,
    refusedCalls,
    graphCalls,
    tokenRequests,
    graphMode: 'ok',
    graphDelayMs: 3000,
    rosterCalls,
    graphReads,
    channel: (id) => channels.get(id) ?? [],
    failNext(o) {
      failures.push({ match: o.match ?? (() => true), status: o.status ?? 429, retryAfterSeconds: o.retryAfterSeconds, times: o.times ?? 1 });
    },
    holdNext(o) {
      let resolve!: (c: ConnectorCall) => void;
      const held = new Promise<ConnectorCall>((r) => (resolve = r));
      holds.push({ match: o.match ?? (() => true), answerAfterMs: o.answerAfterMs, resolve });
      return { held };
    },
    sign(activity, o = {}) {
      const own = (activity as { serviceUrl?: unknown }).serviceUrl;
      const claims = activityClaims({ appId: opts.appId, serviceUrl: typeof own === 'string' ? own : serviceUrl, claims: o.claims });
      return `Bearer ${signJwt({ kid: o.kid ?? kid }, claims, o.key ?? privateKey)}`;
    },
    waitForConnectorCall(match, timeoutMs = 10_000) {
      const done = connectorCalls.find(match);
      if (done) return Promise.resolve(done);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out waiting for a Bot Connector call')), timeoutMs);
        waiters.push({ match, resolve: (c) => (clearTimeout(timer), resolve(c)) });
      });
    },
    close: () => {
      for (const t of pending) clearTimeout(t);
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
  return fake;
}
