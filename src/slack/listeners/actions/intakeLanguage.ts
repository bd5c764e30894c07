import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { rerenderIntake } from './rerenderIntake.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** "English" / "Norsk" in the intake modal: the chosen language is stored with the request. */
export function intakeLanguageSwitched(deps: SlackDeps) {
  return async ({ ack, body, action, client }: Args) => {
    await ack();
    const locale = action.value === 'en' ? 'en' : action.value === 'nb' ? 'nb' : undefined;
    if (!locale) return;
    await rerenderIntake(deps, client, body.view, { locale });
  };
}
