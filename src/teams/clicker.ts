import { z } from 'zod';
import type { Actor } from '../app/ports.js';
import { localeFromSlack, type Locale } from '../domain/texts/index.js';

/** What handlers read of the person and place of an invoke; parsed, the SDK does not check shapes. */
const activityShape = z.object({
  from: z.object({ id: z.string().max(200), name: z.string().max(300).optional(), aadObjectId: z.string().max(100).optional() }),
  conversation: z.object({ id: z.string().min(1).max(500), conversationType: z.string().max(40).optional(), tenantId: z.string().max(100).optional() }),
  channelData: z.object({ tenant: z.object({ id: z.string().max(100) }).partial().optional() }).loose().optional(),
  locale: z.string().max(40).optional(),
});

export interface TeamsClicker {
  /** The Entra object id: what the audit, assignee and events hold for a Teams user. */
  aadObjectId?: string;
  /** The Bot Framework id (29:…). */
  teamsUserId: string;
  name?: string;
  tenantId?: string;
  /** The conversation clicked in, without a reply chain's `;messageid=`. */
  conversationId: string;
  conversationType?: string;
  /** The staff member's own language (Teams' `locale`, as Slack's users.info locale). */
  locale: Locale;
}

/** A reply chain's id is its channel's id with `;messageid=<root>`; the channel is what is compared. */
export const baseConversationId = (id: string) => id.split(';')[0] ?? id;

export function clickerOf(activity: unknown): TeamsClicker | null {
  const parsed = activityShape.safeParse(activity);
  if (!parsed.success) return null;
  const a = parsed.data;
  return {
    aadObjectId: a.from.aadObjectId || undefined,
    teamsUserId: a.from.id,
    name: a.from.name,
    // channelData.tenant is what Teams sets on every activity; conversation.tenantId is its older twin.
    tenantId: a.channelData?.tenant?.id ?? a.conversation.tenantId,
    conversationId: baseConversationId(a.conversation.id),
    conversationType: a.conversation.conversationType,
    locale: localeFromSlack(a.locale),
  };
}

/** The actor use cases record: the Entra object id, in its tenant. */
export const actorOf = (c: TeamsClicker): Actor => ({ userId: c.aadObjectId ?? c.teamsUserId, teamId: c.tenantId ?? null });
