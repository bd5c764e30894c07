import type { IAdaptiveCard } from '@microsoft/teams.cards';
import type { DeniedReason } from '../../app/staffSteps.js';
import { rememberTeamsPerson } from '../../app/teamsPeople.js';
import { texts } from '../../domain/texts/index.js';
import type { TeamsDeps } from '../deps.js';
import { auditTeamsRefusal, type TeamsHandlerDeps } from '../respond.js';
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

/**
 * Staff only (the same check as the card's steps: ids, the Entra group through Graph, our tenant).
 * Anyone else gets the refusal text in their language (null: staff), and the attempt is audited.
 */
export async function toolsRefusal(deps: TeamsHandlerDeps, who: TeamsWho, action: string): Promise<string | null> {
  const verdict = await deps.staff.verdict(who);
  if (verdict === 'staff') return null;
  const reason: DeniedReason = verdict === 'unavailable' ? 'staff_check_failed' : verdict === 'other_tenant' ? 'other_tenant' : 'not_staff';
  await auditTeamsRefusal(deps, who, action, null, reason);
  const t = texts(who.locale);
  return verdict === 'unavailable' ? t.refusals.staffCheckFailed : verdict === 'other_tenant' ? t.teamsTools.otherTenant : t.teamsTools.notStaff;
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
