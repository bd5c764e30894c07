import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { withdrawRequest } from '../../../app/staffSteps.js';
import { findRequest } from '../../../app/queries.js';
import { isOpen } from '../../../domain/lifecycle.js';
import { formatReference } from '../../../domain/reference.js';
import { statusLabel, texts } from '../../../domain/texts/index.js';
import { answerInfoModal } from '../../views/staffModals.js';
import type { SlackDeps } from '../../deps.js';
import { auditRefusal, tell, threadOf, type Clicker } from '../../respond.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
const requestIdSchema = z.uuid();

/** "Withdraw request" on the receipt: the requester (or staff) ends the request. */
export function withdrawClicked(deps: SlackDeps) {
  return async ({ ack, body, action, client }: Args) => {
    await ack();
    const who = { userId: body.user.id, teamId: body.user.team_id, channelId: body.channel?.id };
    const requestId = requestIdSchema.safeParse(action.value);
    if (!requestId.success) return refuseMalformed(deps, client, who, 'withdraw');
    const staff = await deps.directory.staffVerdict(who.userId);
    const result = await withdrawRequest(deps.ports, {
      requestId: requestId.data,
      actor: { userId: who.userId, teamId: who.teamId },
      actorIsStaff: staff === 'staff',
    });
    if (result.kind === 'ok') return;
    // The receipt is the vendor's view of the request: refusals there are in the request's language.
    const request =
      result.kind === 'stale' ? result.request : result.kind === 'forbidden' ? await findRequest(deps.ports, requestId.data) : undefined;
    const t = texts(request?.locale ?? (await deps.directory.locale(who.userId)));
    if (result.kind === 'forbidden') {
      // Not the requester; staff could have, but their membership could not be checked just now.
      const reason = staff === 'unavailable' ? 'staff_check_failed' : 'not_requester';
      await auditRefusal(deps, who, 'withdraw', requestId.data, reason);
      await tell(deps, client, who, reason === 'staff_check_failed' ? t.refusals.staffCheckFailed : t.vendor.onlyRequester);
    } else if (result.kind === 'stale') {
      await tell(deps, client, who, t.vendor.alreadyClosed(formatReference(result.request.number), statusLabel(t, result.request.status, result.request.accessType, 'vendor')));
    } else if (result.kind === 'not_found') {
      await tell(deps, client, who, t.staff.notFound);
    }
  };
}

/** "Answer" under a question in the vendor thread opens a modal in the request's language, as is the question around it. */
export function answerClicked(deps: SlackDeps) {
  return async ({ ack, body, action, client }: Args) => {
    await ack();
    // A refusal (question answered, request closed) is told in the thread, beside the button.
    const who = { userId: body.user.id, teamId: body.user.team_id, channelId: body.channel?.id, threadTs: threadOf(body.message) };
    const requestId = requestIdSchema.safeParse(action.value);
    if (!requestId.success) return refuseMalformed(deps, client, who, 'answer_info');
    const request = await findRequest(deps.ports, requestId.data);
    if (!request) return void (await tell(deps, client, who, texts(await deps.directory.locale(who.userId)).staff.notFound));
    const locale = request.locale;
    const t = texts(locale);
    if (request.status !== 'needs_info' || request.channelId !== who.channelId) {
      const ref = formatReference(request.number);
      await tell(deps, client, who, isOpen(request.status) ? t.vendor.noQuestion(ref) : t.vendor.alreadyClosed(ref, statusLabel(t, request.status, request.accessType, 'vendor')));
      return;
    }
    await client.views.open({ trigger_id: body.trigger_id, view: answerInfoModal(request, locale) });
  };
}

/** A button value we never rendered: refused, audited, and the user told. */
async function refuseMalformed(deps: SlackDeps, client: Args['client'], who: Clicker, action: string): Promise<void> {
  await auditRefusal(deps, who, action, null, 'malformed_value');
  await tell(deps, client, who, texts(await deps.directory.locale(who.userId)).refusals.unreadableButton);
}
