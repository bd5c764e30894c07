import { localeFromSlack, type Locale } from '../../domain/texts/index.js';

/** Who sent a Teams activity, as far as the tools need: their Entra identity, tenant, language and conversation. */
export interface TeamsWho {
  /** The Entra object id: the user id app/ records for a Teams user (assignee, actor, audit). */
  aadObjectId: string;
  /** The Bot Framework id (29:…). */
  teamsUserId: string;
  name: string;
  tenantId: string;
  locale: Locale;
  conversationId: string;
  conversationType: string;
}

interface ActivityLikeIn {
  from?: { id?: string; name?: string; aadObjectId?: string };
  conversation?: { id?: string; conversationType?: unknown; tenantId?: string };
  channelData?: { tenant?: { id?: string } };
  locale?: string;
}

/** Teams' locale picks the language as Slack's does (nb for Norwegian, Swedish and Danish; else English). */
export const teamsLocale = (locale: string | undefined): Locale => localeFromSlack(locale);

/** The sender, or undefined for an activity without an Entra user (a bot, a malformed activity). */
export function whoIs(activity: ActivityLikeIn): TeamsWho | undefined {
  const aad = activity.from?.aadObjectId;
  const tenantId = activity.channelData?.tenant?.id ?? activity.conversation?.tenantId;
  if (!aad || !tenantId || !activity.from?.id || !activity.conversation?.id) return undefined;
  return {
    aadObjectId: aad,
    teamsUserId: activity.from.id,
    name: activity.from.name ?? '',
    tenantId,
    locale: teamsLocale(activity.locale),
    conversationId: activity.conversation.id,
    conversationType: typeof activity.conversation.conversationType === 'string' ? activity.conversation.conversationType : '',
  };
}
