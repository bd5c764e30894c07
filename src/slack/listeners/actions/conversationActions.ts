import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { requestById, type RequestRow } from '../../../app/conversation.js';
import { texts, type Locale } from '../../../domain/texts/index.js';
import type { SlackDeps } from '../../deps.js';
import { refreshAfterStale, tell } from '../../respond.js';
import { parseStaffClick } from './cardActions.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * Card buttons outside the lifecycle (reply, assign, fix contact): open their modal if the request
 * still allows it (`fits`); otherwise the card is refreshed and the clicker told.
 */
export function openCardModal(
  deps: SlackDeps,
  action: string,
  view: (r: RequestRow, l: Locale) => ModalView,
  fits: (r: RequestRow) => boolean = (r) => !r.purgedAt,
) {
  return async (a: Args) => {
    const click = await parseStaffClick(deps, a, action);
    if (!click) return;
    const request = await requestById(deps.ports, click.requestId);
    if (!request) return void (await tell(deps, a.client, click.who, texts(click.locale).staff.notFound));
    if (!fits(request)) return void (await refreshAfterStale(deps, a.client, click.who, request, click.locale));
    await a.client.views.open({ trigger_id: a.body.trigger_id, view: view(request, click.locale) });
  };
}
