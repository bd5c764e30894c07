import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { firstSightingOfEvent } from '../../../app/queries.js';
import type { SlackDeps } from '../../deps.js';
import { postEntryMessage } from '../../postEntryMessage.js';

/** Mentioning the app in a vendor channel brings the "Request TT02 access" button back into view. */
export function appMentioned(deps: SlackDeps) {
  return async ({ event, body, client }: SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs) => {
    if (!(await firstSightingOfEvent(deps.ports, String((body as { event_id?: string }).event_id ?? `${event.channel}:${event.ts}`)))) return;
    if ((await deps.directory.intakeChannel(event.channel)) !== 'allowed') return;
    await postEntryMessage(deps, client, event.channel, { pin: false });
  };
}
