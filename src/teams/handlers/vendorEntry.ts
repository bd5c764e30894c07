import type { ActivityParams } from '@microsoft/teams.api';
import { z } from 'zod';
import { mirrorChatMessage, mirrorVendorMessage } from '../../app/conversation.js';
import { firstSightingOfEvent } from '../../app/queries.js';
import { formatReference } from '../../domain/reference.js';
import { texts } from '../../domain/texts/index.js';
import { baseConversationId, clickerOf } from '../clicker.js';
import { cardActivity, teamsCall } from '../connector.js';
import type { TeamsDeps } from '../deps.js';
import { entryCard } from '../views/vendorCards.js';
import { intakeVerdict } from './vendorIntake.js';

/** Posts an activity in a conversation (the invoke's own Bot Connector: ctx.api in teams/app.ts). */
export type PostActivity = (conversationId: string, activity: ActivityParams) => Promise<unknown>;

const updateShape = z.object({
  id: z.string().max(200).optional(),
  recipient: z.object({ id: z.string() }),
  membersAdded: z.array(z.object({ id: z.string() })).optional(),
  conversation: z.object({ id: z.string(), conversationType: z.string().optional() }),
});

const messageShape = z.object({
  id: z.string().min(1).max(200),
  text: z.string().max(40_000).optional(),
  from: z.object({ id: z.string() }),
  recipient: z.object({ id: z.string() }),
  conversation: z.object({ id: z.string().min(1).max(500), conversationType: z.string().max(40).optional() }),
  replyToId: z.string().max(200).optional(),
  entities: z
    .array(z.object({ type: z.string(), mentioned: z.object({ id: z.string() }).optional(), quotedReply: z.object({ messageId: z.string().max(200) }).loose().optional() }).loose())
    .optional(),
});

const isChat = (conversationType: string | undefined) => conversationType === 'personal' || conversationType === 'groupChat';

/**
 * Posts the entry card (its button opens the intake dialog) at the top of a vendor conversation, once
 * per activity (Teams may deliver one again). Bots cannot pin in Teams: it is posted when the app is
 * added and again when @mentioned, as Slack's is re-posted on a mention.
 */
async function postEntry(deps: TeamsDeps, post: PostActivity, activityId: string | undefined, conversationId: string): Promise<void> {
  if (activityId && !(await firstSightingOfEvent(deps.ports, `teams-entry:${conversationId}:${activityId}`))) return;
  const entry = entryCard('nb');
  await teamsCall('the entry card', () => post(conversationId, cardActivity(entry.card, entry.summary)));
  deps.logger.info({ conversationId }, 'Teams entry card posted');
}

/**
 * `conversationUpdate` with the bot among `membersAdded` (added to a team's channel, a shared channel
 * or a group chat), or `installationUpdate` add in a personal or group chat: the entry card, where
 * intake is allowed. Returns whether it handled the activity.
 */
export async function botAdded(deps: TeamsDeps, activity: unknown, post: PostActivity): Promise<boolean> {
  const a = updateShape.safeParse(activity);
  if (!a.success) return false;
  const membersAdded = a.data.membersAdded;
  if (membersAdded && !membersAdded.some((m) => m.id === a.data.recipient.id)) return false;
  const who = clickerOf(activity);
  if (!who || intakeVerdict(deps, who) !== 'allowed') return false;
  await postEntry(deps, post, a.data.id, baseConversationId(a.data.conversation.id));
  return true;
}

