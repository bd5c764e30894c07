import { App, LogLevel, type HTTPReceiver, type ReceiverEvent } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import { boltLogger } from '../logger.js';
import { registerActions } from './listeners/actions/index.js';
import { registerCommands } from './listeners/commands/index.js';
import type { SlackDeps } from './deps.js';
import { registerEvents } from './listeners/events/index.js';
import { registerViews } from './listeners/views/index.js';
import type { BotIdentity } from './connect.js';
import { NoListenerAcknowledged, SlackNotConnected } from './receiver.js';
import { MalformedPayload, payloadShape } from './listeners/payloadShape.js';

export interface SlackAppOptions {
  /** HTTP: Bolt's receiver (receiver.ts). Without one, Socket Mode with the app token. */
  receiver?: HTTPReceiver;
  /** The bot's identity from the start-up check (auth.test); undefined until Slack has answered. */
  identity: () => BotIdentity | undefined;
  clientOptions: WebClientOptions;
}

/**
 * Bolt's App, but a request that no listener acknowledged is answered when its listeners are done
 * rather than after Bolt's 3 s timer: a button no listener takes (one on an old message) is
 * acknowledged, so Slack shows the user no error; anything else (a command or modal no listener
 * takes, a listener that failed first) is answered 400 by the receiver.
 */
class AnsweringApp extends App {
  override async processEvent(event: ReceiverEvent): Promise<void> {
    let acknowledged = false;
    const ack: ReceiverEvent['ack'] = (response) => {
      acknowledged = true;
      return event.ack(response);
    };
    await super.processEvent({ ...event, ack });
    if (acknowledged) return;
    if ((event.body as { type?: unknown }).type === 'block_actions') return event.ack();
    throw new NoListenerAcknowledged();
  }
}

/**
 * The Bolt app. Its `authorize` hands Bolt the identity the start-up check found, so Bolt calls
 * auth.test neither in its constructor (where a failure would be unhandled) nor per request; until
 * then it refuses, and the receiver answers 503 so that Slack retries.
 */
export function createSlackApp(deps: SlackDeps, opts: SlackAppOptions): App {
  const s = deps.config.slack;
  const common = {
    authorize: async () => {
      const id = opts.identity();
      if (!id) throw new SlackNotConnected('not connected to Slack yet');
      return { botToken: s.botToken, botId: id.botId, botUserId: id.botUserId };
    },
    logger: boltLogger(deps.logger),
    logLevel: LogLevel.WARN,
    // No listener reads conversation context.
    convoStore: false as const,
    clientOptions: opts.clientOptions,
  };
  const app = opts.receiver
    ? new AnsweringApp({ ...common, receiver: opts.receiver })
    : new AnsweringApp({ ...common, socketMode: true, appToken: s.appToken });

  app.use(payloadShape);
  registerActions(app, deps);
  registerViews(app, deps);
  registerCommands(app, deps);
  registerEvents(app, deps);

  app.error(async (err) => {
    // Not connected yet: up to the receiver (503), not a listener's failure.
    const original = (err as { original?: unknown }).original;
    if (original instanceof SlackNotConnected || original instanceof MalformedPayload) throw err;
    // The err serializer keeps the SQL state and drops query parameters and echoed values.
    deps.logger.error({ err }, 'listener failed');
  });
  return app;
}
