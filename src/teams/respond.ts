import type { AdaptiveCardActionResponse, TaskModuleResponse } from '@microsoft/teams.api';
import type { IAdaptiveCard } from '@microsoft/teams.cards';
import { requestCard } from '../app/queries.js';
import { refreshCard } from '../app/refreshCard.js';
import type { RequestRow } from '../app/rows.js';
import { recordDenied, type DeniedReason } from '../app/staffSteps.js';
import { rememberTeamsPerson, teamsPeople } from '../app/teamsPeople.js';
import { formatReference } from '../domain/reference.js';
import { texts, type Locale } from '../domain/texts/index.js';
import { actorOf, type TeamsClicker } from './clicker.js';
import type { TeamsDeps } from './deps.js';
import type { TeamsStaff } from './staff.js';
import { teamsTriageCard } from './views/triageCard.js';
import type { Dialog } from './views/dialogs.js';

/** What the card and dialog handlers need: the Teams deps and who is staff. */
export interface TeamsHandlerDeps extends TeamsDeps {
  staff: TeamsStaff;
}

/**
 * Invoke answers. Whatever they say is seen by the clicker only: an `adaptiveCard/action` answer
 * replaces the card for the clicker (or shows a message to them), a dialog answer shows in their
 * dialog. Nothing here posts in the channel.
 */
export const cardAnswer = (card: IAdaptiveCard): AdaptiveCardActionResponse => ({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card });
export const messageAnswer = (text: string): AdaptiveCardActionResponse => ({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text });
export const dialogAnswer = (d: Dialog): TaskModuleResponse => ({
  task: { type: 'continue', value: { title: d.title, width: 'medium', height: 'medium', card: { contentType: 'application/vnd.microsoft.card.adaptive', content: d.card } } },
});
export const dialogMessage = (text: string): TaskModuleResponse => ({ task: { type: 'message', value: text } });

/**
 * Audits a refused attempt (a `denied` event, as Slack's auditRefusal) and logs it without personal
 * data. Never fails the handler: the clicker is answered either way.
 */
export async function auditTeamsRefusal(deps: TeamsDeps, who: TeamsClicker, action: string, requestId: string | null, reason: DeniedReason): Promise<void> {
  deps.logger.warn({ user: who.aadObjectId ?? who.teamsUserId, tenant: who.tenantId, action, requestId, reason }, 'Teams action refused');
  await recordDenied(deps.ports, { requestId, actor: actorOf(who), action, reason, channelId: who.conversationId }).catch((err: Error) =>
    deps.logger.error({ err: err.message, action }, 'could not audit a refused Teams action'),
  );
}

/**
 * Staff steps work only for staff of our tenant, and only in the triage conversation (when triage is in
 * Teams). Anyone else gets the refusal text in their language (null: allowed), and the attempt is audited.
 * A staff check that could not be made refuses too, and says so.
 */
export async function refuseUnlessStaff(deps: TeamsHandlerDeps, who: TeamsClicker, action: string, requestId: string | null): Promise<string | null> {
  const verdict = await deps.staff.verdict(who);
  const triage = deps.teams.triageConversationId;
  const inTriage = !triage || who.conversationId === triage;
  if (verdict === 'staff' && inTriage) {
    await remember(deps, who);
    return null;
  }
  const reason: DeniedReason =
    verdict === 'unavailable' ? 'staff_check_failed' : verdict === 'other_tenant' ? 'other_tenant' : verdict === 'staff' ? 'wrong_channel' : 'not_staff';
  // Remembered too, so that the card's history names who was refused rather than showing an object id.
  await remember(deps, who);
  await auditTeamsRefusal(deps, who, action, requestId, reason);
  const t = texts(who.locale);
  return reason === 'staff_check_failed' ? t.refusals.staffCheckFailed : t.staff.notAllowed;
}

/** Each person the app meets at the card is remembered (name and 29: id for cards, @mentions, personal chats). */
async function remember(deps: TeamsDeps, who: TeamsClicker): Promise<void> {
  if (!who.aadObjectId || !who.tenantId) return;
  await rememberTeamsPerson(deps.ports, {
    aadObjectId: who.aadObjectId,
    teamsUserId: who.teamsUserId,
    name: who.name ?? '',
    tenantId: who.tenantId,
    locale: who.locale,
  }).catch((err: Error) => deps.logger.warn({ err: err.message }, 'could not remember a Teams person'));
}

/** The request's card as it is now, for the clicker, with a notice in the clicker's language on top. */
export async function currentCardAnswer(deps: TeamsDeps, requestId: string, notice?: string): Promise<AdaptiveCardActionResponse> {
  const card = await requestCard(deps.ports, requestId);
  if (!card) return messageAnswer(notice ?? texts('nb').staff.notFound);
  const known = await teamsPeople(deps.ports, [card.request.assigneeUserId, ...card.events.map((e) => e.actorUserId)].filter((id): id is string => !!id));
  const people = new Map([...known].map(([id, p]) => [id, { name: p.name, teamsUserId: p.teamsUserId }]));
  return cardAnswer(teamsTriageCard(card, deps.config.triageLocale, { people, ...(notice ? { notice } : {}) }));
}

/** The text a stale click gets: the request moved on (as Slack's refreshAfterStale says it). */
export const staleText = (request: Pick<RequestRow, 'number' | 'status'>, locale: Locale) => {
  const t = texts(locale);
  return t.staff.stale(formatReference(request.number), t.status[request.status]);
};

/**
 * A stale click: the card is re-rendered for everyone from the stored truth (through the outbox), and
 * the clicker gets it now with a notice that the request moved on.
 */
export async function staleCardAnswer(deps: TeamsDeps, request: Pick<RequestRow, 'id' | 'number' | 'status'>, locale: Locale): Promise<AdaptiveCardActionResponse> {
  await refreshCard(deps.ports, request.id);
  return currentCardAnswer(deps, request.id, staleText(request, locale));
}

/** A stale dialog (opened or submitted): the card is refreshed for everyone and the dialog says why. */
export async function staleDialogAnswer(deps: TeamsDeps, request: Pick<RequestRow, 'id' | 'number' | 'status'>, locale: Locale): Promise<TaskModuleResponse> {
  await refreshCard(deps.ports, request.id);
  return dialogMessage(staleText(request, locale));
}
