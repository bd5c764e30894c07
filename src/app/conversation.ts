import { recordEvent } from '../db/repositories/events.js';
import { enqueue } from '../db/repositories/outbox.js';
import { findRequestById, updateRequest } from '../db/repositories/requests.js';
import { findRequestByThread, openRequestsFiledBy } from '../db/repositories/conversation.js';
import { markEventSeen } from '../db/repositories/seenEvents.js';
import type { RequestRow } from '../db/schema.js';
import { maskFnrsIn } from '../domain/fnr.js';
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
    // Mirrored, not refused (the vendor wrote in Slack): free text's forbidden characters are removed,
    // and a fødselsnummer is masked, as the card shows the stored one.
    const text = maskFnrsIn(stripUnsafeText(msg.text)).trim();
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

export type ChatMirrorResult = { kind: 'mirrored'; requestId: string; number: number } | { kind: 'not_a_request' } | { kind: 'duplicate' } | { kind: 'which'; references: number[] };

/**
 * A message in a Teams chat (personal or group) with the bot, where requests can be filed too: a
 * chat has no reply chain per request, so the requester's message goes to the request it is about:
 * the one whose receipt it replies to (`replyToId`), else the one whose reference it names, else
 * their only open request in this chat. With several and no pick, `which` lists them (nothing is
 * mirrored); with none open, `not_a_request`. Then mirrored as a reply in a channel's chain is.
 */
export async function mirrorChatMessage(
  ports: Ports,
  msg: { eventId: string; channelId: string; ts: string; userId: string; teamId?: string | null; text: string; replyToId?: string },
): Promise<ChatMirrorResult> {
  const open = await openRequestsFiledBy(ports.db, msg.channelId, msg.userId);
  if (open.length === 0) return { kind: 'not_a_request' };
  const named = new Set([...msg.text.matchAll(/\bTT02-(\d{1,9})\b/gi)].map((m) => Number(m[1])));
  const namedOpen = open.filter((r) => named.has(r.number));
  const target =
    open.find((r) => msg.replyToId !== undefined && r.receiptTs === msg.replyToId) ??
    (namedOpen.length === 1 ? namedOpen[0] : undefined) ??
    (open.length === 1 ? open[0] : undefined);
  if (!target?.receiptTs) return { kind: 'which', references: open.map((r) => r.number) };
  const result = await mirrorVendorMessage(ports, { ...msg, threadTs: target.receiptTs });
  return result.kind === 'mirrored' ? { ...result, number: target.number } : result;
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
