import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { claimRequest, recordAltinnStep } from '../../../app/staffSteps.js';
import { findRequest } from '../../../app/queries.js';
import type { RequestRow } from '../../../app/rows.js';
import { nextStatus, type Action } from '../../../domain/lifecycle.js';
import { formatReference } from '../../../domain/reference.js';
import { texts, type Locale } from '../../../domain/texts/index.js';
import type { SlackDeps } from '../../deps.js';
import { allowStaff, auditRefusal, refreshAfterStale, tell, type Clicker } from '../../respond.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** What a card button carries (see cardButtonValue): parsed, never trusted blindly. */
const buttonValueSchema = z.object({ r: z.uuid(), s: z.string().max(40), x: z.string().max(64).optional() });

export interface CardClick {
  who: Clicker;
  requestId: string;
  shownStatus: string;
  extra?: string;
  locale: Locale;
}

/** Acknowledges, parses the button, and checks that a staff member clicked in the triage channel. */
async function parseStaffClick(deps: SlackDeps, a: Args, action: string): Promise<CardClick | null> {
  await a.ack();
  const who: Clicker = { userId: a.body.user.id, teamId: a.body.user.team_id, channelId: a.body.channel?.id };
  const parsed = (() => {
    try {
      return buttonValueSchema.safeParse(JSON.parse(a.action.value ?? ''));
    } catch {
      return null;
    }
  })();
  if (!parsed?.success) {
    // Slack never sends a value we did not render: a forged or mangled click, refused and audited.
    await auditRefusal(deps, who, action, null, 'malformed_value');
    await tell(deps, a.client, who, texts(await deps.directory.locale(who.userId)).refusals.unreadableButton);
    return null;
  }
  if (!(await allowStaff(deps, a.client, who, action, parsed.data.r))) return null;
  const locale = await deps.directory.locale(who.userId);
  return { who, requestId: parsed.data.r, shownStatus: parsed.data.s, extra: parsed.data.x, locale };
}

/** Loads the request and checks the click still fits its state; otherwise refreshes the card. */
async function currentFor(deps: SlackDeps, a: Args, click: CardClick, action: Action): Promise<RequestRow | null> {
  const request = await findRequest(deps.ports, click.requestId);
  if (!request) {
    await tell(deps, a.client, click.who, texts(click.locale).staff.notFound);
    return null;
  }
  const fits = request.status === click.shownStatus && nextStatus(request.status, action, request.pausedFrom);
  if (!fits) {
    await refreshAfterStale(deps, a.client, click.who, request, click.locale);
    return null;
  }
  return request;
}

export function claimClicked(deps: SlackDeps) {
  return async (a: Args) => {
    const click = await parseStaffClick(deps, a, 'claim');
    if (!click) return;
    const shownAssignee = click.extra ? click.extra : null;
    const result = await claimRequest(deps.ports, {
      requestId: click.requestId,
      actor: { userId: click.who.userId, teamId: click.who.teamId },
      expectedAssignee: shownAssignee,
      expectedStatus: click.shownStatus,
    });
    const t = texts(click.locale);
    if (result.kind === 'already_yours') await tell(deps, a.client, click.who, t.staff.alreadyYours(formatReference(result.request.number)));
    else if (result.kind === 'stale') await refreshAfterStale(deps, a.client, click.who, result.request, click.locale);
    else if (result.kind === 'not_found') await tell(deps, a.client, click.who, t.staff.notFound);
  };
}

/** Customer delegation: one confirmed click. Fictitious enterprise: a modal for its organisation number. */
export function altinnClicked(deps: SlackDeps, fictitiousModal: (r: RequestRow, l: Locale) => ModalView) {
  return async (a: Args) => {
    const click = await parseStaffClick(deps, a, 'record_altinn');
    if (!click) return;
    const request = await currentFor(deps, a, click, 'record_altinn');
    if (!request) return;
    if (request.accessType === 'fictitious_enterprise') {
      await a.client.views.open({ trigger_id: a.body.trigger_id, view: fictitiousModal(request, click.locale) });
      return;
    }
    const result = await recordAltinnStep(deps.ports, {
      requestId: request.id,
      actor: { userId: click.who.userId, teamId: click.who.teamId },
      expectedStatus: click.shownStatus,
    });
    if (result.kind === 'stale') await refreshAfterStale(deps, a.client, click.who, result.request, click.locale);
  };
}

/** Buttons whose step needs input first: open the step's modal if the click still fits. */
export function modalClicked(deps: SlackDeps, action: Action, view: (r: RequestRow, l: Locale) => ModalView) {
  return async (a: Args) => {
    const click = await parseStaffClick(deps, a, action);
    if (!click) return;
    const request = await currentFor(deps, a, click, action);
    if (!request) return;
    await a.client.views.open({ trigger_id: a.body.trigger_id, view: view(request, click.locale) });
  };
}

export { parseStaffClick, currentFor };