/** Teams' message text is HTML: the @mentions (`<at>…</at>`) and tags go, entities are decoded. */
export function messageText(html: string): string {
  return html
    .replace(/<at>[^<]*<\/at>/g, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

/**
 * A message in a vendor conversation. In a request's reply chain (the receipt's), what the vendor
 * wrote is mirrored to the triage card, wherever triage is, through the same use case as Slack's
 * thread replies (the app's RSC permission ChannelMessage.Read.Group lets it see them without an
 * @mention). Elsewhere, an @mention of the app brings the entry card back. Returns whether it handled
 * the message; the text is never logged.
 */
export async function vendorMessageReceived(deps: TeamsDeps, activity: unknown, post: PostActivity): Promise<boolean> {
  const m = messageShape.safeParse(activity);
  if (!m.success || m.data.from.id === m.data.recipient.id) return false;
  const who = clickerOf(activity);
  if (!who) return false;
  const root = /;messageid=(\d+)$/.exec(m.data.conversation.id)?.[1];
  if (root && root !== m.data.id) {
    const result = await mirrorVendorMessage(deps.ports, {
      eventId: `teams:${who.conversationId}:${m.data.id}`,
      channelId: who.conversationId,
      threadTs: root,
      ts: m.data.id,
      userId: who.aadObjectId ?? who.teamsUserId,
      teamId: who.tenantId ?? null,
      text: messageText(m.data.text ?? ''),
    });
    if (result.kind === 'mirrored') deps.logger.info({ requestId: result.requestId, user: who.aadObjectId }, 'Teams vendor reply mirrored to the card');
    if (result.kind !== 'not_a_request') return true;
  }
  if (isChat(m.data.conversation.conversationType) && (await chatMessageReceived(deps, activity, post))) return true;
  const mentioned = (m.data.entities ?? []).some((e) => e.type === 'mention' && e.mentioned?.id === m.data.recipient.id);
  if (!mentioned || intakeVerdict(deps, who) !== 'allowed') return false;
  await postEntry(deps, post, m.data.id, who.conversationId);
  return true;
}

/**
 * A message in a personal or group chat with the bot, where a user of our tenant files for a vendor:
 * a chat has no reply chain per request, so what the requester writes there while a request is open
 * is mirrored to that request's triage card (app/conversation.ts's mirrorChatMessage picks which: the
 * receipt replied to or quoted, the reference named, or the only one open). The requester is told it
 * was passed on, or, with several open and no pick, which references to choose from. Returns whether
 * the message was about a request; the text is never logged.
 */
export async function chatMessageReceived(deps: TeamsDeps, activity: unknown, post: PostActivity): Promise<boolean> {
  const m = messageShape.safeParse(activity);
  if (!m.success || m.data.from.id === m.data.recipient.id || !isChat(m.data.conversation.conversationType)) return false;
  const who = clickerOf(activity);
  if (!who?.aadObjectId || intakeVerdict(deps, who) !== 'allowed') return false;
  const text = messageText(m.data.text ?? '');
  if (!text) return false;
  const quoted = (m.data.entities ?? []).find((e) => e.type === 'quotedReply')?.quotedReply?.messageId;
  const result = await mirrorChatMessage(deps.ports, {
    eventId: `teams:${who.conversationId}:${m.data.id}`,
    channelId: who.conversationId,
    ts: m.data.id,
    userId: who.aadObjectId,
    teamId: who.tenantId ?? null,
    text,
    replyToId: m.data.replyToId ?? quoted,
  });
  if (result.kind === 'not_a_request' || result.kind === 'duplicate') return result.kind === 'duplicate';
  // Teams may deliver a message again: a mirror is then a duplicate; the question is asked once too.
  if (result.kind === 'which' && !(await firstSightingOfEvent(deps.ports, `teams-chat-which:${who.conversationId}:${m.data.id}`))) return true;
  const t = texts(who.locale).conversation;
  if (result.kind === 'mirrored') deps.logger.info({ requestId: result.requestId, user: who.aadObjectId }, 'Teams chat message mirrored to the card');
  const answer = result.kind === 'which' ? t.chatWhich(result.references.map(formatReference).join(', ')) : t.chatMirrored(formatReference(result.number));
  // Best effort: the mirror is stored either way, and Teams' retry of this message is a duplicate.
  await post(who.conversationId, { type: 'message', text: answer } as ActivityParams).catch((err: Error) =>
    deps.logger.warn({ err: err.message }, 'could not answer a Teams chat message'),
  );
  return true;
}
