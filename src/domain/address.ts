/**
 * Where a conversation lives. A request records the address it came from (its platform, the
 * channel or chat, and the thread or reply chain of its receipt), so that its notes go back there
 * whichever platform triage is on. Nothing else in domain/ or app/ knows which platform is which.
 */
export const PLATFORMS = ['slack', 'teams'] as const;
export type Platform = (typeof PLATFORMS)[number];

export interface Address {
  platform: Platform;
  /** Slack: a channel id (C…, G…, D…). Teams: a conversation id (19:…@thread.tacv2, a:…). */
  conversationId: string;
  /** Slack: the thread's root ts. Teams: the reply chain's root activity id. Absent before the receipt is posted. */
  threadId?: string;
}
