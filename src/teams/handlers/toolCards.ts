import type { IAdaptiveCard } from '@microsoft/teams.cards';
import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import { listAwaitingAltinn, markSentToAltinn, recordAltinnForBatch } from '../../app/altinnBatch.js';
import { claimRequest } from '../../app/staffSteps.js';
import { STATUSES } from '../../domain/lifecycle.js';
import { formatReference } from '../../domain/reference.js';
import { texts } from '../../domain/texts/index.js';
import { auditTeamsRefusal, staleText, type TeamsHandlerDeps } from '../respond.js';
import { altinnPickCard, noticeCard, TOOL_ACTION } from '../views/tools.js';
import { rememberWho, toolsRefusal } from './reply.js';
import { queueCardFor } from './staffTools.js';
import { whoIs } from './who.js';

/** The card's answer to an `Action.Execute`: the card shown in its place, to the one who clicked. */
const cardAnswer = (card: IAdaptiveCard) => ({ statusCode: 200 as const, type: 'application/vnd.microsoft.card.adaptive' as const, value: card });

const claimData = z.object({ r: z.uuid(), s: z.enum(STATUSES), x: z.string().max(64).optional() });
const batchData = z.object({ b: z.string().min(1).max(100), request_ids: z.string().max(10_000).optional() });

/**
 * The tools' own card buttons, routed by `data.action` (the SDK's `card.action.<action>`, so the
 * triage card's handler never sees them): the queue's "List for Altinn", the list made from the
 * picker card, and "Altinn
 * confirmed all" on the batch's post in the triage channel. Staff only; anyone else is refused
 * (audited), and the card stays as it was.
 */
export function registerToolCardActions(deps: TeamsHandlerDeps): void {
  const { sdk } = deps;

  const staffOr = async (activity: Parameters<typeof whoIs>[0], action: string) => {
    const who = whoIs(activity);
    if (!who) return { refusal: noticeCard(texts('nb').refusals.notStaff) };
    await rememberWho(deps, who);
    const refusal = await toolsRefusal(deps, who, action);
    return refusal ? { refusal: noticeCard(refusal) } : { who };
  };

  // The queue's Claim, from the staff member's own chat (as Slack's Home): the same use case as the
  // card's claim (its card is updated for everyone through the outbox), answered with the queue again.
  sdk.on(`card.action.${TOOL_ACTION.queueClaim}`, async ({ activity }) => {
    const gate = await staffOr(activity, 'claim');
    if (!gate.who) return cardAnswer(gate.refusal);
    const { who } = gate;
    const t = texts(who.locale);
    const data = claimData.safeParse(activity.value.action.data);
    if (!data.success) {
      await auditTeamsRefusal(deps, who, 'claim', null, 'malformed_value');
      return cardAnswer(noticeCard(t.refusals.unreadableButton));
    }
    const result = await claimRequest(deps.ports, {
      requestId: data.data.r,
      actor: { userId: who.aadObjectId, teamId: who.tenantId },
      expectedAssignee: data.data.x ? data.data.x : null,
      expectedStatus: data.data.s,
    });
    const notice =
      result.kind === 'not_found'
        ? t.staff.notFound
        : result.kind === 'ok'
          ? t.teamsTools.claimed(formatReference(result.request.number))
          : result.kind === 'already_yours'
            ? t.staff.alreadyYours(formatReference(result.request.number))
            : staleText(result.request, who.locale);
    return cardAnswer(await queueCardFor(deps, who, deps.now?.() ?? new Date(), notice));
  });

  sdk.on(`card.action.${TOOL_ACTION.altinnOpen}`, async ({ activity }) => {
    const gate = await staffOr(activity, 'altinn');
    if (!gate.who) return cardAnswer(gate.refusal);
    return cardAnswer(altinnPickCard(await listAwaitingAltinn(deps.ports), randomUUID(), gate.who.locale));
  });

  sdk.on(`card.action.${TOOL_ACTION.altinnBatch}`, async ({ activity }) => {
    const gate = await staffOr(activity, 'altinn_batch');
    if (!gate.who) return cardAnswer(gate.refusal);
    const { who } = gate;
    const tt = texts(who.locale).teamsTools;
    const data = batchData.safeParse(activity.value.action.data);
    if (!data.success) return cardAnswer(noticeCard(texts(who.locale).refusals.unreadableButton));
    const requestIds = (data.data.request_ids ?? '').split(',').map((s) => s.trim()).filter((s) => /^[0-9a-f-]{36}$/i.test(s));
    if (requestIds.length === 0) return cardAnswer(noticeCard(tt.altinnNoneChosen));
    const result = await markSentToAltinn(deps.ports, { batchId: data.data.b, requestIds, actor: { userId: who.aadObjectId, teamId: who.tenantId }, locale: who.locale });
    if (result.kind === 'already') return cardAnswer(noticeCard(tt.altinnAlready));
    if (result.kind === 'none') return cardAnswer(noticeCard(texts(who.locale).reports.altinn.none));
    return cardAnswer(noticeCard(tt.altinnDone(result.requests.length, result.requests.map((r) => formatReference(r.number)).join(', '))));
  });

  sdk.on(`card.action.${TOOL_ACTION.altinnConfirm}`, async ({ activity }) => {
    const gate = await staffOr(activity, 'altinn_batch_confirm');
    if (!gate.who) return cardAnswer(gate.refusal);
    const { who } = gate;
    const t = texts(who.locale);
    const data = batchData.safeParse(activity.value.action.data);
    if (!data.success) return cardAnswer(noticeCard(t.refusals.unreadableButton));
    const result = await recordAltinnForBatch(deps.ports, { batchId: data.data.b, actor: { userId: who.aadObjectId, teamId: who.tenantId } });
    return cardAnswer(noticeCard(result.kind === 'ok' ? t.reports.altinn.recorded(result.recorded, result.skipped) : t.reports.altinn.unknownBatch));
  });
}
