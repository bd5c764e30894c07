import { listByIds, listInStatuses, requestIdsOfBatch, type AwaitingRow } from '../db/repositories/altinnBatch.js';
import { recordEvent } from '../db/repositories/events.js';
import { enqueue, outboxStatusByKey } from '../db/repositories/outbox.js';
import { nextStatus, STATUSES } from '../domain/lifecycle.js';
import { workingDaysBetween } from '../domain/workingDays.js';
import { cardUpdate, effect, EFFECT } from './effects.js';
import type { Actor, Ports } from './ports.js';
import { recordAltinnStep } from './staffSteps.js';
import type { Locale } from '../domain/texts/index.js';

export type { AwaitingRow };

/** Where the Altinn step can be taken from, as the lifecycle says (not a copy of its statuses). */
const AWAITING_ALTINN = STATUSES.filter((s) => nextStatus(s, 'record_altinn') !== null);

/** A multi_static_select holds at most 100 options. */
export const BATCH_LIMIT = 100;

/** The requests waiting for the Altinn step, oldest first (at most 100). */
export function listAwaitingAltinn(ports: Pick<Ports, 'db'>): Promise<AwaitingRow[]> {
  return listInStatuses(ports.db, AWAITING_ALTINN, BATCH_LIMIT);
}

export type MarkSentResult = { kind: 'ok'; batchId: string; requests: AwaitingRow[] } | { kind: 'none' } | { kind: 'already'; batchId: string };

/**
 * Marks the chosen requests "sent to Altinn": one `sent_to_altinn` event each (a line on the card,
 * not a new status), the card updates and the list's upload, all in one transaction. `batchId` is the
 * modal's view id, so a double submission of one modal makes one list.
 */
export async function markSentToAltinn(
  ports: Ports,
  cmd: { batchId: string; requestIds: string[]; actor: Actor; locale: Locale },
): Promise<MarkSentResult> {
  const result = await ports.db.transaction(async (tx): Promise<MarkSentResult> => {
    if ((await requestIdsOfBatch(tx, cmd.batchId)).length > 0) return { kind: 'already', batchId: cmd.batchId };
    const chosen = (await listByIds(tx, cmd.requestIds)).filter((r) => (AWAITING_ALTINN as readonly string[]).includes(r.status));
    if (chosen.length === 0) return { kind: 'none' };
    for (const r of chosen) {
      const e = await recordEvent(tx, {
        requestId: r.id,
        kind: 'sent_to_altinn',
        actorUserId: cmd.actor.userId,
        actorTeamId: cmd.actor.teamId,
        details: { batch: cmd.batchId },
      });
      await enqueue(tx, [cardUpdate(r.id, e.id)]);
    }
    const batch = { batchId: cmd.batchId, actorUserId: cmd.actor.userId, locale: cmd.locale };
    await enqueue(tx, [
      effect(EFFECT.altinnBatchFile, null, altinnFileKey(cmd.batchId), batch),
      effect(EFFECT.altinnBatchMessage, null, `altinn-batch-message:${cmd.batchId}`, batch),
    ]);
    return { kind: 'ok', batchId: cmd.batchId, requests: chosen };
  });
  if (result.kind === 'ok') ports.outboxNotify();
  return result;
}

const altinnFileKey = (batchId: string) => `altinn-batch:${batchId}`;

/**
 * Whether the batch's CSV has been posted (or given up): its "Altinn confirmed all" message goes
 * under the file it confirms, never above it.
 */
export async function altinnFileSettled(ports: Pick<Ports, 'db'>, batchId: string): Promise<boolean> {
  const status = await outboxStatusByKey(ports.db, altinnFileKey(batchId));
  return status !== 'pending';
}

/** The requests of a batch, for its list (no personal data: organisations, access type, reference). */
export async function batchRequests(ports: Pick<Ports, 'db'>, batchId: string): Promise<AwaitingRow[]> {
  return listByIds(ports.db, await requestIdsOfBatch(ports.db, batchId));
}

export type BatchStepResult = { kind: 'ok'; recorded: number; skipped: number } | { kind: 'not_found' };

/**
 * Altinn confirmed a whole list: the Altinn step is recorded for each request on it through the same
 * path as the card's button (one transition each, so a request someone already moved is skipped).
 * A fictitious enterprise needs its organisation number, which only its card's modal asks for.
 */
export async function recordAltinnForBatch(ports: Ports, cmd: { batchId: string; actor: Actor }): Promise<BatchStepResult> {
  const ids = await requestIdsOfBatch(ports.db, cmd.batchId);
  if (ids.length === 0) return { kind: 'not_found' };
  let recorded = 0;
  for (const r of await listByIds(ports.db, ids)) {
    if (r.accessType === 'fictitious_enterprise') continue;
    const res = await recordAltinnStep(ports, { requestId: r.id, actor: cmd.actor });
    if (res.kind === 'ok') recorded += 1;
  }
  return { kind: 'ok', recorded, skipped: ids.length - recorded };
}

export interface OverdueAltinn {
  id: string;
  number: number;
  vendorOrgName: string;
  sentToAltinnAt: Date;
  /** Working days since it was (last) sent to Altinn. */
  workingDays: number;
}

/**
 * For the morning digest: requests sent to Altinn that still wait for the Altinn step after more
 * than `thresholdWorkingDays` working days.
 */
export async function overdueSentToAltinn(
  ports: Pick<Ports, 'db'>,
  o: { thresholdWorkingDays: number; now: Date },
): Promise<OverdueAltinn[]> {
  const waiting = await listInStatuses(ports.db, AWAITING_ALTINN, 10_000);
  return waiting.flatMap((r) => {
    if (!r.sentToAltinnAt) return [];
    const days = workingDaysBetween(r.sentToAltinnAt, o.now);
    return days > o.thresholdWorkingDays
      ? [{ id: r.id, number: r.number, vendorOrgName: r.vendorOrgName, sentToAltinnAt: r.sentToAltinnAt, workingDays: days }]
      : [];
  });
}
