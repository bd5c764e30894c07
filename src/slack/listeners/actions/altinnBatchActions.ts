import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { recordAltinnForBatch } from '../../../app/altinnBatch.js';
import { texts } from '../../../domain/texts/index.js';
import type { SlackDeps } from '../../deps.js';
import { allowStaff, auditRefusal, tell, type Clicker } from '../../respond.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

const BatchId = z.string().min(1).max(255);

/** "Altinn confirmed all" on a batch's message: the Altinn step for every request on the list. */
export function altinnBatchConfirmed(deps: SlackDeps) {
  return async (a: Args) => {
    await a.ack();
    const who: Clicker = { userId: a.body.user.id, teamId: a.body.user.team_id, channelId: a.body.channel?.id };
    const batchId = BatchId.safeParse(a.action.value);
    if (!batchId.success) {
      await auditRefusal(deps, who, 'altinn_batch_confirm', null, 'malformed_value');
      return;
    }
    if (!(await allowStaff(deps, a.client, who, 'altinn_batch_confirm', null))) return;
    const t = texts(await deps.directory.locale(who.userId));
    const result = await recordAltinnForBatch(deps.ports, { batchId: batchId.data, actor: who });
    await tell(deps, a.client, who, result.kind === 'ok' ? t.reports.altinn.recorded(result.recorded, result.skipped) : t.reports.altinn.unknownBatch);
  };
}
