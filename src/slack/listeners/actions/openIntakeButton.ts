import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { texts } from '../../../domain/texts/index.js';
import type { SlackDeps } from '../../deps.js';
import { openIntakeModal } from '../../openIntake.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** The pinned "Request TT02 access" button: the entry point that works for Slack Connect users too. */
export function openIntakeFromButton(deps: SlackDeps) {
  return async ({ ack, body, client }: Args) => {
    await ack();
    const channelId = body.channel?.id;
    if (!channelId) return;
    const verdict = deps.directory.intakeChannel(channelId);
    // Configured channels are decided locally; otherwise the modal opens and is corrected if needed.
    const quick = deps.config.vendorChannelIds.length > 0 ? await verdict : 'unknown';
    if (quick === 'not_allowed') {
      const locale = await deps.directory.locale(body.user.id);
      await client.chat.postEphemeral({
        channel: channelId,
        user: body.user.id,
        text: texts(locale).refusals.channelNotAllowed,
      });
      return;
    }
    await openIntakeModal(deps, client, {
      triggerId: body.trigger_id,
      userId: body.user.id,
      channelId,
      channelVerdict: quick,
    });
  };
}
