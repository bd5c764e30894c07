import type { KnownBlock } from '@slack/types';
import type { CardThreadPost } from '../../app/effects.js';
import { texts, type Locale } from '../../domain/texts/index.js';
import { clip, esc, section, typedSection } from './kit.js';

/**
 * A post in the triage card's thread (internal). The vendor's words are mirrored escaped, so they
 * can neither ping (<!channel>) nor disguise a link. The assignee is @mentioned: Slack then notifies
 * them where the request's history already is, and no extra scope (im:write) is needed.
 */
export function cardThreadMessage(post: CardThreadPost, locale: Locale, o: { teamsWriter?: string } = {}): { text: string; blocks: KnownBlock[] } {
  const t = texts(locale).conversation;
  // A Teams vendor's Entra id is no Slack user: their name (or organisation) instead of a mention.
  const writer = (userId: string) => (o.teamsWriter !== undefined ? esc(o.teamsWriter) : `<@${userId}>`);
  let text: string;
  switch (post.kind) {
    case 'vendor_wrote':
      text = t.vendorWrote(
        writer(post.userId),
        clip(esc(post.text), 2500).replace(/\n/g, '\n>'),
        post.assigneeUserId ? `<@${post.assigneeUserId}>` : null,
      );
      break;
    case 'assigned':
      text = t.assigned(`<@${post.assigneeUserId}>`, `<@${post.byUserId}>`);
      break;
    case 'vendor_wrote_after_purge':
      text = t.vendorWroteAfterPurge(writer(post.userId), post.assigneeUserId ? `<@${post.assigneeUserId}>` : null);
      break;
  }
  return { text: clip(text, 3000), blocks: [typedSection(text)] };
}

/** A post (card thread or vendor thread) that carried personal data or free text, after the purge. */
export function redactedPost(locale: Locale): { text: string; blocks: KnownBlock[] } {
  const text = texts(locale).conversation.redacted;
  return { text, blocks: [section(text)] };
}
