import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { recheckRegister, retryFailedMail } from '../../../app/maintenance.js';
import { texts } from '../../../domain/texts/index.js';
import { previewConfirmation } from '../../../app/confirmationPreview.js';
import { confirmationPreviewModal, registerFnrModal } from '../../views/staffModals.js';
import type { SlackDeps } from '../../deps.js';
import { refreshAfterStale, tell } from '../../respond.js';
import { currentFor, parseStaffClick } from './cardActions.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** "Send confirmation" shows the email exactly as it will go out before anything is sent. */
export function sendConfirmationClicked(deps: SlackDeps) {
  return async (a: Args) => {
    const click = await parseStaffClick(deps, a, 'send_confirmation');
    if (!click) return;
    const request = await currentFor(deps, a, click, 'send_confirmation');
    if (!request) return;
    const preview = previewConfirmation(deps.ports, request);
    if (preview.kind === 'not_ready') {
      deps.logger.error({ err: preview.error, requestId: request.id }, 'confirmation could not be built');
      await tell(deps, a.client, click.who, texts(click.locale).confirmation.notReady);
      return;
    }
    await a.client.views.open({
      trigger_id: a.body.trigger_id,
      view: confirmationPreviewModal(request, preview.mail, preview.names, click.locale),
    });
  };
}

export function recheckClicked(deps: SlackDeps) {
  return async (a: Args) => {
    const click = await parseStaffClick(deps, a, 'recheck_register');
    if (!click) return;
    const result = await recheckRegister(deps.ports, {
      requestId: click.requestId,
      actor: { userId: click.who.userId, teamId: click.who.teamId },
    });
    const t = texts(click.locale);
    if (result.kind === 'disabled') await tell(deps, a.client, click.who, t.confirmation.recheckOff);
    else if (result.kind === 'not_found') await tell(deps, a.client, click.who, t.staff.notFound);
    else if (result.kind === 'stale') await refreshAfterStale(deps, a.client, click.who, result.request, click.locale);
  };
}

export function retryMailClicked(deps: SlackDeps) {
  return async (a: Args) => {
    const click = await parseStaffClick(deps, a, 'retry_mail');
    if (!click) return;
    const outboxId = Number(click.extra);
    const result = Number.isInteger(outboxId)
      ? await retryFailedMail(deps.ports, {
          requestId: click.requestId,
          outboxId,
          actor: { userId: click.who.userId, teamId: click.who.teamId },
        })
      : { kind: 'nothing_to_retry' as const };
    if (result.kind === 'nothing_to_retry') await tell(deps, a.client, click.who, texts(click.locale).confirmation.nothingToRetry);
    // A given-up confirmation dropped its fødselsnummer: it is asked for again, then sent.
    else if (result.kind === 'fnr_needed') {
      await a.client.views.open({ trigger_id: a.body.trigger_id, view: registerFnrModal(result.request, click.locale, { reenter: true }) });
    }
  };
}
