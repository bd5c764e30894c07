import type { ModalView } from '@slack/types';
import { FEEDBACK_COMMENT_MAX } from '../../app/feedback.js';
import type { RequestRow } from '../../app/rows.js';
import { texts, type Locale } from '../../domain/texts/index.js';
import { context, plain, textInput } from './kit.js';

export const FEEDBACK_MODAL_ID = 'vendor_feedback_why';

/** After a 👎: one line of why (the 👎 itself is already stored). */
export function feedbackWhyModal(r: Pick<RequestRow, 'id' | 'status'>, locale: Locale): ModalView {
  const t = texts(locale).feedback;
  return {
    type: 'modal',
    callback_id: FEEDBACK_MODAL_ID,
    title: plain(t.modalTitle, 24),
    submit: plain(t.modalSubmit, 24),
    close: plain(texts(locale).intake.close, 24),
    private_metadata: JSON.stringify({ requestId: r.id, status: r.status, locale }),
    blocks: [context(t.thanksNo), textInput('feedback_why', t.modalLabel, { maxLength: FEEDBACK_COMMENT_MAX, hint: t.modalHint })],
  };
}
