import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { firstSightingOfEvent } from '../../../app/queries.js';
import type { SlackDeps } from '../../deps.js';
import { postEntryMessage } from '../../postEntryMessage.js';

/** When the app is added to a vendor channel it posts and pins the "Request TT02 access" message. */
export function botJoinedChannel(deps: SlackDeps) {
  return async ({ event, body, context, client }: SlackEventMiddlewareArgs<'member_joined_channel'> & AllMiddlewareArgs) => {
    if (event.user !== context.botUserId) return;
    if (!(await firstSightingOfEvent(deps.ports, String((body as { event_id?: string }).event_id ?? `${event.channel}:${event.event_ts}`)))) return;
    if ((await deps.directory.intakeChannel(event.channel)) !== 'allowed') return;
    await postEntryMessage(deps, client, event.channel, { pin: true });
  };
}
