import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { markSentToAltinn } from '../../../app/altinnBatch.js';
import { texts } from '../../../domain/texts/index.js';
import type { SlackDeps } from '../../deps.js';
import { auditRefusal } from '../../respond.js';
import { ALTINN_BATCH_BLOCK_ID, parseBatchMetadata } from '../../views/altinnBatch.js';
import { noticeView } from '../../views/staffModals.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const Selection = z.object({
  [ALTINN_BATCH_BLOCK_ID]: z.object({
    [ALTINN_BATCH_BLOCK_ID]: z.object({ selected_options: z.array(z.object({ value: z.uuid() })).max(100).nullish() }),
  }),
});

/**
 * The Altinn batch modal submitted: the chosen requests are marked "sent to Altinn" and the list is
 * uploaded (through the outbox). The view id is the batch id: submitting one modal twice makes one list.
 */
export function altinnBatchSubmitted(deps: SlackDeps) {
  return async (a: Args) => {
    const locale = parseBatchMetadata(a.view.private_metadata) ?? 'nb';
    const t = texts(locale);
    const staff = await deps.directory.staffVerdict(a.body.user.id);
    if (staff !== 'staff') {
      await a.ack({ response_action: 'update', view: noticeView(locale, t.reports.altinn.title, staff === 'unavailable' ? t.refusals.staffCheckFailed : t.refusals.notStaff) });
      await auditRefusal(deps, { userId: a.body.user.id, teamId: a.body.user.team_id }, 'altinn_batch', null, staff === 'unavailable' ? 'staff_check_failed' : 'not_staff');
      return;
    }
    const parsed = Selection.safeParse(a.view.state.values);
    const ids = parsed.success ? (parsed.data[ALTINN_BATCH_BLOCK_ID][ALTINN_BATCH_BLOCK_ID].selected_options ?? []).map((o) => o.value) : [];
    if (ids.length === 0) {
      await a.ack({ response_action: 'errors', errors: { [ALTINN_BATCH_BLOCK_ID]: t.reports.altinn.pickRequired } });
      return;
    }
    const result = await markSentToAltinn(deps.ports, {
      batchId: a.view.id,
      requestIds: ids,
      actor: { userId: a.body.user.id, teamId: a.body.user.team_id },
      locale,
    });
    if (result.kind === 'none') {
      await a.ack({ response_action: 'update', view: noticeView(locale, t.reports.altinn.title, t.reports.altinn.none) });
      return;
    }
    await a.ack();
  };
}
