import { App, LogLevel, type Receiver } from '@slack/bolt';
import { boltLogger } from '../logger.js';
import { registerActions } from './listeners/actions/index.js';
import { registerCommands } from './listeners/commands/index.js';
import type { SlackDeps } from './deps.js';
import { registerEvents } from './listeners/events/index.js';
import { registerViews } from './listeners/views/index.js';
import { ListenerRouter } from './router.js';
import type { BotIdentity } from './connect.js';
import { slackFetch } from './transport.js';

/**
 * The Bolt app: our guarded receiver behind POST /slack/events (server.ts owns the HTTP server), or
 * Socket Mode when an app token is set. The bot's identity comes from the start-up check (auth.test),
 * so Bolt does not call auth.test again in its constructor, where a failure would be unhandled.
 */
export function createSlackApp(deps: SlackDeps, opts: { identity: BotIdentity; receiver?: Receiver }): App {
  const s = deps.config.slack;
  const common = {
    token: s.botToken,
    botId: opts.identity.botId,
    botUserId: opts.identity.botUserId,
    logger: boltLogger(deps.logger),
    logLevel: LogLevel.WARN,
    // No listener reads conversation context; skipping Bolt's store saves work on every request.
    convoStore: false as const,
    // Bolt's self-filter only drops events whose user is this bot (never member_joined_channel, which
    // botJoinedChannel needs); no listener here can receive such an event, so skip the middleware.
    ignoreSelf: false,
    clientOptions: {
      ...(s.apiUrl ? { slackApiUrl: s.apiUrl } : {}),
      fetch: slackFetch,
      // Listeners run inside Slack's 3 s window: fail fast rather than retry for minutes.
      retryConfig: { retries: 1, factor: 1, minTimeout: 100, maxTimeout: 200 },
      // The WebClient waits forever by default; a hung call would hold the listener (and its slot).
      timeout: 10_000,
    },
  };
  const app = s.appToken
    ? new App({ ...common, socketMode: true, appToken: s.appToken })
    : new App({ ...common, receiver: opts.receiver });

  const router = new ListenerRouter();
  registerActions(router, deps);
  registerViews(router, deps);
  router.install(app, deps.logger);
  registerCommands(app, deps);
  registerEvents(app, deps);

  app.error(async (err) => {
    // The err serializer keeps the SQL state and drops query parameters and echoed values.
    deps.logger.error({ err }, 'listener failed');
  });
  return app;
}
