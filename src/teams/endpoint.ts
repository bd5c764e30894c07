import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App, HttpRouteHandler, IActivityEvent, IHttpServerAdapter } from '@microsoft/teams.apps';
import type { InvokeResponse } from '@microsoft/teams.api';
import { z } from 'zod';
import type { TeamsSettings } from '../config.js';
import type { Health } from '../health.js';
import type { Logger } from '../logger.js';
import { botTokenProvider, BotTokenError } from './botToken.js';
import { teamsSdkLogger } from './sdkLogger.js';

export const TEAMS_MESSAGES_PATH = '/api/messages';

/**
 * Largest activity read before its token is checked. Teams caps a message at about 100 KB (base64
 * images aside, which this app never receives inbound); an invoke carries a card's inputs. 1 MiB
 * leaves room and refuses the rest with 413.
 */
export const TEAMS_BODY_LIMIT = 1024 * 1024;

/** What the SDK and our routes read of every activity; anything else signed is the sender's mistake: 400. */
const activityShape = z.object({
  type: z.string().min(1),
  serviceUrl: z.string().min(1),
  channelId: z.string(),
  conversation: z.object({ id: z.string().min(1) }),
  from: z.object({ id: z.string() }),
  recipient: z.object({ id: z.string() }),
  name: z.string().optional(),
  text: z.string().optional(),
});

export interface TeamsEndpoint {
  /** The SDK's app: sends (`sdk.send`, `sdk.api`) go through it with the token fetched by `botToken.ts`. */
  sdk: App;
  /** POST /api/messages on the app's one HTTP server. */
  handle(req: IncomingMessage, res: ServerResponse): void;
}

/**
 * The Teams SDK hosted on our own HTTP server. The SDK's `HttpServer` does the Bot Framework checks
 * (its `ServiceTokenValidator`: RS256 signature by a key from the OpenID metadata's `/keys`, issuer
 * https://api.botframework.com, audience our app id, expiry with 5 minutes' tolerance, and the
 * `serviceurl` claim against the activity's `serviceUrl`); it registers its route through the
 * `httpServerAdapter` we hand it, which only keeps the handler, so the SDK opens no port of its own.
 * Around it: a body that cannot be checked (not JSON, no `serviceUrl`) is refused 401 before the SDK
 * sees it; a verified activity that is malformed, or whose handling throws, is answered 400, never 5xx.
 */
