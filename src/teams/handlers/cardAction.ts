import type { AdaptiveCardActionResponse } from '@microsoft/teams.api';
import { z } from 'zod';
import { recheckRegister, retryFailedMail } from '../../app/maintenance.js';
import { claimRequest, recordAltinnStep } from '../../app/staffSteps.js';
import { formatReference } from '../../domain/reference.js';
import { texts } from '../../domain/texts/index.js';
import { actorOf } from '../clicker.js';
import { currentCardAnswer, messageAnswer, staleCardAnswer, type TeamsHandlerDeps } from '../respond.js';
import { currentFor, parseStaffClick, stepOfVerb, type StaffClick } from './click.js';

/** The part of an `adaptiveCard/action` invoke's value the handler reads. */
const invokeValue = z.object({ action: z.object({ verb: z.string().max(100), data: z.unknown() }) });

/**
 * `adaptiveCard/action` (the card's `Action.Execute` buttons): the one-click steps. The answer is the
 * updated card for the clicker (the outbox then updates it for everyone), the card refreshed with a
 * notice when the click was stale, or a message only the clicker sees (a refusal). Teams retries an
 * invoke not answered within 5 s: every step is idempotent through the status and assignee the button
 * carried, so a retry finds the card already moved on and answers with it.
 * Returns undefined for a verb that is not the card's (another handler's).
 */
export async function cardActionClicked(deps: TeamsHandlerDeps, activity: { value?: unknown }): Promise<AdaptiveCardActionResponse | undefined> {
  const value = invokeValue.safeParse(activity.value);
  const step = value.success ? stepOfVerb(value.data.action.verb) : undefined;
  if (!value.success || !step) return undefined;
  const parsed = await parseStaffClick(deps, activity, step, value.data.action.data);
  if (!parsed.ok) return messageAnswer(parsed.text);
  const click = parsed.click;
  switch (step) {
    case 'claim':
      return claim(deps, click);
    case 'altinn':
      return altinn(deps, click);
    case 'recheck':
      return recheck(deps, click);
    case 'retryMail':
      return retryMail(deps, click);
    default: {
      // A step with a dialog clicked on an old card that had it as Action.Execute: the current card has its dialog button.
      const current = await currentFor(deps, click);
      if (current.kind === 'not_found') return messageAnswer(texts(click.who.locale).staff.notFound);
      return current.kind === 'stale' ? staleCardAnswer(deps, current.request, click.who.locale) : currentCardAnswer(deps, current.request.id);
    }
  }
}

async function claim(deps: TeamsHandlerDeps, click: StaffClick): Promise<AdaptiveCardActionResponse> {
  const t = texts(click.who.locale);
  const result = await claimRequest(deps.ports, {
    requestId: click.data.r,
    actor: actorOf(click.who),
    // Who the card showed as assignee: a take-over is always deliberate, and two claims cannot both win.
    expectedAssignee: click.data.x ? click.data.x : null,
    expectedStatus: click.data.s,
  });
  if (result.kind === 'not_found') return messageAnswer(t.staff.notFound);
  if (result.kind === 'already_yours') return currentCardAnswer(deps, result.request.id, t.staff.alreadyYours(formatReference(result.request.number)));
  if (result.kind === 'stale') return staleCardAnswer(deps, result.request, click.who.locale);
  return currentCardAnswer(deps, result.request.id);
}

/** Customer delegation: one click. A fictitious enterprise needs its organisation number: its button opens a dialog. */
async function altinn(deps: TeamsHandlerDeps, click: StaffClick): Promise<AdaptiveCardActionResponse> {
  const current = await currentFor(deps, click);
  if (current.kind === 'not_found') return messageAnswer(texts(click.who.locale).staff.notFound);
  if (current.kind === 'stale') return staleCardAnswer(deps, current.request, click.who.locale);
  if (current.request.accessType === 'fictitious_enterprise') return currentCardAnswer(deps, current.request.id);
  const result = await recordAltinnStep(deps.ports, { requestId: current.request.id, actor: actorOf(click.who), expectedStatus: click.data.s });
  if (result.kind === 'stale') return staleCardAnswer(deps, result.request, click.who.locale);
  if (result.kind === 'not_found') return messageAnswer(texts(click.who.locale).staff.notFound);
  return currentCardAnswer(deps, current.request.id);
}

async function recheck(deps: TeamsHandlerDeps, click: StaffClick): Promise<AdaptiveCardActionResponse> {
  const t = texts(click.who.locale);
  const result = await recheckRegister(deps.ports, { requestId: click.data.r, actor: actorOf(click.who) });
  if (result.kind === 'disabled') return messageAnswer(t.confirmation.recheckOff);
  if (result.kind === 'not_found') return messageAnswer(t.staff.notFound);
  if (result.kind === 'stale') return staleCardAnswer(deps, result.request, click.who.locale);
  return currentCardAnswer(deps, click.data.r);
}

async function retryMail(deps: TeamsHandlerDeps, click: StaffClick): Promise<AdaptiveCardActionResponse> {
  const t = texts(click.who.locale);
  const outboxId = Number(click.data.x);
  const result = Number.isSafeInteger(outboxId)
    ? await retryFailedMail(deps.ports, { requestId: click.data.r, outboxId, actor: actorOf(click.who) })
    : ({ kind: 'nothing_to_retry' } as const);
  if (result.kind === 'nothing_to_retry') return messageAnswer(t.confirmation.nothingToRetry);
  // A given-up confirmation dropped its fødselsnummer: the current card's button asks for it in a dialog.
  if (result.kind === 'fnr_needed') return currentCardAnswer(deps, click.data.r, t.staff.fnrModal.reenterIntro(formatReference(result.request.number)));
  return currentCardAnswer(deps, click.data.r);
}

/** What an `Action.Submit` fallback of a card button carries: the button's data with its verb. */
const fallbackValue = z.object({ verb: z.string().max(100) }).loose();

/**
 * A client without Universal Actions sends a card's `Action.Execute` as its `Action.Submit` fallback: a
 * message activity whose `value` is the button's data and verb. It takes the same path as the invoke
 * (the same parsing, staff check, audit and use case), and the outbox updates the card for everyone as
 * after any step. What the invoke would have answered the clicker alone (the card with a notice, a
 * refusal) has no private way back from a message activity in a channel, so nothing is posted: a reply
 * would show to the whole channel. Refusals are audited as the invoke's are.
 * Returns false for a message that is not a card button's (another handler's).
 */
export async function cardSubmitFallback(deps: TeamsHandlerDeps, activity: { value?: unknown; conversation?: unknown }): Promise<boolean> {
  const value = fallbackValue.safeParse(activity.value);
  if (!value.success || !stepOfVerb(value.data.verb)) return false;
  const { verb, ...data } = value.data;
  const answer = await cardActionClicked(deps, { ...activity, value: { action: { verb, data } } });
  if (answer?.type === 'application/vnd.microsoft.activity.message') {
    deps.logger.info({ verb }, 'a card button from a client without Universal Actions was answered with a message, which only the invoke could show to the clicker alone');
  }
  return true;
}
