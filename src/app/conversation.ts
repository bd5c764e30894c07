import { recordEvent } from '../db/repositories/events.js';
import { enqueue } from '../db/repositories/outbox.js';
import { findRequestById, updateRequest } from '../db/repositories/requests.js';
import { findRequestByThread } from '../db/repositories/conversation.js';
import { markEventSeen } from '../db/repositories/seenEvents.js';
import type { RequestRow } from '../db/schema.js';
import { parseFreeText, stripUnsafeText, type FreeTextError } from '../domain/freeText.js';
import { cardThreadPost, cardUpdate, vendorNote } from './effects.js';
import type { Actor, Ports } from './ports.js';
import { actInPlace } from './transition.js';

export type { RequestRow };

/** The longest vendor message kept to pre-fill "Resume" (the answer field holds 2000). */
const KEPT_REPLY_CHARS = 2000;

export type MirrorResult = { kind: 'mirrored'; requestId: string } | { kind: 'not_a_request' } | { kind: 'duplicate' };

/**
 * What a vendor writes in its request's thread reaches staff: mirrored into the card's thread, where
 * the assignee is @mentioned. Slack retries events, so the event id and the message's own ts make it
 * happen once. The text is kept (to pre-fill "Resume") and posted internally, never logged or audited.
 */
export async function mirrorVendorMessage(
  ports: Ports,
  msg: { eventId: string; channelId: string; threadTs: string; ts: string; userId: string; teamId?: string | null; text: string },
): Promise<MirrorResult> {
  const result = await ports.db.transaction(async (tx): Promise<MirrorResult> => {
    const request = await findRequestByThread(tx, msg.channelId, msg.threadTs);
    if (!request) return { kind: 'not_a_request' };
    if (!(await markEventSeen(tx, msg.eventId))) return { kind: 'duplicate' };
    // Mirrored, not refused (the vendor wrote in Slack): free text's forbidden characters are removed.
    const text = stripUnsafeText(msg.text).trim();
    // After the purge no free text is kept; the message is still shown to staff.
    if (!request.purgedAt && text) await updateRequest(tx, request.id, { lastVendorReply: text.slice(0, KEPT_REPLY_CHARS) });
    await recordEvent(tx, { requestId: request.id, kind: 'vendor_replied', actorUserId: msg.userId, actorTeamId: msg.teamId ?? null });
    await enqueue(tx, [
      cardThreadPost(
        request.id,
        `msg-${msg.ts}`,
        // After the purge the text is not stored, not even in the outbox: the purge ran once and is done.
        request.purgedAt
          ? { kind: 'vendor_wrote_after_purge', userId: msg.userId, assigneeUserId: request.assigneeUserId }
          : { kind: 'vendor_wrote', userId: msg.userId, text, assigneeUserId: request.assigneeUserId },
      ),
    ]);
    return { kind: 'mirrored', requestId: request.id };
  });
  if (result.kind === 'mirrored') ports.outboxNotify();
  return result;
}

export type ReplyResult = { kind: 'ok' } | { kind: 'not_found' } | { kind: 'closed'; request: RequestRow } | { kind: 'invalid'; error: FreeTextError };

/**
 * Staff's "Reply to vendor": posted in the vendor's thread, naming the staff member (a Slack
 * mention), never any contact data, and only while the request is open. Audited without the text;
 * the replier takes an unassigned request.
 */
export async function replyToVendor(ports: Ports, cmd: { requestId: string; actor: Actor; text: string }): Promise<ReplyResult> {
  const parsed = parseFreeText(cmd.text);
  if (!parsed.ok) return { kind: 'invalid', error: parsed.error };
  const text = parsed.value;
  const result = await actInPlace(ports, { requestId: cmd.requestId, action: 'reply' }, async (tx, request) => {
    const takesIt = !request.assigneeUserId;
    if (takesIt) await updateRequest(tx, request.id, { assigneeUserId: cmd.actor.userId });
    const event = await recordEvent(tx, {
      requestId: request.id,
      kind: 'staff_replied',
      actorUserId: cmd.actor.userId,
      actorTeamId: cmd.actor.teamId,
      details: takesIt ? { assignedToActor: true } : {},
    });
    await enqueue(tx, [
      vendorNote(request.id, `reply-${event.id}`, { kind: 'staff_reply', text, staffUserId: cmd.actor.userId }),
      cardUpdate(request.id, event.id),
    ]);
  });
  if (result.kind === 'ok') return { kind: 'ok' };
  return result.kind === 'not_allowed' ? { kind: 'closed', request: result.request } : result;
}

/** A request for a listener to render (a modal, a check), read through app/. */
export async function requestById(ports: Ports, requestId: string): Promise<RequestRow | undefined> {
  return findRequestById(ports.db, requestId);
}
