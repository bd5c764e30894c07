import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { rerenderIntake } from './rerenderIntake.js';

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** Switching the access type adds or removes the customer fields, keeping everything already typed. */
export function accessTypeChanged(deps: SlackDeps) {
  return async ({ ack, body, client }: Args) => {
    await ack();
    await rerenderIntake(deps, client, body.view, {});
  };
}
