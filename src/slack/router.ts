import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  SlackAction,
  SlackActionMiddlewareArgs,
  SlackViewAction,
  SlackViewMiddlewareArgs,
} from '@slack/bolt';
import type { Logger } from '../logger.js';

type ActionArgs<A extends SlackAction = SlackAction> = SlackActionMiddlewareArgs<A> & AllMiddlewareArgs;
type ViewArgs = SlackViewMiddlewareArgs<SlackViewAction> & AllMiddlewareArgs;
type Handler<T> = (args: T) => Promise<void>;

/**
 * Routes actions by action_id and views by callback_id through one Bolt listener per kind. Bolt runs
 * every registered listener's middleware for every request; one listener per kind keeps that cost flat
 * however many buttons the app has (measured in `npm run bench`).
 */
export class ListenerRouter {
  private readonly actions = new Map<string, Handler<ActionArgs>>();
  private readonly views = new Map<string, Handler<ViewArgs>>();

  action<A extends SlackAction = BlockAction>(actionId: string, handler: Handler<ActionArgs<A>>): void {
    this.actions.set(actionId, handler as unknown as Handler<ActionArgs>);
  }

  view<V extends SlackViewAction>(callbackId: string, handler: Handler<SlackViewMiddlewareArgs<V> & AllMiddlewareArgs>): void {
    this.views.set(callbackId, handler as unknown as Handler<ViewArgs>);
  }

  install(app: App, log: Logger): void {
    app.action(/.*/, async (args) => {
      const id = 'action_id' in args.action ? args.action.action_id : undefined;
      const handler = id ? this.actions.get(id) : undefined;
      if (handler) return handler(args);
      // Unknown (e.g. an old message's button): acknowledge so the user sees no error.
      await args.ack();
      log.info({ actionId: id }, 'unhandled action');
    });
    app.view(/.*/, async (args) => {
      const handler = this.views.get(args.view.callback_id);
      if (handler) return handler(args);
      await args.ack();
      log.info({ callbackId: args.view.callback_id }, 'unhandled view submission');
    });
  }
}
