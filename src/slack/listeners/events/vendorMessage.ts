import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { mirrorVendorMessage } from '../../../app/conversation.js';
import type { SlackDeps } from '../../deps.js';

/** A person's reply in a thread, as Slack sends it; a reply also sent to the channel is one too. */
const threadReplySchema = z.object({
  channel: z.string().min(1),
  user: z.string().min(1),
  text: z.string().max(40_000),
  ts: z.string().min(1),
  thread_ts: z.string().min(1),
  subtype: z.literal('thread_broadcast').optional(),
  user_team: z.string().optional(),
  team: z.string().optional(),
});

/**
 * What a vendor writes in its request's thread reaches the card's thread in the triage channel.
 * Not mirrored: edits, joins and other subtypes, messages from bots (this app's own notes included)
 * and anything outside a request's thread. The text is never logged.
 */
export function vendorMessage(deps: SlackDeps) {
  return async ({ event, body, context }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs) => {
    if ('bot_id' in event && event.bot_id) return;
    const msg = threadReplySchema.safeParse(event);
    if (!msg.success || msg.data.ts === msg.data.thread_ts || msg.data.user === context.botUserId) return;
    const eventId = z.object({ event_id: z.string().min(1) }).safeParse(body);
    const result = await mirrorVendorMessage(deps.ports, {
      eventId: eventId.success ? eventId.data.event_id : `${msg.data.channel}:${msg.data.ts}`,
      channelId: msg.data.channel,
      threadTs: msg.data.thread_ts,
      ts: msg.data.ts,
      userId: msg.data.user,
      teamId: msg.data.user_team ?? msg.data.team ?? null,
      // Slack sends & < > as entities; the text is stored as typed and escaped once where it is shown.
      text: msg.data.text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'),
    });
    if (result.kind === 'mirrored') deps.logger.info({ requestId: result.requestId, user: msg.data.user }, 'vendor reply mirrored to the card');
  };
}
