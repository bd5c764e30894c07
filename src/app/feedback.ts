import { recordEvent } from '../db/repositories/events.js';
import { enqueue } from '../db/repositories/outbox.js';
import { updateRequest } from '../db/repositories/requests.js';
import type { RequestRow } from '../db/schema.js';
import { UNSAFE_TEXT } from '../domain/freeText.js';
import { cardUpdate } from './effects.js';
import type { Actor, Ports } from './ports.js';
import { actInPlace } from './transition.js';

export type FeedbackValue = 'up' | 'down';

export type FeedbackResult =
  | { kind: 'ok'; request: RequestRow }
  | { kind: 'not_found' }
  /** Feedback is asked for only once the request is completed, and only in its own channel. */
  | { kind: 'not_completed'; request: RequestRow }
  | { kind: 'invalid'; error: 'required' | 'too_long' | 'control_chars' };

export const FEEDBACK_COMMENT_MAX = 300;

/**
 * "Did this work for you?" after completion: the answer is stored on the request (the latest answer
 * counts), audited, and shown to staff on the card. A 👎 is stored at the click; its one line of why
 * follows from the modal and is added to it.
 */
export async function recordFeedback(
  ports: Ports,
  cmd: { requestId: string; actor: Actor; channelId: string | undefined; value: FeedbackValue; comment?: string },
): Promise<FeedbackResult> {
  let comment: string | null = null;
  if (cmd.comment !== undefined) {
    // Free text's one rule (a NUL also made the database refuse the update).
    if (UNSAFE_TEXT.test(cmd.comment)) return { kind: 'invalid', error: 'control_chars' };
    comment = cmd.comment.replace(/\s+/g, ' ').trim();
    if (!comment) return { kind: 'invalid', error: 'required' };
    if (comment.length > FEEDBACK_COMMENT_MAX) return { kind: 'invalid', error: 'too_long' };
  }
  const result = await actInPlace(ports, { requestId: cmd.requestId, action: 'feedback' }, async (tx, current): Promise<FeedbackResult> => {
    if (current.channelId !== cmd.channelId) return { kind: 'not_completed', request: current };
    const updated = (await updateRequest(tx, current.id, {
      feedback: cmd.value,
      // A new click starts over; the comment belongs to the 👎 it explains.
      feedbackComment: comment,
      feedbackUserId: cmd.actor.userId,
      feedbackAt: new Date(),
    }))!;
    // The comment may hold anything the vendor typed: it stays on the request, not in the audit trail.
    const event = await recordEvent(tx, {
      requestId: updated.id,
      kind: 'feedback',
      actorUserId: cmd.actor.userId,
      actorTeamId: cmd.actor.teamId ?? null,
      details: { value: cmd.value, withComment: comment !== null },
    });
    await enqueue(tx, [cardUpdate(updated.id, event.id)]);
    return { kind: 'ok', request: updated };
  });
  if (result.kind === 'ok') return result.value;
  return result.kind === 'not_allowed' ? { kind: 'not_completed', request: result.request } : result;
}
