import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { recordFeedback, type FeedbackValue } from '../../../app/feedback.js';
import { texts } from '../../../domain/texts/index.js';
import { feedbackWhyModal } from '../../views/feedbackModal.js';
import type { SlackDeps } from '../../deps.js';
import { tell } from '../../respond.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
const requestIdSchema = z.uuid();

/** 👍 / 👎 under the confirmation note in the vendor's thread. A 👎 then asks for one line of why. */
export function feedbackClicked(deps: SlackDeps, value: FeedbackValue) {
  return async ({ ack, body, action, client }: Args) => {
    await ack();
    const requestId = requestIdSchema.safeParse(action.value);
    if (!requestId.success) return;
    const who = { userId: body.user.id, teamId: body.user.team_id, channelId: body.channel?.id };
    const result = await recordFeedback(deps.ports, {
      requestId: requestId.data,
      actor: { userId: who.userId, teamId: who.teamId },
      channelId: who.channelId,
      value,
    });
    if (result.kind !== 'ok') return;
    const locale = result.request.locale;
    if (value === 'down') {
      await client.views.open({ trigger_id: body.trigger_id, view: feedbackWhyModal(result.request, locale) });
    } else {
      await tell(deps, client, who, texts(locale).feedback.thanksYes);
    }
  };
}
