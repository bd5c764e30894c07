import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { recordFeedback, type FeedbackValue } from '../../../app/feedback.js';
import { texts } from '../../../domain/texts/index.js';
import { feedbackWhyModal } from '../../views/feedbackModal.js';
import { vendorNoteMessage } from '../../views/vendorNote.js';
import type { SlackDeps } from '../../deps.js';
import { tell, threadOf } from '../../respond.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
const requestIdSchema = z.uuid();

/** 👍 / 👎 under the confirmation note in the vendor's thread. A 👎 then asks for one line of why. */
export function feedbackClicked(deps: SlackDeps, value: FeedbackValue) {
  return async ({ ack, body, action, client }: Args) => {
    await ack();
    const requestId = requestIdSchema.safeParse(action.value);
    if (!requestId.success) return;
    const who = { userId: body.user.id, teamId: body.user.team_id, channelId: body.channel?.id, threadTs: threadOf(body.message) };
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
    // The answer takes the buttons' place, so the question does not look unanswered (after views.open:
    // its trigger expires in 3 s).
    const message = body.message as { ts?: string; blocks?: { block_id?: string }[] } | undefined;
    const isTheNote = message?.blocks?.some((b) => b.block_id === `feedback:${result.request.id}`);
    if (message?.ts && isTheNote && who.channelId) {
      const answered = vendorNoteMessage({ kind: 'confirmation_sent', recipientName: result.request.contactName }, result.request, { value, userId: who.userId });
      await client.chat.update({ channel: who.channelId, ts: message.ts, ...answered }).catch((err: Error) => {
        deps.logger.warn({ err: err.message, requestId: result.request.id }, 'could not replace the feedback buttons');
      });
    }
  };
}
