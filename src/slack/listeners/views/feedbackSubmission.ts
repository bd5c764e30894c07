import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { recordFeedback } from '../../../app/feedback.js';
import { findRequest } from '../../../app/queries.js';
import { texts } from '../../../domain/texts/index.js';
import { noticeView, parseRequestMetadata } from '../../views/staffModals.js';
import type { SlackDeps } from '../../deps.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** The one line of why after a 👎, added to the stored 👎. */
export function feedbackWhySubmitted(deps: SlackDeps) {
  return async ({ ack, body, view }: Args) => {
    const meta = parseRequestMetadata(view.private_metadata);
    if (!meta) {
      await ack({ response_action: 'update', view: noticeView('nb', texts('nb').intake.title, texts('nb').refusals.somethingWentWrong) });
      return;
    }
    const t = texts(meta.locale);
    const request = await findRequest(deps.ports, meta.requestId);
    const values = view.state.values;
    const result = await recordFeedback(deps.ports, {
      requestId: meta.requestId,
      actor: { userId: body.user.id, teamId: body.user.team_id },
      // The modal came from the request's own thread (checked at the click).
      channelId: request?.channelId,
      value: 'down',
      comment: values.feedback_why?.feedback_why?.value ?? '',
    });
    if (result.kind === 'invalid') {
      await ack({ response_action: 'errors', errors: { feedback_why: t.staff.errors[result.error] } });
      return;
    }
    await ack({ response_action: 'update', view: noticeView(meta.locale, t.feedback.modalTitle, t.feedback.thanksNo) });
  };
}
