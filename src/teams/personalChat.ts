import type { App } from '@microsoft/teams.apps';
import { PermanentDeliveryError } from '../app/outbox/worker.js';
import type { Ports } from '../app/ports.js';
import { rememberPersonalChat, teamsPerson } from '../app/teamsPeople.js';
import type { TeamsSettings } from '../config.js';
import type { Locale } from '../domain/texts/index.js';

export interface PersonalChat {
  conversationId: string;
  /** The person's Teams language, as last seen. */
  locale: Locale;
}

/**
 * The personal chat between the bot and a Teams person (by Entra object id), for what is theirs alone:
 * reminders, reports, files. The one stored from the install or their first message; otherwise the
 * app opens it (Bot Connector `POST /v3/conversations` with their 29: id and tenant) and keeps its id.
 * Opening it again is harmless: the Bot Connector answers the same 1:1 conversation.
 * Someone the app has never met in Teams has no 29: id to open a chat with: that cannot succeed by
 * retrying, so it is given up (and the failure is recorded by the outbox).
 */
export async function personalChat(o: { ports: Pick<Ports, 'db'>; sdk: App; teams: Pick<TeamsSettings, 'appId'> }, aadObjectId: string): Promise<PersonalChat> {
  const person = await teamsPerson(o.ports, aadObjectId);
  if (!person) throw new PermanentDeliveryError('this Teams user has never written to the app or clicked in it: no Teams id to open a personal chat with');
  const locale: Locale = person.locale === 'en' ? 'en' : 'nb';
  if (person.personalConversationId) return { conversationId: person.personalConversationId, locale };
  const created = await o.sdk.api.conversations.create({
    isGroup: false,
    bot: { id: `28:${o.teams.appId}` },
    members: [{ id: person.teamsUserId, role: 'user', name: person.name }],
    tenantId: person.tenantId,
    channelData: { tenant: { id: person.tenantId } },
  });
  await rememberPersonalChat(o.ports, aadObjectId, created.id);
  return { conversationId: created.id, locale };
}
