import { App, LogLevel, type CustomRoute } from '@slack/bolt';
import { boltLogger } from '../logger.js';
import { registerActions } from './listeners/actions/index.js';
import { registerCommands } from './listeners/commands/index.js';
import type { SlackDeps } from './deps.js';
import { registerEvents } from './listeners/events/index.js';
import { registerViews } from './listeners/views/index.js';
import { ListenerRouter } from './router.js';
import { InFlightGate } from './inFlightGate.js';

/** The Bolt app: HTTP receiver on POST /slack/events, or Socket Mode when an app token is set. */
export function createSlackApp(deps: SlackDeps, opts: { port: number; customRoutes: CustomRoute[] }): App {
  const s = deps.config.slack;
  const common = {
    token: s.botToken,
    logger: boltLogger(deps.logger),
    logLevel: LogLevel.WARN,
    customRoutes: opts.customRoutes,
    // No listener reads conversation context; skipping Bolt's store saves work on every request.
    convoStore: false as const,
    // Bolt's self-filter only drops events whose user is this bot (never member_joined_channel, which
    // botJoinedChannel needs); no listener here can receive such an event, so skip the middleware.
    ignoreSelf: false,
    clientOptions: {
      ...(s.apiUrl ? { slackApiUrl: s.apiUrl } : {}),
      // Listeners run inside Slack's 3 s window: fail fast rather than retry for minutes.
      retryConfig: { retries: 1, factor: 1, minTimeout: 100, maxTimeout: 200 },
      // The WebClient waits forever by default; a hung call would hold the listener (and its slot).
      timeout: 10_000,
    },
  };
  const app = s.appToken
    ? new App({ ...common, socketMode: true, appToken: s.appToken, installerOptions: { port: opts.port } })
    : new App({ ...common, signingSecret: s.signingSecret, port: opts.port });

  const gate = new InFlightGate(256);
  app.use(({ next }) => gate.run(next));

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
