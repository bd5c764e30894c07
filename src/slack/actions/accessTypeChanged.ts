import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import { intakeModal, parseIntakeMetadata, readIntakeValues, type SlackInputValue } from '../blocks/intakeModal.js';

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** Switching the access type adds or removes the customer fields, keeping everything already typed. */
export function accessTypeChanged(deps: SlackDeps) {
  return async ({ ack, body, client }: Args) => {
    await ack();
    const view = body.view;
    const meta = parseIntakeMetadata(view?.private_metadata);
    if (!view || !meta) {
      deps.logger.warn({ viewId: view?.id }, 'access type change without valid intake metadata');
      return;
    }
    const values = readIntakeValues(view.state?.values as Record<string, Record<string, SlackInputValue>>);
    await client.views
      .update({ view_id: view.id, hash: view.hash, view: intakeModal(meta, values, { registerOn: !!deps.ports.register }) })
      .catch((err: { data?: { error?: string } }) => {
        // A newer change is already on its way (hash_conflict): that one wins.
        if (err.data?.error !== 'hash_conflict') throw err;
      });
  };
}
