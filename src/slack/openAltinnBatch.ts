import type { WebClient } from '@slack/web-api';
import { listAwaitingAltinn } from '../app/altinnBatch.js';
import type { Locale } from '../domain/texts/index.js';
import type { SlackDeps } from './deps.js';
import { altinnBatchLoading, altinnBatchModal } from './views/altinnBatch.js';

/**
 * Opens the Altinn batch modal for a staff member (from `/tt02-access altinn`, or a Home tab button):
 * at once, since the trigger lasts 3 s, and then fills in the waiting requests.
 */
export async function openAltinnBatchModal(deps: SlackDeps, client: WebClient, o: { triggerId: string; locale: Locale }): Promise<void> {
  const opened = await client.views.open({ trigger_id: o.triggerId, view: altinnBatchLoading(o.locale) });
  const view = opened.view;
  if (!view?.id) return;
  const rows = await listAwaitingAltinn(deps.ports);
  await client.views
    .update({ view_id: view.id, ...(view.hash ? { hash: view.hash } : {}), view: altinnBatchModal(o.locale, rows) })
    .catch((err: Error) => deps.logger.warn({ err: err.message }, 'could not fill in the Altinn batch modal'));
}
