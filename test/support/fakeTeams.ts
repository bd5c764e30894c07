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
 *   (`POST|PUT /v3/conversations/{id}/activities[/{activityId}]`, targeted ones with
 *   `?isTargetedActivity=true`) are recorded and answered with an id; `POST /v3/conversations` opens a
 *   personal chat (the same id for the same member, as the Bot Connector does);
 * - OneDrive's upload sessions for the file consent card (`uploadUrl(name)`): `PUT` bytes there.
 *
 * Nothing here is a JWT library: node:crypto signs and exports the key as a JWK.
 */
import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

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
  /** Sent as a targeted message (shown only to `activity.recipient`). */
  targeted: boolean;
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

export interface TokenRequest {
  tenant: string;
  form: Record<string, string>;
}

export interface FakeTeamsOptions {
  /** The bot's credentials the token endpoint accepts. */
  appId: string;
  appPassword: string;
  tenantId: string;
}

export interface FakeTeams {
  url: string;
  /** TEAMS_OPENID_METADATA_URL */
  openIdMetadataUrl: string;
  /** TEAMS_LOGIN_URL */
  loginUrl: string;
  /** TEAMS_SERVICE_URL, and the `serviceUrl` of activities by default. */
  serviceUrl: string;
  /** Activities the app posted or updated, in arrival order. */
  connectorCalls: ConnectorCall[];
  tokenRequests: TokenRequest[];
  conversationsCreated: ConversationCreate[];
  uploads: Upload[];
  /** An upload session for a file named `name`, as Teams hands one over in a file consent's `uploadInfo`. */
  uploadUrl(name: string): string;
  /** `Bearer …` for this activity; `claims` override or (undefined) remove the standard ones. */
  sign(activity: object, o?: { claims?: Record<string, unknown>; key?: KeyObject; kid?: string }): string;
  /** Resolves with the first connector call (already made or still to come) that matches. */
  waitForConnectorCall(match: (c: ConnectorCall) => boolean, timeoutMs?: number): Promise<ConnectorCall>;
  close(): Promise<void>;
}

const base64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** A compact JWS, RS256. */
export function signJwt(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject): string {
  const input = `${base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', ...header }))}.${base64url(JSON.stringify(payload))}`;
  const signature = createSign('RSA-SHA256').update(input).sign(key);
  return `${input}.${base64url(signature)}`;
}

export function newSigningKey(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

export async function startFakeTeams(opts: FakeTeamsOptions): Promise<FakeTeams> {
  const { privateKey, publicKey } = newSigningKey();
  const kid = `key-${randomUUID()}`;
  const connectorCalls: ConnectorCall[] = [];
  const tokenRequests: TokenRequest[] = [];
  const conversationsCreated: ConversationCreate[] = [];
  const uploads: Upload[] = [];
  const waiters: { match: (c: ConnectorCall) => boolean; resolve: (c: ConnectorCall) => void }[] = [];
  let nextId = 1;
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
      const [path = '/', query = ''] = (req.url ?? '/').split('?');
      if (req.method === 'GET' && path === '/v1/.well-known/openidconfiguration') {
        return json(res, 200, { issuer: BOT_FRAMEWORK_ISSUER, jwks_uri: `${url}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'] });
      }
      if (req.method === 'GET' && path === '/v1/.well-known/keys') {
        return json(res, 200, { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256', endorsements: ['msteams'] }] });
      }
      const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path);
      if (req.method === 'POST' && token) {
        const form = Object.fromEntries(new URLSearchParams(text));
        tokenRequests.push({ tenant: decodeURIComponent(token[1]!), form });
        const ok = token[1] === opts.tenantId && form.grant_type === 'client_credentials' && form.client_id === opts.appId && form.client_secret === opts.appPassword;
        if (!ok) return json(res, 401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
        const now = Math.floor(Date.now() / 1000);
        const accessToken = signJwt({ kid }, { aud: 'https://api.botframework.com', iss: `${url}/${opts.tenantId}/`, appid: opts.appId, tid: opts.tenantId, iat: now, exp: now + 3600 }, privateKey);
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
      const activities = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
      if ((req.method === 'POST' || req.method === 'PUT') && activities) {
        let activity: Record<string, unknown>;
        try {
          activity = JSON.parse(text) as Record<string, unknown>;
        } catch {
          return json(res, 400, { error: { code: 'BadArgument', message: 'body is not JSON' } });
        }
        const activityId = activities[2] === undefined ? undefined : decodeURIComponent(activities[2]);
        const answeredId = req.method === 'PUT' && activityId ? activityId : `activity-${nextId++}`;
        const call: ConnectorCall = {
          method: req.method,
          conversationId: decodeURIComponent(activities[1]!),
          activityId,
          activity,
          token: req.headers.authorization?.replace(/^Bearer /, ''),
          answeredId,
          targeted: new URLSearchParams(query).get('isTargetedActivity') === 'true',
        };
        connectorCalls.push(call);
        for (const w of waiters.filter((w) => w.match(call))) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(call);
        }
        return json(res, 200, { id: answeredId });
      }
      json(res, 404, { error: { code: 'NotFound', message: `${req.method} ${path}` } });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const serviceUrl = `${url}/`;

  return {
    url,
    openIdMetadataUrl: `${url}/v1/.well-known/openidconfiguration`,
    loginUrl: url,
    serviceUrl,
    connectorCalls,
    tokenRequests,
    conversationsCreated,
    uploads,
    uploadUrl: (name) => `${url}/upload/${encodeURIComponent(name)}`,
    sign(activity, o = {}) {
      const now = Math.floor(Date.now() / 1000);
      const claims: Record<string, unknown> = {
        iss: BOT_FRAMEWORK_ISSUER,
        aud: opts.appId,
        serviceurl: typeof (activity as { serviceUrl?: unknown }).serviceUrl === 'string' ? (activity as { serviceUrl: string }).serviceUrl : serviceUrl,
        nbf: now - 5,
        iat: now - 5,
        exp: now + 3600,
        ...o.claims,
      };
      for (const k of Object.keys(claims)) if (claims[k] === undefined) delete claims[k];
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
    close: () => new Promise((r) => server.close(() => r())),
  };
}