export async function createTeamsEndpoint(o: {
  teams: TeamsSettings;
  health: Health;
  logger: Logger;
  /** Registers the app's handlers on the SDK's app, before it is initialised (teams/app.ts). */
  register?: (sdk: App) => void;
  /**
   * How long the SDK's calls (Bot Connector, Graph) wait for an answer (default 20 s). The SDK's own
   * client waits forever; a post that timed out is retried by the outbox, which first looks for it.
   */
  timeoutMs?: number;
}): Promise<TeamsEndpoint> {
  const { teams, health, logger } = o;
  const log = logger.child({ component: 'teams' });
  health.teams = { state: 'connecting' };
  const token = botTokenProvider(teams, (error) => {
    if (!error) health.teams = { state: 'connected' };
    else if (error instanceof BotTokenError && (error.status === 400 || error.status === 401)) {
      health.teams = { state: 'rejected', variable: 'TEAMS_APP_PASSWORD', loginAnswered: error.message };
    } else health.teams = { state: 'connecting', lastError: error.message };
  });

  let route: HttpRouteHandler | undefined;
  const adapter: IHttpServerAdapter = {
    registerRoute: (_method, path, handler) => {
      if (path === TEAMS_MESSAGES_PATH) route = handler;
    },
  };
  // Imported here, not at the top: in the production bundle a static import of these externals would
  // load the SDK (about 12 MB of heap) at every start, Teams configured or not (npm run bench, idle RSS).
  const [{ App }, { PUBLIC, withOverrides }] = await Promise.all([import('@microsoft/teams.apps'), import('@microsoft/teams.api')]);
  const sdk = new App({
    clientId: teams.appId,
    // Empty, not undefined: the SDK would read CLIENT_SECRET from the environment and use MSAL instead of `token`.
    clientSecret: '',
    tenantId: teams.tenantId,
    token,
    httpServerAdapter: adapter,
    client: { timeout: o.timeoutMs ?? 20_000 },
    messagingEndpoint: TEAMS_MESSAGES_PATH,
    serviceUrl: teams.serviceUrl,
    cloud: withOverrides(PUBLIC, {
      openIdMetadataUrl: teams.openIdMetadataUrl,
      loginEndpoint: teams.loginUrl,
      graphScope: `${teams.graphUrl}/.default`,
    }),
    logger: teamsSdkLogger(logger),
    // Explicit: the SDK would otherwise read DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS from the environment.
    dangerouslyAllowUnauthenticatedRequests: false,
  });
  const processActivity = sdk.server.onRequest;
  if (!processActivity) throw new Error('the Teams SDK set no activity handler');
  sdk.server.onRequest = async (event: IActivityEvent): Promise<InvokeResponse> => {
    const shape = activityShape.safeParse(event.body);
    if (!shape.success) {
      log.info({ fields: shape.error.issues.map((i) => i.path.join('.')) }, 'verified Teams activity without the fields every activity has refused');
      return { status: 400 };
    }
    const response = await processActivity(event).catch(() => ({ status: 500 }) as InvokeResponse);
    if (response.status >= 500) {
      log.warn({ activityType: shape.data.type, invoke: shape.data.name }, 'verified Teams activity whose handling failed answered 400');
      return { status: 400 };
    }
    return response;
  };
  o.register?.(sdk);
  await sdk.initialize();
  // The first token now, as Slack's auth.test at start-up: /healthz then says whether the credentials work.
  await token(sdk.cloud.botScope).catch((err: unknown) => {
    const state = health.teams;
    if (state?.state === 'rejected') log.error({ loginAnswered: state.loginAnswered }, 'Teams: the login endpoint refused TEAMS_APP_ID / TEAMS_APP_PASSWORD for TEAMS_TENANT_ID');
    else log.warn({ err }, 'Teams: the login endpoint is unreachable; the token is fetched again on the next send');
  });
  if (!route) throw new Error(`the Teams SDK registered no route for ${TEAMS_MESSAGES_PATH}`);
  const sdkRoute = route;

  const refused = (res: ServerResponse) => {
    health.teamsRequests.badToken += 1;
    const n = health.teamsRequests.badToken;
    if (n === 1 || n % 100 === 0) {
      const hint = health.teamsRequests.verified === 0 ? ': if this came from Teams, TEAMS_APP_ID or TEAMS_OPENID_METADATA_URL is wrong' : '';
      log.warn({ badToken: n }, `Teams activity refused: token check failed${hint}`);
    }
    answer(res, 401);
  };

  return {
    sdk,
    handle(req, res) {
      readBody(req, TEAMS_BODY_LIMIT).then(
        async (text) => {
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            return refused(res);
          }
          // The `serviceurl` claim is checked against the activity's `serviceUrl`; without one there is nothing to check it against.
          const serviceUrl = typeof body === 'object' && body !== null ? (body as { serviceUrl?: unknown }).serviceUrl : undefined;
          if (typeof serviceUrl !== 'string' || serviceUrl === '') return refused(res);
          const response = await sdkRoute({ body, headers: req.headers as Record<string, string | string[]> }).catch(() => ({ status: 400, body: undefined }));
          if (response.status === 401) return refused(res);
          health.teamsRequests.verified += 1;
          answer(res, response.status >= 500 ? 400 : response.status, response.body);
        },
        (err: unknown) => answer(res, err instanceof BodyTooLarge ? 413 : 400),
      );
    },
  };
}

function answer(res: ServerResponse, status: number, body?: unknown): void {
  if (res.headersSent) return;
  if (body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
    });
    req.on('end', () => (size > limit ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks).toString())));
    req.on('error', reject);
  });
}
