import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { parseOrgNumber } from '../../domain/orgnr.js';
import type { SlackDeps } from '../deps.js';

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/**
 * An organisation number being typed in the intake modal: look it up now, so the answer is
 * cached by the time the form is submitted and the register never slows the submission down.
 */
export function orgNumberTyped(deps: SlackDeps) {
  return async ({ ack, action }: Args) => {
    await ack();
    const value = (action as { value?: string | null }).value ?? '';
    const parsed = parseOrgNumber(value);
    if (parsed.ok && deps.ports.register) void deps.ports.register.lookup(parsed.value);
  };
}
