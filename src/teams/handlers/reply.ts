import type { IAdaptiveCard } from '@microsoft/teams.cards';
import { recordDenied, type DeniedReason } from '../../app/staffSteps.js';
import { rememberTeamsPerson } from '../../app/teamsPeople.js';
import type { TeamsDeps } from '../deps.js';
import type { TeamsWho } from './who.js';

type Send = (activity: { type: 'message'; attachments: unknown[]; recipient?: { id: string; name: string; isTargeted: boolean } }) => Promise<unknown>;

/**
 * An answer only the asker sees: in their personal chat simply a message; in a channel a targeted
 * message (`recipient.isTargeted`: shown to that one member, as Slack's ephemeral messages are).
 */
export async function answerPrivately(send: Send, who: TeamsWho, card: IAdaptiveCard): Promise<void> {
  const attachments = [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }];
  if (who.conversationType === 'personal') await send({ type: 'message', attachments });
  else await send({ type: 'message', attachments, recipient: { id: who.teamsUserId, name: who.name, isTargeted: true } });
}

/** A refused attempt: audited (a `denied` event) and logged; never fails the handler. */
export async function auditTeamsRefusal(deps: TeamsDeps, who: TeamsWho, action: string, reason: DeniedReason): Promise<void> {
  deps.logger.warn({ user: who.aadObjectId, tenant: who.tenantId, action, reason }, 'Teams action refused');
  await recordDenied(deps.ports, { requestId: null, actor: { userId: who.aadObjectId, teamId: who.tenantId }, action, reason, channelId: who.conversationId }).catch(
    (err: Error) => deps.logger.error({ err: err.message, action }, 'could not audit a refused action'),
  );
}

/** Every person the app sees is remembered (name, 29: id, language), and their personal chat when this is it. */
export async function rememberWho(deps: TeamsDeps, who: TeamsWho): Promise<void> {
  await rememberTeamsPerson(deps.ports, {
    aadObjectId: who.aadObjectId,
    teamsUserId: who.teamsUserId,
    name: who.name,
    tenantId: who.tenantId,
    locale: who.locale,
    personalConversationId: who.conversationType === 'personal' ? who.conversationId : null,
  }).catch((err: Error) => deps.logger.warn({ err: err.message }, 'could not remember a Teams person'));
}
